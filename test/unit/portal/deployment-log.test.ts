/** A deployment's log as the portal shows it: one line per engine event it stores, CLI wording. */
import { describe, expect, it } from "vitest";
import type { DeploymentEventItem } from "#portal/shared/deployment-schemas";
import { logLine, logText, resourceName } from "../../../portal/ui/deployment/log-lines";

let sequence = 0;
function item(event: DeploymentEventItem["event"]): DeploymentEventItem {
  sequence += 1;
  return { sequence, at: "2026-12-01T10:00:00.000Z", event };
}

const URN =
  "urn:pulumi:dev::meshplane::meshplane:index:DataProduct$aws:s3/bucket:Bucket::storage-bucket";

describe("deployment log lines", () => {
  it("names a resource by the last part of its URN", () => {
    expect(resourceName(URN)).toBe("storage-bucket");
    expect(resourceName("")).toBe("");
  });

  it("writes each resource step with its operation, type and name", () => {
    const step = { urn: URN, resourceType: "aws:s3/bucket:Bucket", op: "create" };
    expect(logLine(item({ type: "resourcePre", ...step }))).toBe(
      "create aws:s3/bucket:Bucket storage-bucket…",
    );
    expect(logLine(item({ type: "resOutputs", ...step }))).toBe(
      "create aws:s3/bucket:Bucket storage-bucket: done",
    );
    expect(logLine(item({ type: "resOpFailed", ...step }))).toBe(
      "create aws:s3/bucket:Bucket storage-bucket: FAILED",
    );
  });

  it("writes diagnostics, policy messages and output without trailing space", () => {
    expect(logLine(item({ type: "diagnostic", severity: "warning", message: "slow\n" }))).toBe(
      "[warning] slow",
    );
    expect(
      logLine(item({ type: "policy", level: "mandatory", policy: "MP-ENC-001", message: "ok " })),
    ).toBe("[policy mandatory] MP-ENC-001: ok");
    expect(logLine(item({ type: "stdout", message: "Updating (dev)\n" }))).toBe("Updating (dev)");
    expect(logLine(item({ type: "worker", message: "Cancel requested." }))).toBe(
      "[meshplane] Cancel requested.",
    );
  });

  it("leaves out what the log does not show, and says when there is nothing yet", () => {
    expect(logLine(item({ type: "prelude" }))).toBe("");
    expect(logLine(item({ type: "summary", resourceChanges: { create: 1 } }))).toBe("");
    expect(logText([item({ type: "prelude" })])).toBe("No output yet.");
    expect(
      logText([
        item({ type: "prelude" }),
        item({ type: "stdout", message: "a" }),
        item({ type: "stdout", message: "b" }),
      ]),
    ).toBe("a\nb");
  });
});
