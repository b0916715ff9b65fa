import "server-only";
/**
 * What this process knows about the projector's queue, so that most lineage reads need not ask
 * the database whether events wait. Its own stores it always knows of (`storeEvents` notes each);
 * events stored by another portal instance it learns of by asking, at most REMOTE_CHECK_MS apart.
 */

/** How long a read trusts that no other portal instance stored events since it last asked. */
export const REMOTE_CHECK_MS = 1000;

interface Checked {
  at: number;
  storedHere: number;
}

interface Watch {
  storedHere: number;
  /** Per client (each database a process talks to): when its queue was last seen caught up. */
  caughtUpAt: WeakMap<object, Checked>;
}

// On globalThis: Next may bundle this module once for route handlers and once for pages, and a
// store noted by one must be seen by the other.
const holder = globalThis as typeof globalThis & { meshplaneQueueWatch?: Watch };
const watch = (holder.meshplaneQueueWatch ??= { storedHere: 0, caughtUpAt: new WeakMap() });

export function noteStored(): void {
  watch.storedHere += 1;
}

/** Taken before catching up: what "caught up" will mean if nothing is stored meanwhile. */
export function snapshot(clock: () => number = Date.now): Checked {
  return { at: clock(), storedHere: watch.storedHere };
}

export function mayBeWaiting(client: object, clock: () => number = Date.now): boolean {
  const last = watch.caughtUpAt.get(client);
  return (
    last === undefined ||
    last.storedHere !== watch.storedHere ||
    clock() - last.at >= REMOTE_CHECK_MS
  );
}

export function noteCaughtUp(client: object, since: Checked): void {
  watch.caughtUpAt.set(client, since);
}
