"use client";
/** Every issue of the spec at the top of the form, each linking to its field. */
import type { SpecIssue } from "#contract";
import { fieldId } from "../../shared/spec-draft";
import { issueLabel, pathSegments } from "./issues";

export function IssueSummary({
  issues,
  visible,
}: {
  issues: readonly SpecIssue[];
  visible: boolean;
}) {
  if (!visible || issues.length === 0) return null;
  return (
    <div className="alert issue-summary" data-tone="danger" role="alert">
      <strong>{issues.length} issue(s) stop this spec from validating:</strong>
      <ul>
        {issues.map((issue, index) => (
          <li key={index}>
            <a href={`#${fieldId(pathSegments(issue.path))}`}>{issueLabel(issue.path)}</a>
            {": "}
            {issue.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
