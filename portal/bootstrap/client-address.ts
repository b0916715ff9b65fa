/**
 * Who the client of a request is, decided where the TCP connection is still in sight: in the
 * portal's HTTP server (tools/portal-server.ts), before Next sees the request. Next gives route
 * handlers no peer address, only X-Forwarded-For, which it fills with the peer address only when
 * the client sent none (`??=` in base-server), so any client could claim any address, and get a
 * fresh sign-in rate-limit bucket with every request. Here:
 *
 * - a peer that is not a trusted proxy (none is, by default): every forwarding header it sent is
 *   dropped, and X-Forwarded-For becomes the peer's own address;
 * - a trusted proxy (MESHPLANE_TRUSTED_PROXIES): X-Forwarded-For is read from the right, past the
 *   trusted hops, and becomes the first address that is not one, as each proxy appends the
 *   address it received the request from. Its other forwarding headers are kept.
 *
 * So X-Forwarded-For reaches the app holding the one address it may believe. Better Auth keys its
 * rate limit and records session IPs on it, and reads it only in a process whose server resolved
 * it (`forwardingIsResolved`): behind a bare `next start` it reads no header at all.
 */
import type { IncomingMessage } from "node:http";
import type { BlockList } from "node:net";
import { isIP } from "node:net";
import { inRanges, plainAddress } from "#config";

/** What a client could send to pass for another address, host or scheme. */
const FORWARDING_HEADERS = [
  "x-forwarded-for",
  "x-forwarded-host",
  "x-forwarded-proto",
  "x-forwarded-port",
  "forwarded",
  "x-real-ip",
] as const;

/**
 * The client's address: the peer's, unless the peer is a trusted proxy, then the nearest address
 * in `forwardedFor` that is not a trusted proxy. A malformed entry stops the walk at the hop that
 * passed it on (it vouches for nothing further).
 */
export function clientAddress(
  peer: string,
  forwardedFor: string | undefined,
  trusted: BlockList,
): string {
  let client = plainAddress(peer);
  const hops = (forwardedFor ?? "")
    .split(",")
    .map((hop) => hop.trim())
    .filter((hop) => hop !== "");
  while (inRanges(trusted, client)) {
    const next = hops.pop();
    if (next === undefined || isIP(plainAddress(next)) === 0) break;
    client = plainAddress(next);
  }
  return client;
}

/** Rewrites the request's forwarding headers as described above. */
export function resolveForwarding(request: IncomingMessage, trusted: BlockList): void {
  const peer = request.socket.remoteAddress;
  const forwardedFor = request.headers["x-forwarded-for"];
  const viaTrustedProxy = peer !== undefined && inRanges(trusted, peer);
  if (!viaTrustedProxy) {
    for (const header of FORWARDING_HEADERS) Reflect.deleteProperty(request.headers, header);
  }
  if (peer === undefined) return;
  request.headers["x-forwarded-for"] = clientAddress(
    peer,
    Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor,
    trusted,
  );
}

const RESOLVED = Symbol.for("meshplane.forwarding-resolved");
const flags = globalThis as typeof globalThis & { [RESOLVED]?: boolean };

/** Said by the server that resolves every request's forwarding headers, in its own process. */
export function markForwardingResolved(): void {
  flags[RESOLVED] = true;
}

/** Whether X-Forwarded-For may be believed in this process (the app runs inside that server). */
export function forwardingIsResolved(): boolean {
  return flags[RESOLVED] === true;
}
