/**
 * The gate a submitted spec passes, and the one an approval passes: the rules of "Evolving a
 * product" (docs/contract.md) applied to a request. Pure, like the rest of core/: the workflow
 * loads the live version and the history, the portal calls these and maps a refusal to a problem.
 *
 * Submit: a new product gets version 1.0.0 (or its own) and the ids a new table gets. A change to a
 * live product is classified against the live version (contract/compatibility.ts): an illegal
 * change is refused at its path; the version is the spec's own, checked against the changes
 * (a breaking change needs a major bump), or, when the spec leaves it out or repeats the live one,
 * the smallest the changes allow; every column keeps its live id and a new one gets the next id
 * above the table's last-column-id.
 *
 * Approve: a breaking change needs the reviewer's explicit acknowledgement, and the current spec's
 * plan preview must have finished without policy violations, unless the admin records why they
 * approve anyway.
 */
import {
  assignColumnIds,
  classifyChanges,
  FIRST_VERSION,
  illegalChangeIssues,
  lastColumnIdOf,
  maxColumnId,
  proposeVersion,
  versionIssue,
  withColumnIds,
  worstSeverity,
  type ColumnSpec,
  type DataProductSpec,
  type Severity,
  type SpecChange,
  type SpecIssue,
} from "#contract";
import type { StoredPlan } from "./plan-result";

/** A deployed version of a product: its number and the spec it ran. */
export interface VersionedSpec {
  version: string;
  spec: DataProductSpec;
}

export interface Proposal {
  /** The live version; undefined for a product that was never deployed. */
  live: VersionedSpec | undefined;
  /** The columns of every version the product ever had (for the table's last-column-id). */
  history: readonly (readonly ColumnSpec[])[];
  proposed: DataProductSpec;
  /** Whether the live table holds data; unknown counts as yes (contract/compatibility-table.ts). */
  tableHasData?: boolean;
}

export type ProposalVerdict =
  | { ok: false; issues: SpecIssue[]; changes: SpecChange[] }
  | {
      ok: true;
      /** The spec as it will be stored and deployed: with its version and every column's id. */
      spec: DataProductSpec;
      version: string;
      /** Whether the platform chose the version (the spec left it out or repeated the live one). */
      versionProposed: boolean;
      changes: SpecChange[];
      /** The worst change; undefined when nothing changed (or the product is new). */
      severity: Severity | undefined;
    };

function withIds(spec: DataProductSpec, columns: ColumnSpec[], version: string): DataProductSpec {
  return { ...spec, version, table: { ...spec.table, columns } };
}

/**
 * `newer` as a change to `older`: a column id above the table's last-column-id (by default the
 * highest id `older` has) was given to a column added since, when its spec was submitted (an
 * earlier submission of the same request, or a later version), so that column counts as new, as
 * it did then. An id at or below it that `older` lacks stays: a dropped column's, refused.
 */
export function asProposal(
  older: DataProductSpec,
  newer: DataProductSpec,
  lastColumnId = maxColumnId(withColumnIds(older.table.columns).columns),
): DataProductSpec {
  const columns = newer.table.columns.map((column) => {
    if (column.id === undefined || column.id <= lastColumnId) return column;
    const { id: _assigned, ...unidentified } = column;
    return unidentified;
  });
  return { ...newer, table: { ...newer.table, columns } };
}

export function judgeProposal({
  live,
  history,
  proposed,
  tableHasData,
}: Proposal): ProposalVerdict {
  if (live === undefined) {
    const version = proposed.version ?? FIRST_VERSION;
    const { columns } = withColumnIds(proposed.table.columns);
    return {
      ok: true,
      spec: withIds(proposed, columns, version),
      version,
      versionProposed: proposed.version === undefined,
      changes: [],
      severity: undefined,
    };
  }
  const lastColumnId = lastColumnIdOf(
    [...history, live.spec.table.columns].map((columns) => withColumnIds(columns).columns),
  );
  const proposal = asProposal(live.spec, proposed, lastColumnId);
  const changes = classifyChanges(
    live.spec,
    proposal,
    tableHasData === undefined ? {} : { tableHasData },
  );
  const refused = illegalChangeIssues(changes);
  if (refused.length > 0) return { ok: false, issues: refused, changes };
  // An update starts from the live spec, version included: repeating it asks for no version.
  const own = proposed.version === live.version ? undefined : proposed.version;
  if (own !== undefined) {
    const issue = versionIssue(live.version, own, changes);
    if (issue !== undefined) return { ok: false, issues: [issue], changes };
  }
  const version = own ?? proposeVersion(live.version, changes);
  // A live version stored without ids has the ids its table was created with.
  const liveColumns = withColumnIds(live.spec.table.columns).columns;
  const ids = assignColumnIds({ columns: liveColumns, lastColumnId }, proposal.table.columns);
  if (!ids.ok) return { ok: false, issues: ids.issues, changes };
  return {
    ok: true,
    spec: withIds(proposed, ids.columns, version),
    version,
    versionProposed: own === undefined,
    changes,
    severity: worstSeverity(changes),
  };
}

/** What the approver sent besides the reason. */
export interface ApprovalChoices {
  acknowledgeBreaking: boolean;
  /** A platform admin's reason to approve without a clean plan preview of the current spec. */
  overrideReason: string | undefined;
}

/** The plan preview as it stands for the request's current spec. */
export interface PlanState {
  plan: StoredPlan | null;
  /** The stored plan is of the current spec. */
  current: boolean;
  /** A preview of the current spec is running (not one that died with its server). */
  running: boolean;
}

export type ApprovalRefusal = {
  /** Field of the approve body the refusal names. */
  path: "acknowledgeBreaking" | "overrideReason";
  reason:
    "breaking-unacknowledged" | "plan-pending" | "plan-missing" | "plan-failed" | "plan-violations";
  message: string;
};

/** Why the plan preview holds an approval back; undefined when it does not. */
export function planHold(state: PlanState): Omit<ApprovalRefusal, "path"> | undefined {
  const { plan, current, running } = state;
  if (plan === null || !current) {
    return {
      reason: "plan-missing",
      message:
        "the current spec has no plan preview yet: ask for one and approve once it has finished",
    };
  }
  if (plan.status === "pending") {
    return running
      ? {
          reason: "plan-pending",
          message:
            "the plan preview of the current spec is still running: approve once it has finished",
        }
      : {
          reason: "plan-missing",
          message:
            "the plan preview of the current spec never finished: ask for a new one and approve once it has finished",
        };
  }
  if (plan.status === "failed") {
    // A preview that failed proves nothing about the spec: what it would change and whether the
    // policies pass are unknown, exactly as while it is pending.
    return {
      reason: "plan-failed",
      message: `the plan preview of the current spec failed (${plan.error.split("\n")[0]?.slice(0, 200) ?? ""}): fix the spec or ask for a new preview, or approve with an override reason`,
    };
  }
  const violations = plan.policies.filter((policy) => policy.outcome === "violation");
  if (violations.length > 0) {
    const ids = [...new Set(violations.map((v) => v.controlId))].join(", ");
    return {
      reason: "plan-violations",
      message: `the plan preview reports ${violations.length} policy violation${violations.length === 1 ? "" : "s"} (${ids}): fix the spec, or approve with an override reason`,
    };
  }
  return undefined;
}

/**
 * Why the approval cannot go ahead; undefined when it can. A breaking change without the
 * acknowledgement is always refused; the plan preview's hold is lifted by an override reason.
 */
export function approvalRefusal(
  severity: Severity | undefined,
  plan: PlanState,
  choices: ApprovalChoices,
): ApprovalRefusal | undefined {
  if (severity === "breaking" && !choices.acknowledgeBreaking) {
    return {
      path: "acknowledgeBreaking",
      reason: "breaking-unacknowledged",
      message:
        "the request makes a breaking change: review the changes and its consumers, then approve with acknowledgeBreaking: true",
    };
  }
  const hold = planHold(plan);
  if (hold === undefined || (choices.overrideReason ?? "").trim() !== "") return undefined;
  return { path: "overrideReason", ...hold };
}
