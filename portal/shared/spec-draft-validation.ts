/**
 * The contract's issues with a draft, from the same parser the API uses. Its own module so the
 * request form can load it (with zod and the spec schema, ~16 KB gzipped) after its first paint
 * instead of in its first load (docs/performance.md, measure 6).
 */
import type { SpecIssue } from "#contract/errors";
import { parseDataProductSpec } from "#contract/parse";
import type { Draft } from "./spec-draft";

export function validateDraft(draft: Draft): SpecIssue[] {
  const result = parseDataProductSpec(draft);
  return result.success ? [] : result.issues;
}
