"use client";
/**
 * A domain's OpenLineage API keys and SLA webhooks: issue (the key or secret is shown once), list,
 * revoke or disable, and the recent webhook deliveries.
 */
import { useMutation, useQuery, useQueryClient, type UseQueryResult } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import type { ApiKey, Webhook } from "../../shared/lineage/api-schemas";
import { apiSend } from "../api-client";
import { Timestamp } from "../RelativeTime";
import { EmptyState, ErrorState, LoadingState } from "../States";
import { lineageQueries } from "./queries";

function Secret({ label, value }: { label: string; value: string }) {
  return (
    <div className="alert" data-tone="ok" role="status">
      <strong>{label}</strong> (shown once, store it now):
      <pre style={{ whiteSpace: "pre-wrap", wordBreak: "break-all", margin: "0.25rem 0 0" }}>
        <code>{value}</code>
      </pre>
    </div>
  );
}

interface OneFieldFormProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  submit: string;
  pending: boolean;
  onSubmit: () => void;
  type?: "text" | "url";
  placeholder: string;
}

/** One input and a submit button: how a key or a webhook is added. */
function OneFieldForm(props: OneFieldFormProps) {
  return (
    <form
      className="lineage-toolbar"
      onSubmit={(event) => {
        event.preventDefault();
        props.onSubmit();
      }}
    >
      <label>
        {props.label}{" "}
        <input
          type={props.type ?? "text"}
          value={props.value}
          onChange={(e) => {
            props.onChange(e.target.value);
          }}
          required
          maxLength={2000}
          placeholder={props.placeholder}
        />
      </label>
      <button className="button primary" type="submit" disabled={props.pending}>
        {props.submit}
      </button>
    </form>
  );
}

/** The loading, error and empty states of a list, and the list itself once there is one. */
function Items<T>({
  query,
  empty,
  children,
}: {
  query: UseQueryResult<{ items: T[] }>;
  empty: string;
  children: (items: T[]) => ReactNode;
}) {
  if (query.isPending) return <LoadingState />;
  if (query.isError) return <ErrorState detail={query.error.message} />;
  if (query.data.items.length === 0) return <EmptyState title={empty} />;
  return children(query.data.items);
}

function ApiKeys({ slug }: { slug: string }) {
  const client = useQueryClient();
  const query = useQuery(lineageQueries.apiKeys(slug));
  const [label, setLabel] = useState("");
  const [issued, setIssued] = useState<string | undefined>(undefined);
  const refresh = () => client.invalidateQueries({ queryKey: ["domains", slug, "api-keys"] });
  const create = useMutation({
    mutationFn: () =>
      apiSend<ApiKey & { key: string }>("POST", `/api/v1/domains/${slug}/api-keys`, { label }),
    onSuccess: async (key) => {
      setIssued(key.key);
      setLabel("");
      await refresh();
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => apiSend<ApiKey>("DELETE", `/api/v1/domains/${slug}/api-keys/${id}`),
    onSuccess: refresh,
  });
  return (
    <section aria-labelledby="api-keys">
      <h2 id="api-keys">OpenLineage API keys</h2>
      <p className="small muted">
        Pipelines send OpenLineage events to <code>/api/v1/lineage</code> with{" "}
        <code>Authorization: Bearer &lt;key&gt;</code> (docs/lineage.md).
      </p>
      {issued !== undefined && <Secret label="New API key" value={issued} />}
      <OneFieldForm
        label="Label"
        value={label}
        onChange={setLabel}
        submit="Issue key"
        pending={create.isPending}
        onSubmit={() => {
          create.mutate();
        }}
        placeholder="airflow-prod"
      />
      {create.isError && (
        <ErrorState title="The key was not issued" detail={create.error.message} />
      )}
      <Items query={query} empty="No API keys yet.">
        {(keys) => (
          <table aria-label="API keys">
            <thead>
              <tr>
                <th scope="col">Label</th>
                <th scope="col">Key</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {keys.map((key) => (
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
                          revoke.mutate(key.id);
                        }}
                        aria-label={`Revoke ${key.label}`}
                      >
                        Revoke
                      </button>
                    ) : (
                      <span className="badge" data-tone="danger">
                        revoked
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Items>
    </section>
  );
}

function Webhooks({ slug }: { slug: string }) {
  const client = useQueryClient();
  const query = useQuery(lineageQueries.webhooks(slug));
  const [url, setUrl] = useState("");
  const [secret, setSecret] = useState<string | undefined>(undefined);
  const refresh = () => client.invalidateQueries({ queryKey: ["domains", slug, "webhooks"] });
  const create = useMutation({
    mutationFn: () =>
      apiSend<Webhook & { secret: string }>("POST", `/api/v1/domains/${slug}/webhooks`, { url }),
    onSuccess: async (hook) => {
      setSecret(hook.secret);
      setUrl("");
      await refresh();
    },
  });
  const disable = useMutation({
    mutationFn: (id: string) =>
      apiSend<undefined>("DELETE", `/api/v1/domains/${slug}/webhooks/${id}`),
    onSuccess: refresh,
  });
  return (
    <section aria-labelledby="webhooks">
      <h2 id="webhooks">SLA breach webhooks</h2>
      {secret !== undefined && <Secret label="Signing secret" value={secret} />}
      <OneFieldForm
        label="URL"
        value={url}
        onChange={setUrl}
        submit="Add webhook"
        pending={create.isPending}
        onSubmit={() => {
          create.mutate();
        }}
        type="url"
        placeholder="https://hooks.example.com/sla"
      />
      {create.isError && (
        <ErrorState title="The webhook was not added" detail={create.error.message} />
      )}
      <Items query={query} empty="No webhooks: breaches are shown in the portal only.">
        {(hooks) => (
          <ul>
            {hooks.map((hook) => (
              <li key={hook.id}>
                <code>{hook.url}</code>{" "}
                {hook.disabledAt === null ? (
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => {
                      disable.mutate(hook.id);
                    }}
                  >
                    Disable
                  </button>
                ) : (
                  <span className="badge">disabled</span>
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
    </section>
  );
}

export function DomainIntegrations({ slug }: { slug: string }) {
  return (
    <>
      <ApiKeys slug={slug} />
      <Webhooks slug={slug} />
    </>
  );
}
