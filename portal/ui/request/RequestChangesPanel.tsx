/**
 * A request's changes (GET /requests/{id}/changes): against the live version, with the version it
 * deploys as or why it cannot be submitted, and against the spec submitted before it.
 */
import type { RequestChanges } from "../../shared/api-schemas";
import { Section } from "../Section";
import { ChangeList } from "./ChangeList";

export function RequestChangesPanel({
  id = "changes",
  changes,
}: {
  id?: string;
  changes: RequestChanges;
}) {
  const { live, previousSubmission } = changes;
  if (live === null && previousSubmission === null) return null;
  return (
    <Section id={id} title="Changes">
      {live !== null && (
        <>
          <p>
            Live version <strong>{live.version}</strong>
            {live.proposedVersion !== null && (
              <>
                {" "}
                → deploys as <strong>{live.proposedVersion}</strong>
              </>
            )}
          </p>
          {live.issues.length > 0 && (
            <div className="alert" data-tone="danger" role="alert">
              Cannot be submitted as it is:
              <ul>
                {live.issues.map((issue, index) => (
                  <li key={index}>
                    <code>{issue.path}</code>: {issue.message}
                  </li>
                ))}
              </ul>
            </div>
          )}
          <ChangeList
            label={`Changes against the live version ${live.version}`}
            comparison={live}
          />
        </>
      )}
      {previousSubmission !== null && (
        <ChangeList
          label={`Changes since the previous submission (${previousSubmission.version})`}
          comparison={previousSubmission}
        />
      )}
    </Section>
  );
}
