"use client";
/**
 * A product's access (issue #18, docs/access.md "In the portal"): the rules its classification
 * sets, the "Request access" form for members of other domains (the principal kind its cloud
 * reads with), and the consumers table — every request and grant the viewer may see, with the
 * decisions the API allows them (approve, deny, revoke, each with a reason). The server decides
 * what is offered (portal/server/access.ts `productAccess`) and checks it again on every call.
 */
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";
import { isFinished } from "#core/deployment-lifecycle";
import { APPROVAL_RULES, PRINCIPAL_KIND } from "#contract/access-rules";
import type { Classification, Cloud } from "#contract";
import {
  accessRuleText,
  dayFromNow,
  fieldErrors,
  principalText,
  type FieldPath,
} from "./access-form";
import type {
  AccessAction,
  AccessRequestView,
  AccessRow,
  GrantProvisioning,
  PeopleNames,
  ProductAccessView,
} from "../../shared/access-schemas";
import { apiSend } from "../api-client";
import { Field } from "../Field";
import { ProblemAlert } from "../ProblemAlert";
import { Timestamp } from "../RelativeTime";
import { Badge, StatusBadge, type Tone } from "../StatusBadge";
import { Table } from "../Table";
import { useRefreshWhile } from "../use-refresh-while";

export interface AccessProductInfo {
  domain: string;
  name: string;
  cloud: Cloud;
  classification: Classification;
}

const STATUS_TONES: Readonly<Record<AccessRequestView["status"], Tone | undefined>> = {
  requested: "info",
  approved: "ok",
  denied: "danger",
  revoked: undefined,
  expired: "warn",
};

export function AccessStatus({ status }: { status: AccessRequestView["status"] }) {
  return (
    <Badge tone={STATUS_TONES[status]} data-access-status={status}>
      {status}
    </Badge>
  );
}

/** Who approved, and what a request still needs. */
export function Approvals({ row, people }: { row: AccessRow; people: PeopleNames }) {
  return (
    <>
      {row.approvals.length === 0 && row.missing.length === 0 && <span className="muted">—</span>}
      {row.approvals.length > 0 && (
        <ul aria-label="Approvals">
          {row.approvals.map((approval) => (
            <li key={`${approval.role}-${approval.by}`}>
              {approval.role} {people[approval.by] ?? approval.by}: {approval.reason}
            </li>
          ))}
        </ul>
      )}
      {row.missing.length > 0 && <p className="small">Still needs {row.missing.join(" and ")}.</p>}
      {row.reason !== null && row.status !== "approved" && (
        <p className="small">
          {row.status === "denied" ? "Denied" : "Revoked"}: {row.reason}
        </p>
      )}
    </>
  );
}

const ACTION_LABELS: Readonly<Record<AccessAction, string>> = {
  approve: "Approve",
  deny: "Deny",
  revoke: "Revoke",
};

/** What a decision's response says about provisioning the grant. */
interface Decided {
  action: AccessAction;
  consumer: string;
  deploymentId: string | undefined;
}

/** The reason field and the buttons of one row. */
export function AccessDecision({
  row,
  onDecided,
}: {
  row: AccessRow;
  onDecided: (decided: Decided) => void;
}) {
  const router = useRouter();
  const [reason, setReason] = useState("");
  const mutation = useMutation({
    mutationFn: (action: AccessAction) =>
      apiSend<AccessRequestView>("POST", `/api/v1/access-requests/${row.id}/${action}`, {
        reason,
      }),
    onSuccess: (view, action) => {
      setReason("");
      onDecided({ action, consumer: view.consumer, deploymentId: view.deploymentId });
      router.refresh();
    },
  });
  if (row.actions.length === 0) return <span className="muted">—</span>;
  const id = `access-reason-${row.id}`;
  return (
    <div className="stack">
      <Field id={id} label="Reason" hint="Required; recorded and sent to both domains.">
        <textarea
          id={id}
          value={reason}
          required
          onChange={(event) => {
            setReason(event.target.value);
          }}
        />
      </Field>
      <div className="row">
        {row.actions.map((action) => (
          <button
            key={action}
            type="button"
            className={action === "approve" ? "primary" : "danger"}
            disabled={mutation.isPending || reason.trim().length === 0}
            onClick={() => {
              mutation.mutate(action);
            }}
          >
            {ACTION_LABELS[action]}
          </button>
        ))}
      </div>
      <ProblemAlert error={mutation.error} />
    </div>
  );
}

/** How far a grant's `up` got; the deployment's page is the platform team's. */
export function ProvisioningCell({
  provisioning,
  linkDeployments,
}: {
  provisioning: GrantProvisioning | undefined;
  linkDeployments: boolean;
}) {
  if (provisioning === undefined) return <span className="muted">—</span>;
  const { deploymentId, status, resourcesDone, resourcesPlanned } = provisioning;
  return (
    <>
      <StatusBadge status={status} />
      <div className="small">
        {resourcesDone} of {resourcesPlanned} resources
      </div>
      {linkDeployments && (
        <Link className="small" href={`/deployments/${deploymentId}`}>
          deployment
        </Link>
      )}
    </>
  );
}

/** The table of requests and grants, on the product page and (twice) on the domain page. */
export function AccessTable({
  label,
  rows,
  people,
  column,
  linkDeployments = false,
  onDecided = () => undefined,
}: {
  label: string;
  rows: readonly AccessRow[];
  people: PeopleNames;
  /** What the first columns name: the consuming domain, the product consumed, or both. */
  column: "domain" | "product" | "both";
  /** The viewer may open deployment pages (the platform team). */
  linkDeployments?: boolean;
  onDecided?: (decided: Decided) => void;
}) {
  const decides = rows.some((row) => row.actions.length > 0);
  const provisions = rows.some((row) => row.provisioning !== undefined);
  // While a grant's up is queued or running, the page refreshes to show its progress.
  const active = rows.some(
    (row) => row.provisioning !== undefined && !isFinished(row.provisioning.status),
  );
  useRefreshWhile(active, 3000);
  return (
    <Table
      label={label}
      columns={[
        ...(column === "domain" ? [] : ["Product"]),
        ...(column === "product" ? [] : ["Domain"]),
        "Principal",
        "Purpose",
        "Since",
        "Until",
        "Status",
        "Approvals",
        ...(provisions ? ["Provisioning"] : []),
        ...(decides ? [{ label: "Decision", hidden: true as const }] : []),
      ]}
    >
      {rows.map((row) => (
        <tr key={row.id} data-access-request={row.id}>
          {column !== "domain" && (
            <td>
              <Link href={`/products/${row.product}`}>{row.product}</Link>
            </td>
          )}
          {column !== "product" && (
            <td>
              <Link href={`/domains/${row.consumer}`}>{row.consumer}</Link>
              <div className="muted small">by {people[row.requestedBy] ?? row.requestedBy}</div>
            </td>
          )}
          <td>
            <code>{principalText(row.principal, row.consumer)}</code>
          </td>
          <td>{row.purpose}</td>
          <td>
            {row.status === "approved" || row.status === "expired" ? (
              <>
                granted <Timestamp at={row.decidedAt ?? row.requestedAt} />
              </>
            ) : (
              <>
                asked <Timestamp at={row.requestedAt} />
              </>
            )}
          </td>
          <td>{row.endsAt === null ? "no end date" : <Timestamp at={row.endsAt} />}</td>
          <td>
            <AccessStatus status={row.status} />
          </td>
          <td>
            <Approvals row={row} people={people} />
          </td>
          {provisions && (
            <td>
              <ProvisioningCell provisioning={row.provisioning} linkDeployments={linkDeployments} />
            </td>
          )}
          {decides && (
            <td>
              <AccessDecision row={row} onDecided={onDecided} />
            </td>
          )}
        </tr>
      ))}
    </Table>
  );
}

function Errors({ id, messages }: { id: string; messages: string[] | undefined }) {
  if (messages === undefined) return null;
  return (
    <div id={id}>
      {messages.map((message) => (
        <p key={message} className="field-error" role="alert">
          {message}
        </p>
      ))}
    </div>
  );
}

/** A labelled control with its field errors under it (described by them for screen readers). */
function ErrorField({
  id,
  label,
  hint,
  errors,
  children,
}: {
  id: string;
  label: string;
  hint?: ReactNode;
  errors: string[] | undefined;
  children: ReactNode;
}) {
  return (
    <Field id={id} label={label} hint={hint}>
      {children}
      <Errors id={`${id}-errors`} messages={errors} />
    </Field>
  );
}

export function RequestAccessForm({
  product,
  domains,
}: {
  product: AccessProductInfo;
  /** The viewer's domains that may ask. */
  domains: readonly string[];
}) {
  const router = useRouter();
  const kind = PRINCIPAL_KIND[product.cloud];
  const rule = APPROVAL_RULES[product.classification];
  const [consumer, setConsumer] = useState(domains[0] ?? "");
  const [arn, setArn] = useState("");
  const [objectId, setObjectId] = useState("");
  const [entraType, setEntraType] = useState<"managed-identity" | "group">("managed-identity");
  const [email, setEmail] = useState("");
  const [purpose, setPurpose] = useState("");
  // A date picker's day, sent as that day's start in UTC; empty: no end date.
  const [endDay, setEndDay] = useState("");
  const principal =
    kind === "aws-iam-role"
      ? { kind, arn: arn.trim() }
      : kind === "azure-entra"
        ? { kind, objectId: objectId.trim(), type: entraType }
        : kind === "gcp-service-account"
          ? { kind, email: email.trim() }
          : { kind };
  const mutation = useMutation({
    mutationFn: () =>
      apiSend<AccessRequestView>(
        "POST",
        `/api/v1/products/${product.domain}/${product.name}/access-requests`,
        {
          consumer,
          principal,
          purpose,
          ...(endDay === "" ? {} : { endsAt: `${endDay}T00:00:00Z` }),
        },
      ),
    onSuccess: () => {
      setPurpose("");
      setEndDay("");
      router.refresh();
    },
  });
  const { byField, rest } = fieldErrors(mutation.error);
  const described = (id: string, path: FieldPath) =>
    byField[path] === undefined ? {} : { "aria-describedby": `${id}-errors`, "aria-invalid": true };
  const principalErrors = [...(byField["principal.kind"] ?? [])];
  return (
    <details className="card">
      <summary>Request access</summary>
      <form
        aria-label="Request access"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          mutation.mutate();
        }}
      >
        <p className="small">
          Read access for one of your domains, for a purpose and until an end date; the
          product&apos;s owners see both.
        </p>
        <ErrorField
          id="access-consumer"
          label="On behalf of"
          hint="The consuming domain; you are its member."
          errors={byField.consumer}
        >
          <select
            id="access-consumer"
            value={consumer}
            onChange={(event) => {
              setConsumer(event.target.value);
            }}
            {...described("access-consumer", "consumer")}
          >
            {domains.map((domain) => (
              <option key={domain} value={domain}>
                {domain}
              </option>
            ))}
          </select>
        </ErrorField>
        {kind === "aws-iam-role" && (
          <ErrorField
            id="access-arn"
            label="IAM role ARN"
            hint="The role in your account that reads: arn:<partition>:iam::<account>:role/<name>, in the product's partition. Attach the read policy in docs/access.md to it."
            errors={[...principalErrors, ...(byField["principal.arn"] ?? [])]}
          >
            <input
              id="access-arn"
              value={arn}
              onChange={(event) => {
                setArn(event.target.value);
              }}
              {...described("access-arn", "principal.arn")}
            />
          </ErrorField>
        )}
        {kind === "azure-entra" && (
          <>
            <ErrorField
              id="access-object-id"
              label="Entra object id"
              hint="The object id (a GUID) of the managed identity or group that reads."
              errors={[...principalErrors, ...(byField["principal.objectId"] ?? [])]}
            >
              <input
                id="access-object-id"
                value={objectId}
                onChange={(event) => {
                  setObjectId(event.target.value);
                }}
                {...described("access-object-id", "principal.objectId")}
              />
            </ErrorField>
            <ErrorField id="access-entra-type" label="Kind" errors={byField["principal.type"]}>
              <select
                id="access-entra-type"
                value={entraType}
                onChange={(event) => {
                  setEntraType(event.target.value === "group" ? "group" : "managed-identity");
                }}
              >
                <option value="managed-identity">managed identity</option>
                <option value="group">group</option>
              </select>
            </ErrorField>
          </>
        )}
        {kind === "gcp-service-account" && (
          <ErrorField
            id="access-email"
            label="Service account email"
            hint="<name>@<project>.iam.gserviceaccount.com"
            errors={[...principalErrors, ...(byField["principal.email"] ?? [])]}
          >
            <input
              id="access-email"
              type="email"
              value={email}
              onChange={(event) => {
                setEmail(event.target.value);
              }}
              {...described("access-email", "principal.email")}
            />
          </ErrorField>
        )}
        {kind === "domain" && (
          <p className="small">
            Who reads: the domain itself, with its API keys through the Iceberg REST catalog (
            <code>/api/iceberg</code>).
          </p>
        )}
        {kind === "domain" && (
          <Errors id="access-kind-errors" messages={byField["principal.kind"]} />
        )}
        <ErrorField
          id="access-purpose"
          label="Purpose"
          hint="What the data is for: 10 to 500 characters. The owners read it."
          errors={byField.purpose}
        >
          <textarea
            id="access-purpose"
            value={purpose}
            onChange={(event) => {
              setPurpose(event.target.value);
            }}
            {...described("access-purpose", "purpose")}
          />
        </ErrorField>
        <ErrorField
          id="access-ends"
          label={rule.endDateRequired ? "End date" : "End date (optional)"}
          hint={
            rule.maxDays === undefined
              ? "The grant ends at this day's start (00:00 UTC). Empty: until revoked."
              : `The grant ends at this day's start (00:00 UTC); at most ${rule.maxDays} days ahead.`
          }
          errors={byField.endsAt}
        >
          <input
            id="access-ends"
            type="date"
            value={endDay}
            min={dayFromNow(1)}
            {...(rule.maxDays === undefined ? {} : { max: dayFromNow(rule.maxDays) })}
            required={rule.endDateRequired}
            onChange={(event) => {
              setEndDay(event.target.value);
            }}
            {...described("access-ends", "endsAt")}
          />
        </ErrorField>
        <ProblemAlert error={rest} />
        {mutation.isSuccess && (
          <p className="alert" data-tone="ok" role="status">
            {mutation.data.status === "approved"
              ? `Granted to ${mutation.data.consumer}.`
              : `Asked: it needs ${mutation.data.missing.join(" and ")}.`}
          </p>
        )}
        <button type="submit" className="primary" disabled={mutation.isPending}>
          Request access
        </button>
      </form>
    </details>
  );
}

/** What follows a decision: the grant's `up` on a cloud product, or nothing on a local one. */
function Provisioning({
  decided,
  product,
  linkDeployments,
}: {
  decided: Decided;
  product: AccessProductInfo;
  linkDeployments: boolean;
}) {
  if (decided.action === "deny") return null;
  const what = decided.action === "revoke" ? "remove" : "provision";
  if (decided.deploymentId !== undefined) {
    return (
      <p className="alert" data-tone="ok" role="status" aria-label="Grant provisioning">
        An <code>up</code> of the product&apos;s stack is queued to {what} {decided.consumer}&apos;s
        grant:{" "}
        {linkDeployments ? (
          <Link href={`/deployments/${decided.deploymentId}`}>
            follow deployment {decided.deploymentId}
          </Link>
        ) : (
          <>deployment {decided.deploymentId}, run by the platform&apos;s worker</>
        )}
        .
      </p>
    );
  }
  if (product.cloud === "local") return null;
  return decided.action === "approve" ? (
    <p className="alert" role="status" aria-label="Grant provisioning">
      Nothing deployed yet: the grant is provisioned once all approvals are in, and a product not
      live yet gets its grants with its first deployment.
    </p>
  ) : null;
}

export function AccessPanel({
  product,
  view,
  linkDeployments,
}: {
  product: AccessProductInfo;
  view: ProductAccessView;
  /** The viewer may open deployment pages (the platform team). */
  linkDeployments: boolean;
}) {
  const [decided, setDecided] = useState<Decided | undefined>(undefined);
  return (
    <div className="stack">
      <p>
        Other domains read this product under a grant. <strong>Rules</strong> —{" "}
        {accessRuleText(product.classification, product.domain)}
      </p>
      <p className="muted small" role="note" aria-label="How grants apply">
        {product.cloud === "local"
          ? "Local product: nothing to deploy. The Iceberg REST catalog checks the grants on every table load, so an approval or a revocation applies at once."
          : "An approved or revoked grant is deployed by an up of the product's stack (least privilege, read only, scoped to its table)."}
      </p>
      {view.requestableDomains.length > 0 && (
        <RequestAccessForm product={product} domains={view.requestableDomains} />
      )}
      {decided !== undefined && (
        <Provisioning decided={decided} product={product} linkDeployments={linkDeployments} />
      )}
      {view.items.length === 0 ? (
        <p className="muted">No access requests yet.</p>
      ) : (
        <AccessTable
          label="Access requests and grants"
          rows={view.items}
          people={view.people}
          column="domain"
          linkDeployments={linkDeployments}
          onDecided={setDecided}
        />
      )}
    </div>
  );
}
