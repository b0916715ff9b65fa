import { describe, expect, it } from "vitest";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { progressOf, type StoredEvent } from "#core/deployment-progress";
import { changesOf, toStoredEvent } from "#infra/automation/events";

const URN = "urn:pulumi:s::meshplane::meshplane:local:Warehouse::w";

function step(
  kind: "resourcePre" | "resOutputs" | "resOpFailed",
  urn: string,
  type: string,
): StoredEvent {
  return kind === "resourcePre"
    ? { type: kind, urn, resourceType: type, op: "create", diffs: [] }
    : { type: kind, urn, resourceType: type, op: "create" };
}

describe("engine events", () => {
  it("keeps a step's urn, type and op, and drops resource inputs and outputs", () => {
    const event: EngineEvent = {
      sequence: 3,
      timestamp: 1,
      resourcePreEvent: {
        metadata: {
          op: "create",
          urn: URN,
          type: "meshplane:local:Warehouse",
          provider: "",
          diffs: ["root"],
          new: {
            type: "t",
            urn: URN,
            id: "",
            parent: "",
            inputs: { token: "x" },
            outputs: {},
            provider: "",
          },
        },
      },
    };
    expect(toStoredEvent(event)).toEqual({
      type: "resourcePre",
      urn: URN,
      resourceType: "meshplane:local:Warehouse",
      op: "create",
      diffs: ["root"],
    });
  });

  it("strips terminal colours from diagnostics and drops ephemeral ones", () => {
    const diagnostic = (ephemeral: boolean): EngineEvent => ({
      sequence: 1,
      timestamp: 1,
      diagnosticEvent: {
        message: "\u001b[31merror:\u001b[0m boom",
        color: "raw",
        severity: "error",
        ephemeral,
      },
    });
    expect(toStoredEvent(diagnostic(false))).toEqual({
      type: "diagnostic",
      severity: "error",
      message: "error: boom",
    });
    expect(toStoredEvent(diagnostic(true))).toBeUndefined();
  });

  it("counts done and planned resources, leaving out the stack and providers", () => {
    const events = [
      step("resourcePre", "urn:stack", "pulumi:pulumi:Stack"),
      step("resourcePre", "urn:provider", "pulumi:providers:pulumi-nodejs"),
      step("resourcePre", "urn:a", "t:A"),
      step("resOutputs", "urn:a", "t:A"),
      step("resourcePre", "urn:b", "t:B"),
      step("resourcePre", "urn:c", "t:C"),
      step("resOpFailed", "urn:c", "t:C"),
    ];
    const progress = progressOf(events);
    expect(progress.planned).toBe(3);
    expect(progress.done).toBe(1);
    expect(progress.resources.map((r) => [r.urn, r.status])).toEqual([
      ["urn:a", "done"],
      ["urn:b", "running"],
      ["urn:c", "failed"],
    ]);
  });

  it("plans at least the resources the stack already had", () => {
    expect(progressOf([step("resourcePre", "urn:a", "t:A")], 4)).toMatchObject({
      planned: 4,
      done: 0,
    });
  });

  it("does not undo a finished step when a replacement announces its second half", () => {
    const events = [
      step("resourcePre", "urn:a", "t:A"),
      step("resOutputs", "urn:a", "t:A"),
      step("resourcePre", "urn:a", "t:A"),
    ];
    expect(progressOf(events).resources[0]?.status).toBe("done");
  });

  it("reports changes without `same` and zero counts", () => {
    expect(changesOf({ same: 5, create: 2, update: 0, delete: 1 })).toEqual({
      create: 2,
      delete: 1,
    });
  });
});
