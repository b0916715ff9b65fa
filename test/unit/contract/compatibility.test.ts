/**
 * The compatibility check on concrete changes to the example specs: the verdict, the bump, the
 * path and the words a reviewer reads.
 */
import { describe, expect, it } from "vitest";
import {
  assertDataProductSpec,
  classifyChanges,
  illegalChangeIssues,
  requiredBump,
  worstSeverity,
  type ColumnSpec,
  type DataProductSpec,
  type SpecChange,
} from "#contract";
import { exampleInput } from "../../support/specs";

const spec = (file: string) => assertDataProductSpec(exampleInput(file));

/** The example, edited as its parsed form and parsed again (so the edit must be valid). */
function edited(file: string, edit: (spec: DataProductSpec) => void): DataProductSpec {
  const draft = structuredClone(spec(file));
  edit(draft);
  return assertDataProductSpec(draft);
}

function at<T>(list: readonly T[], index: number): T {
  const item = list[index];
  if (item === undefined) throw new Error(`no item ${index}`);
  return item;
}

const column = (s: DataProductSpec, index: number) => at(s.table.columns, index);
function numberColumns(s: DataProductSpec): void {
  s.table.columns.forEach((c, i) => (c.id = i + 1));
}

const newColumn = (name: string, type: string): ColumnSpec => ({
  name,
  type,
  required: false,
  pii: false,
});

function inference(s: DataProductSpec): NonNullable<DataProductSpec["inference"]> {
  if (s.inference === undefined) throw new Error("the example has no inference");
  return s.inference;
}

const EVENTS = "customer-events.yaml";

/** Path, severity and bump of each change, in the classifier's order. */
const verdicts = (changes: readonly SpecChange[]) =>
  changes.map((c) => `${c.path} ${c.severity} ${c.bump}`);

function only(changes: readonly SpecChange[]): SpecChange {
  expect(changes).toHaveLength(1);
  return changes[0] as SpecChange;
}

describe("classifyChanges", () => {
  it("finds nothing between a spec and itself", () => {
    expect(classifyChanges(spec(EVENTS), spec(EVENTS))).toEqual([]);
  });

  it("refuses the issue's update: a dropped column, string → long and a narrower decimal", () => {
    const proposed = edited(EVENTS, (s) => {
      s.table.columns = s.table.columns.filter((c) => c.name !== "session_id");
      column(s, 3).type = "string"; // email_sha256 fixed[32] → string
      column(s, 5).type = "decimal(10,2)"; // basket_value decimal(12,2)
      column(s, 6).type = "long"; // country_code string
    });
    const changes = classifyChanges(spec(EVENTS), proposed);
    expect(verdicts(changes)).toEqual([
      "table.columns[4] breaking major",
      "table.columns[3].type illegal major",
      "table.columns[5].type illegal major",
      "table.columns[6].type illegal major",
    ]);
    expect(changes[0]).toMatchObject({ kind: "removed", before: { name: "session_id", id: 5 } });
    expect(changes[2]?.reason).toContain(
      "decimal(12,2) → decimal(10,2) narrows the precision: values already written may not fit",
    );
    expect(changes[3]?.reason).toContain("Iceberg cannot change string to long in place");
    expect(changes[3]?.reason).toContain("add a new column with the new definition");
    expect(worstSeverity(changes)).toBe("illegal");
    expect(illegalChangeIssues(changes).map((i) => i.path)).toEqual([
      "table.columns[3].type",
      "table.columns[5].type",
      "table.columns[6].type",
    ]);
  });

  it("accepts Iceberg's type promotions as compatible widenings", () => {
    const live = edited(EVENTS, (s) => {
      s.table.columns.push(newColumn("score", "float"), newColumn("visits", "int"));
    });
    const proposed = edited(EVENTS, (s) => {
      s.table.columns.push(newColumn("score", "double"), newColumn("visits", "long"));
      column(s, 6).type = "decimal(14,2)";
    });
    const changes = classifyChanges(live, proposed);
    expect(verdicts(changes)).toEqual([
      "table.columns[6].type compatible minor",
      "table.columns[8].type compatible minor",
      "table.columns[9].type compatible minor",
    ]);
    expect(changes[0]?.reason).toBe(
      "widening decimal(12,2) → decimal(14,2): Iceberg reads the values already written as decimal(14,2)",
    );
  });

  it.each([
    ["decimal(12,2)", "decimal(12,3)", "a decimal's scale is fixed in Iceberg"],
    ["decimal(12,2)", "decimal(11,2)", "narrows the precision"],
    ["long", "int", "long → int narrows the type"],
    ["double", "float", "double → float narrows the type"],
    ["timestamptz", "timestamp", "Iceberg cannot change timestamptz to timestamp in place"],
  ])("refuses %s → %s", (from, to, reason) => {
    const withX = (type: string) => (s: DataProductSpec) =>
      s.table.columns.push(newColumn("x", type));
    const change = only(classifyChanges(edited(EVENTS, withX(from)), edited(EVENTS, withX(to))));
    expect(change).toMatchObject({ path: "table.columns[8].type", severity: "illegal" });
    expect(change.reason).toContain(reason);
  });

  it("sees a rename that keeps the field id, and a drop plus an add without it", () => {
    const live = spec(EVENTS);
    const withIds = (name: string, keepId: boolean) =>
      edited(EVENTS, (s) => {
        numberColumns(s);
        column(s, 4).name = name;
        if (!keepId) delete column(s, 4).id;
      });
    const rename = only(classifyChanges(live, withIds("web_session_id", true)));
    expect(rename).toMatchObject({
      path: "table.columns[4].name",
      kind: "renamed",
      before: "session_id",
      after: "web_session_id",
      severity: "compatible",
      bump: "minor",
    });
    expect(rename.reason).toContain("keeping field id 5");
    expect(verdicts(classifyChanges(live, withIds("web_session_id", false)))).toEqual([
      "table.columns[4] breaking major",
      "table.columns[4] compatible minor",
    ]);
  });

  it("refuses a new required column and optional → required, accepts required → optional", () => {
    const added = only(
      classifyChanges(
        spec(EVENTS),
        edited(EVENTS, (s) =>
          s.table.columns.push({ ...newColumn("channel", "string"), required: true }),
        ),
      ),
    );
    expect(added).toMatchObject({ path: "table.columns[8]", kind: "added", severity: "illegal" });
    expect(added.reason).toContain("Add channel with required: false");

    const required = only(
      classifyChanges(
        spec(EVENTS),
        edited(EVENTS, (s) => (column(s, 4).required = true)),
      ),
    );
    expect(required).toMatchObject({ path: "table.columns[4].required", severity: "illegal" });

    const optional = only(
      classifyChanges(
        spec(EVENTS),
        edited(EVENTS, (s) => (column(s, 0).required = false)),
      ),
    );
    expect(optional).toMatchObject({ severity: "compatible", bump: "minor" });
  });

  it("refuses an id the live version does not have", () => {
    const change = only(
      classifyChanges(
        spec(EVENTS),
        edited(EVENTS, (s) => s.table.columns.push({ ...newColumn("channel", "string"), id: 42 })),
      ),
    );
    expect(change).toMatchObject({ path: "table.columns[8].id", severity: "illegal" });
  });

  it("reports a reorder once, as compatible", () => {
    const change = only(
      classifyChanges(
        spec(EVENTS),
        edited(EVENTS, (s) => s.table.columns.reverse()),
      ),
    );
    expect(change).toMatchObject({ path: "table.columns", kind: "moved", severity: "compatible" });
  });

  it("marks documentation as a patch and the quality of a product's docs as nothing more", () => {
    const changes = classifyChanges(
      spec(EVENTS),
      edited(EVENTS, (s) => {
        s.displayName = "Customer interaction events";
        s.description = "Every customer interaction, deduplicated and sessionised.";
        s.owners.emails = ["dora@meshplane.test"];
        column(s, 1).doc = "When it happened, UTC";
        s.tags["data-steward"] = "customer-platform";
      }),
    );
    expect(new Set(changes.map((c) => c.bump))).toEqual(new Set(["patch"]));
    expect(requiredBump(changes)).toBe("patch");
  });

  it("judges partition changes by the data already written, and follows renamed sources", () => {
    const repartitioned = edited(EVENTS, (s) => (at(s.table.partitionSpec, 0).transform = "hour"));
    expect(only(classifyChanges(spec(EVENTS), repartitioned))).toMatchObject({
      path: "table.partitionSpec",
      before: ["day(event_ts)", "bucket[16](customer_id)"],
      after: ["hour(event_ts)", "bucket[16](customer_id)"],
      severity: "breaking",
    });
    expect(
      only(classifyChanges(spec(EVENTS), repartitioned, { tableHasData: false })),
    ).toMatchObject({ severity: "compatible" });

    const renamedSource = edited(EVENTS, (s) => {
      numberColumns(s);
      column(s, 1).name = "occurred_at";
      at(s.table.partitionSpec, 0).column = "occurred_at";
      at(s.table.sortOrder, 0).column = "occurred_at";
    });
    expect(verdicts(classifyChanges(spec(EVENTS), renamedSource))).toEqual([
      "table.columns[1].name compatible minor",
    ]);
  });

  it("compares guarantees as they take effect, so a tier downgrade shows what is lost", () => {
    const changes = classifyChanges(
      spec(EVENTS),
      edited(EVENTS, (s) => {
        s.tier = "silver";
        delete s.retentionDays;
        delete s.lifecycle;
        s.sla = {
          freshnessMinutes: 15,
          availabilityPercent: 99.9,
          rpoMinutes: 60,
          rtoMinutes: 480,
        };
      }),
    );
    expect(verdicts(changes)).toEqual([
      "tier breaking major",
      "retentionDays breaking major",
      "lifecycle.expireAfterDays breaking major",
      "lifecycle.archiveAfterDays compatible minor",
      "sla.rpoMinutes breaking major",
      "sla.rtoMinutes breaking major",
    ]);
    expect(changes[0]?.reason).toContain("copy and backups in a second region: yes → no");
    expect(changes[0]?.reason).toContain("point-in-time restore: yes → no");
    expect(changes[1]?.reason).toBe(
      "weaker: data kept for 365 days instead of 2555 days; consumers relied on the old promise",
    );
  });

  it("treats stronger promises as compatible and weaker ones as breaking", () => {
    const cases: [(s: DataProductSpec) => void, string, string][] = [
      [(s) => (s.sla.freshnessMinutes = 5), "sla.freshnessMinutes", "compatible"],
      [(s) => (s.sla.freshnessMinutes = 60), "sla.freshnessMinutes", "breaking"],
      [(s) => (s.sla.availabilityPercent = 99.99), "sla.availabilityPercent", "compatible"],
      [(s) => (s.sla.availabilityPercent = 99), "sla.availabilityPercent", "breaking"],
      [(s) => (s.sla.rtoMinutes = 240), "sla.rtoMinutes", "breaking"],
      [(s) => (s.classification = "restricted"), "classification", "compatible"],
      [
        (s) => {
          s.retentionDays = 3650;
          s.lifecycle = { coolAfterDays: 30, archiveAfterDays: 180, expireAfterDays: 3650 };
        },
        "retentionDays",
        "compatible",
      ],
    ];
    for (const [edit, path, severity] of cases) {
      const changes = classifyChanges(spec(EVENTS), edited(EVENTS, edit));
      expect(changes[0], path).toMatchObject({ path, severity });
    }
  });

  it("treats a classification downgrade as breaking", () => {
    const live = edited("country-codes.yaml", (s) => (s.classification = "confidential"));
    expect(only(classifyChanges(live, spec("country-codes.yaml")))).toMatchObject({
      path: "classification",
      before: "confidential",
      after: "public",
      severity: "breaking",
    });
  });

  it("refuses a change of identity, cloud, region or geo-copy region, saying what to do", () => {
    const cases: [(s: DataProductSpec) => void, string][] = [
      [(s) => (s.domain = "marketing"), "domain"],
      [(s) => (s.name = "customer-clicks"), "name"],
      [(s) => (s.target = { cloud: "gcp", region: "europe-west1" }), "target.cloud"],
      [(s) => (s.target.region = "eu-central-1"), "target.region"],
      [(s) => (s.target.secondaryRegion = "eu-west-2"), "target.secondaryRegion"],
    ];
    for (const [edit, path] of cases) {
      const issues = illegalChangeIssues(classifyChanges(spec(EVENTS), edited(EVENTS, edit)));
      expect(
        issues.map((i) => i.path),
        path,
      ).toContain(path);
    }
    const [domain] = illegalChangeIssues(
      classifyChanges(
        spec(EVENTS),
        edited(EVENTS, (s) => (s.domain = "marketing")),
      ),
    );
    expect(domain?.message).toContain(
      "publish a new product as marketing/customer-events and decommission customer/customer-events",
    );
  });

  it("treats losing the inference endpoint as breaking and a new artifact as compatible", () => {
    const CARD = "card-transactions.yaml";
    const noHttp = edited(CARD, (s) => (inference(s).triggers = ["object-created"]));
    expect(only(classifyChanges(spec(CARD), noHttp))).toMatchObject({
      path: "inference.triggers[0]",
      kind: "removed",
      severity: "breaking",
    });
    const removed = edited(CARD, (s) => delete s.inference);
    expect(only(classifyChanges(spec(CARD), removed)).reason).toContain(
      "callers of its HTTP endpoint fail",
    );
    const newCode = edited(
      CARD,
      (s) => (inference(s).artifact = "s3://acme-artifacts/payments/fraud-scorer-1.5.0.zip"),
    );
    expect(only(classifyChanges(spec(CARD), newCode))).toMatchObject({
      path: "inference.artifact",
      severity: "compatible",
    });
  });

  it("lists declared inputs added and removed", () => {
    const changes = classifyChanges(
      spec("churn-experiments.yaml"),
      edited("churn-experiments.yaml", (s) => (s.inputs = ["payments/card-transactions"])),
    );
    expect(changes.map((c) => [c.path, c.kind, c.severity])).toEqual([
      ["inputs[0]", "removed", "compatible"],
      ["inputs[0]", "added", "compatible"],
    ]);
  });

  it("ignores the version field: versions.ts checks it against the changes", () => {
    const versioned: DataProductSpec = { ...spec(EVENTS), version: "2.0.0" };
    expect(classifyChanges(spec(EVENTS), versioned)).toEqual([]);
  });
});
