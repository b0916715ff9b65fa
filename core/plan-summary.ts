/**
 * Pure views of a plan preview for the request page and the review queue: the resource tree by
 * component, counts by type, policy results with violations first, and a one-word policy status.
 */
import type { PlannedResource, PolicyResult, StoredPlan } from "./plan-result";

export interface ResourceNode {
  resource: PlannedResource;
  children: ResourceNode[];
}

/** The resources as a tree under their parents; roots are those whose parent is not planned. */
export function resourceTree(resources: readonly PlannedResource[]): ResourceNode[] {
  const nodes = new Map(resources.map((resource) => [resource.name, { resource, children: [] }]));
  const roots: ResourceNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.resource.parent === null ? undefined : nodes.get(node.resource.parent);
    if (parent === undefined || parent === node) roots.push(node);
    else (parent.children as ResourceNode[]).push(node);
  }
  return roots;
}

export interface TypeCount {
  type: string;
  count: number;
}

/** Cloud resources (not components) per type, most frequent first, then by type. */
export function countsByType(resources: readonly PlannedResource[]): TypeCount[] {
  const counts = new Map<string, number>();
  for (const { type, custom } of resources) {
    if (custom) counts.set(type, (counts.get(type) ?? 0) + 1);
  }
  return [...counts]
    .map(([type, count]) => ({ type, count }))
    .sort((a, b) => b.count - a.count || a.type.localeCompare(b.type));
}

const RANK: Readonly<Record<PolicyResult["outcome"], number>> = {
  violation: 0,
  pass: 1,
  "not-applicable": 2,
};

/** Violations first, then passes, then controls that do not apply; each by control, resource. */
export function orderPolicyResults(results: readonly PolicyResult[]): PolicyResult[] {
  const rank = (result: PolicyResult) => RANK[result.outcome];
  return [...results].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      a.controlId.localeCompare(b.controlId) ||
      (a.resource ?? "").localeCompare(b.resource ?? ""),
  );
}

export type PolicyStatus =
  | { state: "none" | "pending" | "failed" | "passed" | "not-applicable" }
  | { state: "violations"; count: number };

export function policyStatus(plan: StoredPlan | null): PolicyStatus {
  if (plan === null) return { state: "none" };
  if (plan.status !== "ready") return { state: plan.status };
  const count = plan.policies.filter((result) => result.outcome === "violation").length;
  if (count > 0) return { state: "violations", count };
  const evaluated = plan.policies.some((result) => result.outcome === "pass");
  return { state: evaluated ? "passed" : "not-applicable" };
}
