/** The one state the portal shows for the deployment workers, from their heartbeats. */
import { describe, expect, it } from "vitest";
import {
  HEARTBEAT_STALE_MS,
  NEVER_REPORTED,
  workerStatus,
  type Heartbeat,
} from "#core/worker-status";

const NOW = Date.parse("2026-12-05T12:00:00Z");

function beat(
  reporter: string,
  state: Heartbeat["state"],
  ageMs: number,
  detail: string | null = null,
): Heartbeat {
  return {
    reporter,
    state,
    detail,
    pulumiVersion: state === "ready" ? "v3.259.0" : null,
    updatedAt: new Date(NOW - ageMs),
    ageMs,
  };
}

describe("the deployment worker's state", () => {
  it("is ready when a worker that reported lately is ready, whatever else says", () => {
    expect(
      workerStatus([
        beat("npm-start@h:1", "starting", 1_000, "npm start is getting the worker going."),
        beat("h:2:aa", "ready", 3_000),
        beat("h:3:bb", "ready", 4_000),
      ]),
    ).toEqual({
      state: "ready",
      detail: "2 worker(s) ready (Pulumi v3.259.0).",
      reportedAt: new Date(NOW - 3_000),
      ready: 2,
      pulumiVersion: "v3.259.0",
    });
  });

  it("says what the latest reporter does while none is ready, e.g. building the CLI", () => {
    const status = workerStatus([
      beat("h:2:aa", "down", 8_000, "The deployment worker exited: no CLI."),
      beat("npm-start@h:1", "installing-cli", 500, "Building the Pulumi CLI: compiling"),
    ]);
    expect([status.state, status.detail]).toEqual([
      "installing-cli",
      "Building the Pulumi CLI: compiling",
    ]);
  });

  it("is down when the only heartbeats are stale, saying since when", () => {
    const age = HEARTBEAT_STALE_MS + 1;
    const status = workerStatus([beat("h:2:aa", "ready", age)]);
    expect(status.state).toBe("down");
    expect(status.ready).toBe(0);
    expect(status.detail).toBe(
      `The deployment worker has not reported since ${new Date(NOW - age).toISOString()} ` +
        "(it was ready): it stopped without saying so.",
    );
    expect(
      workerStatus([beat("h:2:aa", "down", age, "The deployment worker stopped.")]).detail,
    ).toBe("The deployment worker stopped.");
  });

  it("is down, saying how to start one, when no worker ever reported", () => {
    expect(workerStatus([])).toEqual({
      state: "down",
      detail: NEVER_REPORTED,
      reportedAt: null,
      ready: 0,
      pulumiVersion: null,
    });
  });
});
