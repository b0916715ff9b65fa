"use client";
/** A domain's OpenLineage API keys: issue one (shown once), see when each was last used, revoke. */
import type { ApiKey } from "../../shared/lineage/api-schemas";
import { apiSend } from "../api-client";
import { Timestamp } from "../RelativeTime";
import { Section } from "../Section";
import { Badge } from "../StatusBadge";
import { Table } from "../Table";
import { IssueForm, Items, useIssuedSecrets } from "./credentials";
import { lineageQueries } from "./queries";

export function ApiKeys({ slug }: { slug: string }) {
  const keys = useIssuedSecrets({
    list: lineageQueries.apiKeys(slug),
    issue: (label) =>
      apiSend<ApiKey & { key: string }>("POST", `/api/v1/domains/${slug}/api-keys`, { label }),
    secretOf: (issued) => issued.key,
    retire: (id) => apiSend<ApiKey>("DELETE", `/api/v1/domains/${slug}/api-keys/${id}`),
  });
  return (
    <Section id="api-keys" title="OpenLineage API keys">
      <p className="small muted">
        Pipelines send OpenLineage events to <code>/api/v1/lineage</code> with{" "}
        <code>Authorization: Bearer &lt;key&gt;</code> (docs/lineage.md).
      </p>
      <IssueForm
        state={keys}
        secretLabel="New API key"
        failure="The key was not issued"
        label="Label"
        submit="Issue key"
        placeholder="airflow-prod"
      />
      <Items query={keys.query} empty="No API keys yet.">
        {(items) => (
          <Table label="API keys" columns={["Label", "Key", "Created", "Last used", "Status"]}>
            {items.map((key) => (
              <tr key={key.id}>
                <td>{key.label}</td>
                <td>
                  <code>{key.prefix}…</code>
                </td>
                <td>
                  <Timestamp at={key.createdAt} />
                </td>
                <td>{key.lastUsedAt === null ? "never" : <Timestamp at={key.lastUsedAt} />}</td>
                <td>
                  {key.revokedAt === null ? (
                    <button
                      type="button"
                      className="button secondary"
                      onClick={() => {
                        keys.retire.mutate(key.id);
                      }}
                      aria-label={`Revoke ${key.label}`}
                    >
                      Revoke
                    </button>
                  ) : (
                    <Badge tone="danger">revoked</Badge>
                  )}
                </td>
              </tr>
            ))}
          </Table>
        )}
      </Items>
    </Section>
  );
}
