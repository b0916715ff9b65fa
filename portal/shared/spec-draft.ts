/**
 * Editing a DataProductSpec as plain data: the request form keeps the spec exactly as a user would
 * write it in YAML (possibly incomplete) and reads and writes fields by path. The contract's
 * validation of the whole object is in spec-draft-validation.ts, which the form loads after its
 * first paint.
 */
import { formatPath, type SpecIssue } from "#contract/errors";
import { API_VERSION } from "#contract/vocabulary";

export type Draft = Record<string, unknown>;
export type FieldPath = readonly (string | number)[];

export function getIn(value: unknown, path: FieldPath): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/** Immutable set; `undefined` removes the key (so optional fields disappear from the spec). */
export function setIn<T>(target: T, path: FieldPath, value: unknown): T {
  const [key, ...rest] = path;
  if (key === undefined) return value as T;
  const container: unknown = target;
  if (typeof key === "number") {
    const array = Array.isArray(container) ? [...(container as unknown[])] : [];
    array[key] = setIn(array[key], rest, value);
    return array as T;
  }
  const object =
    container !== null && typeof container === "object" && !Array.isArray(container)
      ? (container as Record<string, unknown>)
      : {};
  const next = setIn(object[key], rest, value);
  if (next !== undefined) return { ...object, [key]: next } as T;
  const { [key]: _removed, ...remaining } = object;
  return remaining as T;
}

export function fieldId(path: FieldPath): string {
  return `field-${formatPath(path).replace(/[^a-zA-Z0-9_-]/g, "-")}`;
}

export function newDraft(domain: string, ownerEmail: string): Draft {
  return {
    apiVersion: API_VERSION,
    kind: "DataProduct",
    domain,
    name: "",
    displayName: "",
    description: "",
    owners: { team: domain === "" ? "" : `${domain}-data`, emails: [ownerEmail] },
    tier: "silver",
    classification: "internal",
    target: { cloud: "aws", region: "eu-west-1" },
    table: {
      columns: [{ name: "id", type: "long", required: true }],
      partitionSpec: [],
    },
    sla: { freshnessMinutes: 1440, availabilityPercent: 99.5, rpoMinutes: 60, rtoMinutes: 480 },
    inputs: [],
    tags: {},
  };
}

/**
 * What the contract cannot see about a draft: who files it. `domains` are where the user may file
 * requests (the form's domain choices); `fixedName` is the product a saved draft or a change is
 * about. An imported spec of another domain or product is shown as it is and flagged here, so the
 * form never reads "valid" for a spec the API will refuse.
 */
export function filingIssues(
  draft: Draft,
  domains: readonly string[],
  fixedName?: string,
): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const { domain, name } = draft;
  if (typeof domain === "string" && domain !== "" && !domains.includes(domain)) {
    issues.push({
      path: "domain",
      message:
        domains.length === 0
          ? `you cannot file requests for domain ${domain}: you are a member of no domain`
          : `you cannot file requests for domain ${domain}; choose ${domains.join(" or ")}`,
    });
  }
  if (fixedName !== undefined && typeof name === "string" && name !== fixedName) {
    issues.push({
      path: "name",
      message: `this request is about ${fixedName}; file a new request for ${name}`,
    });
  }
  return issues;
}

/** Issues grouped by path, for showing each next to its field. */
export function issuesByPath(issues: readonly SpecIssue[]): Map<string, string[]> {
  const byPath = new Map<string, string[]>();
  for (const issue of issues)
    byPath.set(issue.path, [...(byPath.get(issue.path) ?? []), issue.message]);
  return byPath;
}

/** The order a person writes a spec in (the database's jsonb stores keys sorted by length). */
const KEY_ORDER: Readonly<Record<string, readonly string[]>> = {
  spec: [
    "apiVersion",
    "kind",
    "domain",
    "name",
    "version",
    "displayName",
    "description",
    "owners",
    "tier",
    "classification",
    "target",
    "retentionDays",
    "lifecycle",
    "table",
    "sla",
    "inference",
    "inputs",
    "tags",
  ],
  owners: ["team", "emails"],
  target: ["cloud", "region", "secondaryRegion"],
  lifecycle: ["coolAfterDays", "archiveAfterDays", "expireAfterDays"],
  table: ["formatVersion", "columns", "partitionSpec", "sortOrder"],
  columns: ["id", "name", "type", "required", "pii", "doc"],
  partitionSpec: ["column", "transform"],
  sortOrder: ["column", "direction", "nullOrder"],
  sla: ["freshnessMinutes", "availabilityPercent", "rpoMinutes", "rtoMinutes"],
  inference: [
    "runtime",
    "handler",
    "artifact",
    "image",
    "memoryMb",
    "timeoutSeconds",
    "reservedConcurrency",
    "provisionedConcurrency",
    "triggers",
  ],
};

function ordered(value: unknown, key: string): unknown {
  if (Array.isArray(value)) return value.map((item) => ordered(item, key));
  if (value === null || typeof value !== "object") return value;
  const order = KEY_ORDER[key] ?? [];
  const entries = Object.entries(value as Record<string, unknown>);
  const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
  entries.sort(([a], [b]) => rank(a) - rank(b));
  return Object.fromEntries(entries.map(([name, item]) => [name, ordered(item, name)]));
}

export function orderedSpec(draft: Draft): Draft {
  return ordered(draft, "spec") as Draft;
}
