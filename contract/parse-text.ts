/** Parsing specs from YAML or JSON text, with the line and column of each issue. */
import { LineCounter, isNode, parseDocument, type Document } from "yaml";
import { flattenIssues, formatPath, specErrorMap } from "./errors";
import type { SpecParseResult } from "./parse";
import { DataProductSpec } from "./spec";

/**
 * Parses YAML or JSON text (JSON is YAML) and reports issues with the line and column of the
 * offending value, or of its parent when the value is missing.
 */
export function parseDataProductSpecText(text: string): SpecParseResult {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    return {
      success: false,
      issues: document.errors.map((error) => ({
        path: "",
        message: `not valid YAML/JSON: ${error.message.split("\n")[0] ?? error.code}`,
        ...position(lineCounter, error.pos[0]),
      })),
    };
  }
  const result = DataProductSpec.safeParse(document.toJS(), { error: specErrorMap });
  if (result.success) return { success: true, spec: result.data };
  return {
    success: false,
    issues: flattenIssues(result.error).map((issue) => ({
      path: formatPath(issue.path),
      message: issue.message,
      ...locate(document, lineCounter, issue.path),
    })),
  };
}

function position(lineCounter: LineCounter, offset: number): { line: number; column: number } {
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

function locate(
  document: Document,
  lineCounter: LineCounter,
  path: readonly PropertyKey[],
): { line?: number; column?: number } {
  for (let depth = path.length; depth >= 0; depth--) {
    const keys = path
      .slice(0, depth)
      .map((segment) => (typeof segment === "symbol" ? "" : segment));
    const node: unknown = depth === 0 ? document.contents : document.getIn(keys, true);
    if (isNode(node) && node.range) return position(lineCounter, node.range[0]);
  }
  return {};
}
