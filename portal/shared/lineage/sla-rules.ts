/**
 * The SLA rules as pure functions of the contract's `sla`, what was observed and the time. The
 * server feeds them from the database; tests feed them directly. Rules (docs/lineage.md):
 *
 * - At risk means more than 80 % of the budget is used; breached means all of it.
 * - Freshness: the budget is `sla.freshnessMinutes` since the last COMPLETE run that wrote one of
 *   the product's datasets. No such run yet: unknown ("no data yet") while the product is not in
 *   service or its first delivery is not due (in service since + budget), breached after that.
 * - Quality: measured from the newest result of each assertion (dataset, assertion, column) and of
 *   each column metric, whichever event reported it. A column is critical when the contract declares
 *   it `required` (it promises no nulls). A null rate above 1 % on a critical column is a breach, a
 *   lower non-zero one puts it at risk. A failed assertion follows the test's own severity: `warn`
 *   puts it at risk, `error` breaches; without a severity, a failure on a critical column or on the
 *   whole dataset breaches and one on another column puts it at risk. No results yet: unknown.
 * - Availability: the share of successful probes of the inference endpoint over the last 24 hours,
 *   against `sla.availabilityPercent` (the budget is 100 − target). No endpoint or no probes: unknown.
 * - Overall: the worst of the known statuses.
 */
import { CRITICAL_NULL_RATE, type ColumnSpec, type DataProductSpec } from "#contract";
import type { DataQualityAssertion, DataQualityMetricsFacet } from "./openlineage";
import type { SlaStatus } from "./sla-status";

export { SLA_STATUSES, type SlaStatus } from "./sla-status";

export const SLA_CHECKS = ["freshness", "quality", "availability", "overall"] as const;
export type SlaCheck = (typeof SLA_CHECKS)[number];

export const AT_RISK_SHARE = 0.8;
export const AVAILABILITY_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface SlaResult {
  status: SlaStatus;
  /** One line for people: what was measured against what. */
  reason: string;
}

const SEVERITY: Record<SlaStatus, number> = { unknown: -1, met: 0, at_risk: 1, breached: 2 };

export function worst(statuses: readonly SlaStatus[]): SlaStatus {
  return statuses.reduce<SlaStatus>(
    (acc, status) => (SEVERITY[status] > SEVERITY[acc] ? status : acc),
    "unknown",
  );
}

function byBudget(used: number, budget: number): SlaStatus {
  if (used > budget) return "breached";
  return used > AT_RISK_SHARE * budget ? "at_risk" : "met";
}

/**
 * `inServiceSince` is when the product went live (undefined: it is not live), from which its
 * first delivery is due within the freshness budget.
 */
export function evaluateFreshness(
  sla: DataProductSpec["sla"],
  lastSuccessAt: Date | undefined,
  now: Date,
  inServiceSince: Date | undefined,
): SlaResult {
  if (lastSuccessAt === undefined) {
    if (inServiceSince === undefined)
      return { status: "unknown", reason: "no data yet: the product is not in service" };
    const due = new Date(inServiceSince.getTime() + sla.freshnessMinutes * 60_000);
    if (now.getTime() <= due.getTime())
      return {
        status: "unknown",
        reason: `no data yet: first delivery expected by ${due.toISOString()}`,
      };
    return {
      status: "breached",
      reason: `no successful run has written this product since it went live (first delivery was due ${due.toISOString()})`,
    };
  }
  const ageMinutes = Math.max(0, (now.getTime() - lastSuccessAt.getTime()) / 60_000);
  return {
    status: byBudget(ageMinutes, sla.freshnessMinutes),
    reason: `last successful write ${Math.round(ageMinutes)} min ago (limit ${sla.freshnessMinutes} min)`,
  };
}

/** Quality results of one dataset: assertion results, and column metrics with their row count. */
export interface QualityObservation {
  dataset: string;
  assertions?: { assertions: readonly DataQualityAssertion[] } | undefined;
  metrics?: Pick<DataQualityMetricsFacet, "rowCount" | "columnMetrics"> | undefined;
}

export function criticalColumns(columns: readonly ColumnSpec[]): Set<string> {
  return new Set(columns.filter((column) => column.required).map((column) => column.name));
}

interface Finding {
  status: SlaStatus;
  reason: string;
}

function metricFindings(
  metrics: NonNullable<QualityObservation["metrics"]>,
  critical: ReadonlySet<string>,
): Finding[] {
  const rows = metrics.rowCount;
  if (rows === undefined || rows === 0) return [];
  return Object.entries(metrics.columnMetrics).flatMap(([column, metric]): Finding[] => {
    if (!critical.has(column) || metric.nullCount === undefined || metric.nullCount === 0)
      return [];
    const rate = metric.nullCount / rows;
    const percent = `${(rate * 100).toFixed(2)} %`;
    return rate > CRITICAL_NULL_RATE
      ? [
          {
            status: "breached" as const,
            reason: `null rate of critical column ${column} is ${percent} (> 1 %)`,
          },
        ]
      : [
          {
            status: "at_risk" as const,
            reason: `critical column ${column} has nulls (${percent})`,
          },
        ];
  });
}

function assertionFindings(
  assertions: NonNullable<QualityObservation["assertions"]>,
  critical: ReadonlySet<string>,
): { status: SlaStatus; reason: string }[] {
  return assertions.assertions
    .filter((assertion) => !assertion.success)
    .map((assertion) => {
      const onCritical = assertion.column === undefined || critical.has(assertion.column);
      const target = assertion.column === undefined ? "the dataset" : `column ${assertion.column}`;
      const severity = assertion.severity?.toLowerCase();
      const breaches = severity === "warn" ? false : severity === "error" ? true : onCritical;
      return {
        status: breaches ? ("breached" as const) : ("at_risk" as const),
        reason: `assertion ${assertion.assertion} failed on ${target}${severity === undefined ? "" : ` (severity ${severity})`}`,
      };
    });
}

export function evaluateQuality(
  columns: readonly ColumnSpec[],
  observations: readonly QualityObservation[],
): SlaResult {
  if (observations.length === 0) return { status: "unknown", reason: "no quality results yet" };
  const critical = criticalColumns(columns);
  const findings = observations.flatMap((observation) => [
    ...(observation.metrics === undefined ? [] : metricFindings(observation.metrics, critical)),
    ...(observation.assertions === undefined
      ? []
      : assertionFindings(observation.assertions, critical)),
  ]);
  if (findings.length === 0) return { status: "met", reason: "all quality checks passed" };
  const status = worst(findings.map((finding) => finding.status));
  return {
    status,
    reason: findings
      .filter((finding) => finding.status === status)
      .map((finding) => finding.reason)
      .join("; "),
  };
}

export function evaluateAvailability(
  sla: DataProductSpec["sla"],
  probes: { ok: number; total: number } | undefined,
): SlaResult {
  if (probes === undefined) return { status: "unknown", reason: "no HTTP inference endpoint" };
  if (probes.total === 0) return { status: "unknown", reason: "no probes in the last 24 hours" };
  const percent = (probes.ok / probes.total) * 100;
  const budget = 100 - sla.availabilityPercent;
  const used = 100 - percent;
  const status = budget === 0 ? (used > 0 ? "breached" : "met") : byBudget(used, budget);
  return {
    status,
    reason: `${percent.toFixed(2)} % of ${probes.total} probes succeeded (target ${sla.availabilityPercent} %)`,
  };
}
