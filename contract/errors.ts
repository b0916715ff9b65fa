/**
 * Turning zod issues into messages a domain team understands: each names the exact field path
 * (`table.columns[2].type`) and the rule broken.
 */
import type { z } from "zod";

export interface SpecIssue {
  /** Dotted path with array indices, e.g. `table.partitionSpec[0].column`; "" for the root. */
  path: string;
  message: string;
}

export function formatPath(path: readonly PropertyKey[]): string {
  let text = "";
  for (const segment of path) {
    if (typeof segment === "number") text += `[${segment}]`;
    else text += text === "" ? String(segment) : `.${String(segment)}`;
  }
  return text;
}

function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  // A 64-bit integer the Iceberg catalog parses losslessly (lib/iceberg/json.ts) is a bigint,
  // which JSON.stringify refuses.
  if (typeof value === "bigint") return `number ${value.toString()}`;
  return `${typeof value} ${JSON.stringify(value)}`;
}

const UNKNOWN_FIELD = "is not a field here; check the spelling";

const EXPECTED_WORDS: Record<string, string> = {
  string: "text",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "an object",
  record: "an object of key: value pairs",
};

/**
 * Per-parse error map: friendlier wording for zod's generic issues. Schema-level messages (the
 * domain rules) take precedence over it, so only the generic cases are handled here.
 */
export const specErrorMap: z.core.$ZodErrorMap = (issue) => {
  if (issue.input === undefined && issue.code !== "custom") return "is required";
  switch (issue.code) {
    case "invalid_type":
      return `must be ${EXPECTED_WORDS[issue.expected] ?? issue.expected}, not ${describeValue(issue.input)}`;
    case "unrecognized_keys":
      return UNKNOWN_FIELD;
    case "invalid_value":
      return `must be one of ${issue.values.map((v) => String(v)).join(", ")}, not ${describeValue(issue.input)}`;
    case "too_small":
      if (issue.origin === "array") return `needs at least ${String(issue.minimum)} item(s)`;
      if (issue.origin === "string") return `must be at least ${String(issue.minimum)} characters`;
      return `must be at least ${String(issue.minimum)}`;
    case "too_big":
      if (issue.origin === "array") return `allows at most ${String(issue.maximum)} item(s)`;
      if (issue.origin === "string") return `must be at most ${String(issue.maximum)} characters`;
      return `must be at most ${String(issue.maximum)}`;
    default:
      return undefined;
  }
};

/** One entry per problem: an unknown-keys issue becomes one entry per unknown field. */
export function flattenIssues(error: z.ZodError): { path: PropertyKey[]; message: string }[] {
  return error.issues.flatMap((issue) => {
    switch (issue.code) {
      case "unrecognized_keys":
        return issue.keys.map((key) => ({ path: [...issue.path, key], message: UNKNOWN_FIELD }));
      case "invalid_key": // a record key broke a rule: the nested issue says which
        return issue.issues.map((inner) => ({ path: issue.path, message: inner.message }));
      default:
        return [{ path: issue.path, message: issue.message }];
    }
  });
}

export function toSpecIssues(error: z.ZodError): SpecIssue[] {
  return flattenIssues(error).map((issue) => ({
    path: formatPath(issue.path),
    message: issue.message,
  }));
}

export function formatSpecIssues(issues: readonly SpecIssue[]): string {
  return issues.map((i) => (i.path === "" ? i.message : `${i.path}: ${i.message}`)).join("\n");
}

export class SpecValidationError extends Error {
  readonly issues: readonly SpecIssue[];

  constructor(issues: readonly SpecIssue[], subject = "data product spec") {
    super(`The ${subject} is not valid:\n${formatSpecIssues(issues)}`);
    this.name = "SpecValidationError";
    this.issues = issues;
  }
}
