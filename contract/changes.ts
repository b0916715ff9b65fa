/**
 * The vocabulary of a change between two versions of a spec: where (a field path), what (added,
 * removed, changed, renamed, moved), before and after, and the verdict: compatible, breaking
 * (allowed with a major version and a reviewer's acknowledgement) or illegal (refused, with what to
 * do instead). The rules that produce them are compatibility.ts and compatibility-table.ts.
 */
import type { SpecIssue } from "./errors";
import type { VersionedChange } from "./versions";

/** From harmless to refused; the order is what `worstSeverity` takes the maximum of. */
export const SEVERITIES = ["compatible", "breaking", "illegal"] as const;
export type Severity = (typeof SEVERITIES)[number];

export const CHANGE_KINDS = ["added", "removed", "changed", "renamed", "moved"] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export interface SpecChange extends VersionedChange {
  /** Field path in the proposed spec (in the live one for what was removed). */
  path: string;
  kind: ChangeKind;
  before?: unknown;
  after?: unknown;
  severity: Severity;
  /** Why, for a reviewer: what consumers see, and for an illegal change what to do instead. */
  reason: string;
}

export type Verdict = Pick<SpecChange, "severity" | "bump" | "reason">;

/** Documentation and ownership: nothing a reader of the data notices. */
export const patch = (reason: string): Verdict => ({
  severity: "compatible",
  bump: "patch",
  reason,
});
/** Additions, widenings and stronger guarantees. */
export const minor = (reason: string): Verdict => ({
  severity: "compatible",
  bump: "minor",
  reason,
});
export const breaking = (reason: string): Verdict => ({
  severity: "breaking",
  bump: "major",
  reason,
});
/** Never applied: the bump only matters for changes that are. */
export const illegal = (reason: string): Verdict => ({
  severity: "illegal",
  bump: "major",
  reason,
});

export function change(
  path: string,
  kind: ChangeKind,
  before: unknown,
  after: unknown,
  verdict: Verdict,
): SpecChange {
  return {
    path,
    kind,
    ...(before === undefined ? {} : { before }),
    ...(after === undefined ? {} : { after }),
    ...verdict,
  };
}

/** A change of one value, judged by `judge`; nothing when it did not change. */
export function valueChange<T extends string | number>(
  path: string,
  before: T,
  after: T,
  judge: (before: T, after: T) => Verdict,
): SpecChange[] {
  return before === after ? [] : [change(path, "changed", before, after, judge(before, after))];
}

/** How a promised number reads: `label` then the value, e.g. "data kept for" + "365 days". */
export interface PromisedNumber {
  label: string;
  format: (value: number) => string;
}

function promiseChange(
  path: string,
  before: number,
  after: number,
  promise: PromisedNumber,
  stronger: boolean,
): SpecChange[] {
  const text = `${promise.label} ${promise.format(after)} instead of ${promise.format(before)}`;
  return valueChange(path, before, after, () =>
    stronger
      ? minor(`stronger: ${text}`)
      : breaking(`weaker: ${text}; consumers relied on the old promise`),
  );
}

/** A number where less is a stronger promise (minutes of staleness, of data loss, of downtime). */
export function lowerIsStronger(
  path: string,
  before: number,
  after: number,
  promise: PromisedNumber,
): SpecChange[] {
  return promiseChange(path, before, after, promise, after < before);
}

/** A number where more is a stronger promise (days kept, availability). */
export function higherIsStronger(
  path: string,
  before: number,
  after: number,
  promise: PromisedNumber,
): SpecChange[] {
  return promiseChange(path, before, after, promise, after > before);
}

export function worstSeverity(changes: readonly SpecChange[]): Severity | undefined {
  let worst: Severity | undefined;
  for (const { severity } of changes) {
    if (worst === undefined || SEVERITIES.indexOf(severity) > SEVERITIES.indexOf(worst)) {
      worst = severity;
    }
  }
  return worst;
}

/** The illegal changes as issues at their paths: what a refused request reports. */
export function illegalChangeIssues(changes: readonly SpecChange[]): SpecIssue[] {
  return changes
    .filter((c) => c.severity === "illegal")
    .map((c) => ({ path: c.path, message: c.reason }));
}
