/**
 * A failed API call as the pages show it: the problem's detail and, for a 422, every field's
 * issue at its path.
 */
import { ApiProblem } from "./api-client";

export function ProblemAlert({ error }: { error: Error | null }) {
  if (error === null) return null;
  return (
    <div className="alert" data-tone="danger" role="alert" style={{ marginTop: "0.75rem" }}>
      {error.message}
      {error instanceof ApiProblem && error.errors.length > 0 && (
        <ul>
          {error.errors.map((issue, index) => (
            <li key={index}>
              <code>{issue.path}</code>: {issue.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
