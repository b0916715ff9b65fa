import { describe, expect, it, vi } from "vitest";
import {
  REMOTE_CHECK_MS,
  mayBeWaiting,
  noteCaughtUp,
  noteStored,
  snapshot,
} from "#portal/server/lineage/queue-watch";

vi.mock("server-only", () => ({}));

describe("the projector's queue as this process knows it", () => {
  it("asks the database the first time for each client", () => {
    expect(mayBeWaiting({}, () => 0)).toBe(true);
  });

  it("trusts a catch-up until this process stores events or a second has passed", () => {
    const client = {};
    noteCaughtUp(
      client,
      snapshot(() => 1_000),
    );
    expect(mayBeWaiting(client, () => 1_000 + REMOTE_CHECK_MS - 1)).toBe(false);
    expect(mayBeWaiting(client, () => 1_000 + REMOTE_CHECK_MS)).toBe(true);
    noteStored();
    expect(mayBeWaiting(client, () => 1_001)).toBe(true);
  });

  it("does not count as caught up a store made while catching up", () => {
    const client = {};
    const before = snapshot(() => 5_000);
    noteStored(); // lands while the projection that started at `before` runs
    noteCaughtUp(client, before);
    expect(mayBeWaiting(client, () => 5_001)).toBe(true);
  });
});
