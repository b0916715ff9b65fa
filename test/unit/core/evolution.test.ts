import { describe, expect, it } from "vitest";
import { DataProductSpec, withColumnIds, type ColumnSpec } from "#contract";
import {
  approvalRefusal,
  asProposal,
  judgeProposal,
  planHold,
  type PlanState,
} from "#core/evolution";
import { exampleInput } from "../../support/specs";

const live = DataProductSpec.parse(exampleInput("fraud-scores.yaml"));
const withColumns = (columns: ColumnSpec[], version?: string) =>
  DataProductSpec.parse({
    ...live,
    ...(version === undefined ? {} : { version }),
    table: { ...live.table, columns },
  });
const col = (name: string, id?: number): ColumnSpec => ({
  name,
  type: "string",
  required: false,
  pii: false,
  ...(id === undefined ? {} : { id }),
});
const LIVE = { version: "1.4.2", spec: live };
const withoutModelScore = live.table.columns.filter((c) => c.name !== "model_score");

describe("the submit gate", () => {
  it("gives a new product 1.0.0 and the ids a new table gets", () => {
    const verdict = judgeProposal({ live: undefined, history: [], proposed: live });
    expect(verdict).toMatchObject({ ok: true, version: "1.0.0", versionProposed: true });
    if (!verdict.ok) return;
    expect(verdict.spec.table.columns.map((c) => c.id)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("proposes the smallest version and keeps every live column's id", () => {
    const columns = [...withoutModelScore, col("channel")];
    const verdict = judgeProposal({ live: LIVE, history: [], proposed: withColumns(columns) });
    expect(verdict.ok).toBe(true);
    if (!verdict.ok) return;
    // model_score (id 5) dropped: breaking, so a major version; channel gets id 7.
    expect(verdict).toMatchObject({ version: "2.0.0", severity: "breaking" });
    expect(verdict.spec.table.columns.map((c) => c.id)).toEqual([1, 2, 3, 4, 6, 7]);
  });

  it("never gives a dropped column's id again: the history's last id counts", () => {
    const stored = withColumnIds(live.table.columns).columns;
    const history = [[...stored, col("gone", 9)]];
    const columns = [...live.table.columns, col("channel")];
    const verdict = judgeProposal({ live: LIVE, history, proposed: withColumns(columns) });
    expect(verdict.ok && verdict.spec.table.columns.at(-1)?.id).toBe(10);
  });

  it("refuses an illegal change at its path and a too small version at `version`", () => {
    const narrowed = live.table.columns.map((c) =>
      c.name === "model_version" ? { ...c, type: "long" } : c,
    );
    const illegal = judgeProposal({ live: LIVE, history: [], proposed: withColumns(narrowed) });
    expect(illegal.ok).toBe(false);
    expect(!illegal.ok && illegal.issues.map((i) => i.path)).toEqual(["table.columns[5].type"]);

    const dropped = withoutModelScore;
    const small = judgeProposal({
      live: LIVE,
      history: [],
      proposed: withColumns(dropped, "1.5.0"),
    });
    expect(!small.ok && small.issues).toEqual([
      {
        path: "version",
        message:
          "a breaking change (table.columns[4]) needs a major version: at least 2.0.0 after 1.4.2, not 1.5.0",
      },
    ]);
  });

  it("takes a spec repeating the live version as one without a version", () => {
    const verdict = judgeProposal({
      live: LIVE,
      history: [],
      proposed: DataProductSpec.parse({
        ...live,
        version: "1.4.2",
        description: "Now documented.",
      }),
    });
    expect(verdict).toMatchObject({ ok: true, version: "1.4.3", versionProposed: true });
  });

  it("counts ids above the last column id as new columns, a dropped column's id as refused", () => {
    const resubmitted = withColumns([...live.table.columns, col("c", 7)]);
    expect(asProposal(live, resubmitted).table.columns.at(-1)?.id).toBeUndefined();
    const reused = judgeProposal({
      live: LIVE,
      history: [[...withColumnIds(live.table.columns).columns, col("gone", 7)]],
      proposed: resubmitted,
    });
    expect(!reused.ok && reused.issues[0]?.path).toBe("table.columns[6].id");
  });
});

describe("the approval gate", () => {
  const ready = (violations: number): PlanState => ({
    current: true,
    running: false,
    plan: {
      status: "ready",
      specHash: "h",
      computedAt: new Date().toISOString(),
      resources: [],
      policies: Array.from({ length: violations }, () => ({
        controlId: "MP-ENC-001",
        control: "encrypted",
        policy: "p",
        resource: "r",
        outcome: "violation" as const,
        message: "m",
      })),
    },
  });
  const pending: PlanState = {
    current: true,
    running: true,
    plan: { status: "pending", specHash: "h", requestedAt: new Date().toISOString() },
  };
  const failed: PlanState = {
    current: true,
    running: false,
    plan: {
      status: "failed",
      specHash: "h",
      computedAt: new Date().toISOString(),
      error: "error: the KMS key alias/x was not found\n  at stack trace",
    },
  };
  const none = { acknowledgeBreaking: false, overrideReason: undefined };

  it("waits for the plan preview, and for a clean one, unless overridden", () => {
    expect(planHold(ready(0))).toBeUndefined();
    expect(planHold(pending)?.reason).toBe("plan-pending");
    expect(planHold({ ...pending, running: false })?.reason).toBe("plan-missing");
    expect(planHold({ ...ready(0), current: false })?.reason).toBe("plan-missing");
    expect(planHold(ready(2))?.message).toContain("2 policy violations (MP-ENC-001)");
    expect(planHold(failed)).toMatchObject({
      reason: "plan-failed",
      message: expect.stringContaining("failed (error: the KMS key alias/x was not found)"),
    });
    expect(planHold({ ...failed, current: false })?.reason).toBe("plan-missing");
    expect(approvalRefusal(undefined, failed, none)?.path).toBe("overrideReason");
    expect(
      approvalRefusal(undefined, failed, { ...none, overrideReason: "known" }),
    ).toBeUndefined();
    expect(approvalRefusal(undefined, pending, none)?.path).toBe("overrideReason");
    expect(approvalRefusal(undefined, pending, { ...none, overrideReason: "ok" })).toBeUndefined();
    expect(approvalRefusal(undefined, pending, { ...none, overrideReason: "  " })).toBeDefined();
  });

  it("needs the acknowledgement of a breaking change, which no override replaces", () => {
    expect(approvalRefusal("breaking", ready(0), none)?.reason).toBe("breaking-unacknowledged");
    expect(
      approvalRefusal("breaking", ready(0), { acknowledgeBreaking: false, overrideReason: "x" })
        ?.reason,
    ).toBe("breaking-unacknowledged");
    expect(
      approvalRefusal("breaking", ready(0), { ...none, acknowledgeBreaking: true }),
    ).toBeUndefined();
    expect(approvalRefusal("compatible", ready(0), none)).toBeUndefined();
  });
});
