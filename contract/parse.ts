/**
 * Parsing specs from objects. Text (YAML, JSON) is parse-text.ts, kept out of this module and of
 * the index so the browser bundle of the request form does not carry a YAML parser.
 */
import { SpecValidationError, specErrorMap, toSpecIssues, type SpecIssue } from "./errors";
import { DataProductSpec } from "./spec";

export interface LocatedSpecIssue extends SpecIssue {
  /** 1-based line and column in the source text, when the issue maps to a place in it. */
  line?: number;
  column?: number;
}

export type SpecParseResult =
  { success: true; spec: DataProductSpec } | { success: false; issues: LocatedSpecIssue[] };

export function parseDataProductSpec(input: unknown): SpecParseResult {
  const result = DataProductSpec.safeParse(input, { error: specErrorMap });
  if (result.success) return { success: true, spec: result.data };
  return { success: false, issues: toSpecIssues(result.error) };
}

/** Parses or throws a SpecValidationError listing every issue. */
export function assertDataProductSpec(input: unknown): DataProductSpec {
  const result = parseDataProductSpec(input);
  if (!result.success) throw new SpecValidationError(result.issues);
  return result.spec;
}
