/** Plan preview views: tree, counts, ordering, status, spec hash and rendered inputs. */
import { describe, expect, it } from "vitest";
import { keyInputs } from "#infra/plan/inputs";
import type { PlannedResource, PolicyResult, StoredPlan } from "#core/plan-result";
import { specHash } from "#core/spec-hash";
import { countsByType, orderPolicyResults, policyStatus, resourceTree } from "#core/plan-summary";

function planned(
  type: string,
  name: string,
  parent: string | null,
  custom = true,
): PlannedResource {
  return { type, name, parent, custom, inputs: {}, protect: false, retainOnDelete: false };
}

const RESOURCES = [
  planned("meshplane:aws:DataProduct", "sales", null, false),
  planned("meshplane:aws:IcebergStorage", "sales-storage", "sales", false),
  planned("aws:s3/bucket:Bucket", "sales-bucket", "sales-storage"),
  planned("aws:s3/bucketVersioning:BucketVersioning", "sales-versioning", "sales-storage"),
  planned("aws:kms/key:Key", "sales-key", "sales-storage"),
  planned("aws:s3/bucket:Bucket", "sales-replica", "sales"),
];

function result(controlId: string, outcome: PolicyResult["outcome"], resource: string | null) {
  return { controlId, control: "", policy: "", resource, outcome, message: "" };
}

describe("resourceTree", () => {
  it("nests resources under their parents in creation order", () => {
    const names = (nodes: ReturnType<typeof resourceTree>): unknown[] =>
      nodes.map((node) =>
        node.children.length === 0
          ? node.resource.name
          : [node.resource.name, names(node.children)],
      );
    expect(names(resourceTree(RESOURCES))).toEqual([
      [
        "sales",
        [["sales-storage", ["sales-bucket", "sales-versioning", "sales-key"]], "sales-replica"],
      ],
    ]);
  });

  it("makes a resource whose parent is not planned a root", () => {
    const tree = resourceTree([planned("aws:kms/key:Key", "orphan", "elsewhere")]);
    expect(tree.map((node) => node.resource.name)).toEqual(["orphan"]);
  });
});

describe("countsByType", () => {
  it("counts cloud resources per type, most frequent first, components excluded", () => {
    expect(countsByType(RESOURCES)).toEqual([
      { type: "aws:s3/bucket:Bucket", count: 2 },
      { type: "aws:kms/key:Key", count: 1 },
      { type: "aws:s3/bucketVersioning:BucketVersioning", count: 1 },
    ]);
  });
});

describe("orderPolicyResults and policyStatus", () => {
  const results = [
    result("MP-KEY-001", "not-applicable", null),
    result("MP-TLS-001", "pass", null),
    result("MP-NET-001", "violation", "b"),
    result("MP-ENC-001", "pass", null),
    result("MP-NET-001", "violation", "a"),
  ];

  it("puts violations first, then passes, then controls that do not apply", () => {
    expect(orderPolicyResults(results).map((r) => `${r.controlId}:${r.resource ?? ""}`)).toEqual([
      "MP-NET-001:a",
      "MP-NET-001:b",
      "MP-ENC-001:",
      "MP-TLS-001:",
      "MP-KEY-001:",
    ]);
  });

  it("summarises a stored plan in one state", () => {
    const ready = (policies: PolicyResult[]): StoredPlan => ({
      status: "ready",
      specHash: "h",
      computedAt: "2026-11-23T03:00:00.000Z",
      resources: [],
      policies,
    });
    expect(policyStatus(null)).toEqual({ state: "none" });
    expect(
      policyStatus({ status: "pending", specHash: "h", requestedAt: "2026-11-23T03:00:00.000Z" }),
    ).toEqual({ state: "pending" });
    expect(
      policyStatus({
        status: "failed",
        specHash: "h",
        computedAt: "2026-11-23T03:00:00.000Z",
        error: "x",
      }),
    ).toEqual({ state: "failed" });
    expect(policyStatus(ready([result("MP-ENC-001", "pass", null)]))).toEqual({ state: "passed" });
    expect(policyStatus(ready([result("MP-ENC-001", "not-applicable", null)]))).toEqual({
      state: "not-applicable",
    });
    expect(policyStatus(ready(results))).toEqual({ state: "violations", count: 2 });
  });
});

describe("specHash", () => {
  it("ignores key order but not values, array order or the environment", () => {
    const a = specHash({ name: "x", table: { columns: [1, 2] } }, "prod");
    expect(specHash({ table: { columns: [1, 2] }, name: "x" }, "prod")).toBe(a);
    expect(specHash({ name: "x", table: { columns: [2, 1] } }, "prod")).not.toBe(a);
    expect(specHash({ name: "y", table: { columns: [1, 2] } }, "prod")).not.toBe(a);
    expect(specHash({ name: "x", table: { columns: [1, 2] } }, "dev")).not.toBe(a);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("keyInputs", () => {
  it("renders top-level inputs as short JSON, without labels and secrets", () => {
    expect(
      keyInputs({
        bucket: "acme-sales",
        tags: { domain: "sales" },
        versioningConfiguration: { status: "Enabled" },
        platformToken: "abc",
        long: "x".repeat(200),
        skipped: undefined,
      }),
    ).toEqual({
      bucket: "acme-sales",
      long: `${"x".repeat(159)}…`,
      platformToken: "[secret]",
      versioningConfiguration: '{"status":"Enabled"}',
    });
  });
});
