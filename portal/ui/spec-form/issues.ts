/**
 * Where a spec issue points. Issues name their field by the contract's path text
 * (`table.columns[2].type`); the form links each to its input, whose id derives from the path's
 * segments. Pure.
 */
import type { FieldPath } from "../../shared/spec-draft";

/** `table.columns[2].type` → ["table", "columns", 2, "type"] (inverse of the contract's formatPath). */
export function pathSegments(path: string): FieldPath {
  return path
    .split(/\.|(?=\[)/)
    .filter((segment) => segment !== "")
    .map((segment) => (segment.startsWith("[") ? Number(segment.slice(1, -1)) : segment));
}

/** How an issue's path is shown: the whole spec's issues have the empty path. */
export function issueLabel(path: string): string {
  return path === "" ? "spec" : path;
}
