/** What still stops a saved request's spec from validating, listed by field. */
import type { RequestDetail } from "../../shared/api-schemas";
import { issueLabel } from "../spec-form/issues";

export function SpecIssues({ issues }: { issues: RequestDetail["issues"] }) {
  return (
    <div className="alert" data-tone="danger" role="status">
      <strong>{issues.length} issue(s) must be fixed before this can be submitted:</strong>
      <ul>
        {issues.map((issue, index) => (
          <li key={index}>
            <code>{issueLabel(issue.path)}</code>: {issue.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
