/** The time SLA rules and webhook retries run on; tests move it by hand. */
export type Clock = () => Date;

const systemClock: Clock = () => new Date();
let current: Clock = systemClock;

export function now(): Date {
  return current();
}

export function setClockForTests(clock: Clock | undefined): void {
  current = clock ?? systemClock;
}
