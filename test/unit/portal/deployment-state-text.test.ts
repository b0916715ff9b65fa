/** The deployment page's sentence says whether a cancel took effect or came too late. */
import { describe, expect, it } from "vitest";
import { stateText } from "../../../portal/ui/deployment/state-text";

describe("a deployment's state sentence", () => {
  it("says a cancel is under way, took effect, or had no effect", () => {
    expect(stateText({ status: "running", cancelOutcome: "pending" })).toMatch(/^Cancelling:/);
    expect(stateText({ status: "cancelled", cancelOutcome: "took-effect" })).toMatch(
      /^Cancelled: the cancel took effect/,
    );
    expect(stateText({ status: "succeeded", cancelOutcome: "ended-first" })).toBe(
      "Succeeded: it completed before the cancel reached it, so the cancel had no effect.",
    );
    expect(stateText({ status: "failed", cancelOutcome: "ended-first" })).toBe(
      "Failed before the cancel reached it, so the cancel had no effect.",
    );
  });

  it("says only the status when nobody cancelled", () => {
    expect(stateText({ status: "succeeded", cancelOutcome: null })).toBe("Succeeded.");
    expect(stateText({ status: "running", cancelOutcome: null })).toBe("Running.");
  });
});
