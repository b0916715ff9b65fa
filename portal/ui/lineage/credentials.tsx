"use client";
/**
 * What a domain's API keys and webhooks have in common: a list, a one-field form that issues a
 * new one whose secret is shown once, and a button that retires one. useIssuedSecrets holds that
 * state; the components draw the shared parts.
 */
import {
  useMutation,
  useQuery,
  useQueryClient,
  type QueryKey,
  type UseQueryOptions,
  type UseQueryResult,
} from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { EmptyState, ErrorState, LoadingState } from "../States";

export function useIssuedSecrets<Item, Issued, Key extends QueryKey>(options: {
  list: UseQueryOptions<{ items: Item[] }, Error, { items: Item[] }, Key> & { queryKey: Key };
  /** Issues one from the form's input. */
  issue: (input: string) => Promise<Issued>;
  /** The part of the answer shown once and never again. */
  secretOf: (issued: Issued) => string;
  retire: (id: string) => Promise<unknown>;
}) {
  const client = useQueryClient();
  const query = useQuery(options.list);
  const [input, setInput] = useState("");
  const [secret, setSecret] = useState<string | undefined>(undefined);
  const refresh = () => client.invalidateQueries({ queryKey: options.list.queryKey });
  const issue = useMutation({
    mutationFn: () => options.issue(input),
    onSuccess: async (issued) => {
      setSecret(options.secretOf(issued));
      setInput("");
      await refresh();
    },
  });
  const retire = useMutation({ mutationFn: options.retire, onSuccess: refresh });
  return { query, input, setInput, secret, issue, retire };
}

/** What IssueForm needs of useIssuedSecrets' state. */
interface IssueState {
  input: string;
  setInput: (value: string) => void;
  secret: string | undefined;
  issue: { isPending: boolean; error: Error | null; mutate: () => void };
}

/** The secret of the last one issued (shown once), the form that issues one, and its failure. */
export function IssueForm({
  state,
  secretLabel,
  failure,
  ...form
}: {
  state: IssueState;
  secretLabel: string;
  /** The title of the error shown when issuing failed. */
  failure: string;
  label: string;
  submit: string;
  placeholder: string;
  type?: "text" | "url";
}) {
  return (
    <>
      {state.secret !== undefined && <Secret label={secretLabel} value={state.secret} />}
      <OneFieldForm
        {...form}
        value={state.input}
        onChange={state.setInput}
        pending={state.issue.isPending}
        onSubmit={() => {
          state.issue.mutate();
        }}
      />
      {state.issue.error !== null && (
        <ErrorState title={failure} detail={state.issue.error.message} />
      )}
    </>
  );
}

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

/** One input and a submit button: how a key or a webhook is added. */
function OneFieldForm(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  submit: string;
  pending: boolean;
  onSubmit: () => void;
  type?: "text" | "url";
  placeholder: string;
}) {
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
export function Items<T>({
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
