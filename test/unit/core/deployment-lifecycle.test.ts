import { describe, expect, it } from "vitest";
import { DeploymentOperation, DeploymentStatus } from "#db";
import {
  DEPLOYMENT_OPERATIONS,
  DEPLOYMENT_STATUSES,
  cancelOutcome,
  changesProduct,
  isFinished,
  isRetryable,
} from "#core/deployment-lifecycle";

describe("deployment lifecycle", () => {
  it("holds the database enums' values", () => {
    expect([...DEPLOYMENT_STATUSES].sort()).toEqual(Object.values(DeploymentStatus).sort());
    expect([...DEPLOYMENT_OPERATIONS].sort()).toEqual(Object.values(DeploymentOperation).sort());
  });

  it("tells active from finished, and what an admin may retry", () => {
    expect(DEPLOYMENT_STATUSES.filter((status) => !isFinished(status))).toEqual([
      "queued",
      "running",
    ]);
    expect(DEPLOYMENT_STATUSES.filter(isRetryable)).toEqual(["failed", "interrupted", "cancelled"]);
  });

  it("lets only up and destroy change a product and its request", () => {
    expect(DEPLOYMENT_OPERATIONS.filter(changesProduct)).toEqual(["up", "destroy"]);
  });

  it("tells whether a cancel took effect or came too late", () => {
    const outcomes = (requested: boolean) =>
      Object.fromEntries(DEPLOYMENT_STATUSES.map((s) => [s, cancelOutcome(s, requested)]));
    expect(outcomes(true)).toEqual({
      queued: "pending",
      running: "pending",
      succeeded: "ended-first",
      failed: "ended-first",
      interrupted: "ended-first",
      cancelled: "took-effect",
    });
    expect(outcomes(false)).toEqual({
      queued: null,
      running: null,
      succeeded: null,
      failed: null,
      interrupted: null,
      cancelled: "took-effect",
    });
  });
});
