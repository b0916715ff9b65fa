"use client";
/** A domain's SLA breach webhooks: add one (its signing secret is shown once), disable, deliveries. */
import type { Webhook } from "../../shared/lineage/api-schemas";
import { apiSend } from "../api-client";
import { Timestamp } from "../RelativeTime";
import { Section } from "../Section";
import { Badge } from "../StatusBadge";
import { IssueForm, Items, useIssuedSecrets } from "./credentials";
import { lineageQueries } from "./queries";

export function Webhooks({ slug }: { slug: string }) {
  const hooks = useIssuedSecrets({
    list: lineageQueries.webhooks(slug),
    issue: (url) =>
      apiSend<Webhook & { secret: string }>("POST", `/api/v1/domains/${slug}/webhooks`, { url }),
    secretOf: (issued) => issued.secret,
    retire: (id) => apiSend<undefined>("DELETE", `/api/v1/domains/${slug}/webhooks/${id}`),
  });
  return (
    <Section id="webhooks" title="SLA breach webhooks">
      <IssueForm
        state={hooks}
        secretLabel="Signing secret"
        failure="The webhook was not added"
        label="URL"
        submit="Add webhook"
        type="url"
        placeholder="https://hooks.example.com/sla"
      />
      <Items query={hooks.query} empty="No webhooks: breaches are shown in the portal only.">
        {(items) => (
          <ul>
            {items.map((hook) => (
              <li key={hook.id}>
                <code>{hook.url}</code>{" "}
                {hook.disabledAt === null ? (
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => {
                      hooks.retire.mutate(hook.id);
                    }}
                  >
                    Disable
                  </button>
                ) : (
                  <Badge>disabled</Badge>
                )}
                {hook.deliveries.length > 0 && (
                  <ul className="small">
                    {hook.deliveries.map((d) => (
                      <li key={d.id}>
                        <Timestamp at={d.createdAt} /> · {d.event} · {d.status} after {d.attempts}{" "}
                        attempt(s)
                        {d.lastError !== null && ` · ${d.lastError}`}
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        )}
      </Items>
    </Section>
  );
}
