"use client";
/**
 * Platform admins' domain forms: create a domain with its first owner (on /domains), and rename,
 * describe, archive or restore one, or register its team mailboxes (on its page). The API decides (authz.ts
 * `canAdministerDomains`); its field errors are shown next to the form.
 */
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type SyntheticEvent } from "react";
import type { DomainDetail } from "../shared/api-schemas";
import { ApiProblem, apiSend } from "./api-client";
import { Field } from "./Field";
import { Section } from "./Section";

function Problem({ error }: { error: Error | null }) {
  if (error === null) return null;
  return (
    <div className="alert" data-tone="danger" role="alert">
      {error.message}
      {error instanceof ApiProblem && error.errors.length > 0 && (
        <ul>
          {error.errors.map((issue) => (
            <li key={issue.path}>
              <code>{issue.path}</code>: {issue.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
};

export function CreateDomainForm() {
  const router = useRouter();
  const create = useMutation({
    mutationFn: (body: { slug: string; name: string; description: string; owner: string }) =>
      apiSend<DomainDetail>("POST", "/api/v1/domains", body),
    onSuccess: (domain) => {
      router.push(`/domains/${domain.slug}`);
    },
  });
  const onSubmit = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    create.mutate({
      slug: text(form, "slug"),
      name: text(form, "name"),
      description: text(form, "description"),
      owner: text(form, "owner"),
    });
  };
  return (
    <Section id="new-domain" title="New domain">
      <form aria-label="New domain" className="card" onSubmit={onSubmit}>
        <div className="form-grid">
          <Field id="domain-slug" label="Slug" hint="lowercase-with-hyphens; fixed once created">
            <input id="domain-slug" name="slug" required />
          </Field>
          <Field id="domain-name" label="Name">
            <input id="domain-name" name="name" required />
          </Field>
          <Field id="domain-owner" label="First owner's email" hint="someone who signed in once">
            <input id="domain-owner" name="owner" type="email" required />
          </Field>
        </div>
        <Field id="domain-description" label="Description">
          <textarea id="domain-description" name="description" />
        </Field>
        <Problem error={create.error} />
        <button type="submit" className="primary" disabled={create.isPending}>
          Create domain
        </button>
      </form>
    </Section>
  );
}

export function DomainSettingsForm({ domain }: { domain: DomainDetail }) {
  const router = useRouter();
  const [name, setName] = useState(domain.name);
  const [description, setDescription] = useState(domain.description ?? "");
  const [mailboxes, setMailboxes] = useState(domain.mailboxes.join("\n"));
  const update = useMutation({
    mutationFn: (body: {
      name?: string;
      description?: string;
      archived?: boolean;
      mailboxes?: string[];
    }) => apiSend<DomainDetail>("PATCH", `/api/v1/domains/${domain.slug}`, body),
    onSuccess: () => {
      router.refresh();
    },
  });
  return (
    <Section id="domain-settings" title="Domain settings">
      <form
        aria-label="Domain settings"
        className="card"
        onSubmit={(event) => {
          event.preventDefault();
          update.mutate({
            name,
            description,
            mailboxes: mailboxes
              .split(/[\s,]+/)
              .map((mailbox) => mailbox.trim())
              .filter((mailbox) => mailbox !== ""),
          });
        }}
      >
        <Field id="settings-name" label="Name">
          <input
            id="settings-name"
            value={name}
            required
            onChange={(event) => {
              setName(event.target.value);
            }}
          />
        </Field>
        <Field id="settings-description" label="Description">
          <textarea
            id="settings-description"
            value={description}
            onChange={(event) => {
              setDescription(event.target.value);
            }}
          />
        </Field>
        <Field
          id="settings-mailboxes"
          label="Team mailboxes"
          hint="one per line: addresses products of this domain may name as owners besides its members"
        >
          <textarea
            id="settings-mailboxes"
            value={mailboxes}
            onChange={(event) => {
              setMailboxes(event.target.value);
            }}
          />
        </Field>
        <Problem error={update.error} />
        <div className="row">
          <button type="submit" className="primary" disabled={update.isPending}>
            Save
          </button>
          <button
            type="button"
            className={domain.archived ? undefined : "danger"}
            disabled={update.isPending}
            onClick={() => {
              update.mutate({ archived: !domain.archived });
            }}
          >
            {domain.archived ? "Restore domain" : "Archive domain"}
          </button>
        </div>
      </form>
    </Section>
  );
}
