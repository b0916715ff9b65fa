/**
 * What an access grant (contract/access.ts) becomes on GCP, as plain data: `objectViewer` on the
 * warehouse bucket for the consumer's service account, with an IAM condition that limits it to the
 * table's prefix (objects below it, and listing with that prefix), and `dataViewer` on the
 * product's BigQuery table only. The grant's end date joins each condition (`request.time`), and
 * the approval record is the condition's description. Pure.
 *
 * No key role: with CMEK, Cloud Storage and BigQuery decrypt with their own service agents
 * (secure-bucket.ts grants the GCS agent the key); a reader never calls Cloud KMS, so
 * `cryptoKeyDecrypter` for a consumer would grant more than reading needs.
 */
import { approvalSummary, type AccessGrant } from "#contract";
import { ROLES } from "./iam";

export const GRANT_BUCKET_ROLE = ROLES.objectViewer;
export const GRANT_TABLE_ROLE = "roles/bigquery.dataViewer";

/** Conditions of grant members are titled so: how the policy pack tells grants from the platform's. */
export const GRANT_CONDITION_TITLE_PREFIX = "meshplane grant ";

export interface IamCondition {
  title: string;
  description: string;
  expression: string;
}

export interface GrantMemberPlan {
  role: string;
  member: string;
  /** Absent only on a table grant without an end date: the table itself is the whole scope. */
  condition?: IamCondition;
}

function member(grant: AccessGrant): string {
  if (grant.principal.kind !== "gcp-service-account") {
    throw new Error(
      `grant ${grant.id}: a GCP product is read by a service account, not ${grant.principal.kind}`,
    );
  }
  return `serviceAccount:${grant.principal.email}`;
}

function endExpression(grant: AccessGrant): string | undefined {
  return grant.endsAt === undefined
    ? undefined
    : `request.time < timestamp("${new Date(grant.endsAt).toISOString()}")`;
}

function condition(grant: AccessGrant, expression: string): IamCondition {
  return {
    title: `${GRANT_CONDITION_TITLE_PREFIX}${grant.id}`,
    description: approvalSummary(grant),
    expression,
  };
}

/**
 * Objects below `<tablePath>/` by name, and object listings whose prefix is below it
 * (https://cloud.google.com/storage/docs/access-control/iam#conditions: `objectListPrefix`).
 */
export function prefixExpression(bucket: string, tablePath: string): string {
  return (
    `resource.name.startsWith("projects/_/buckets/${bucket}/objects/${tablePath}/") || ` +
    `api.getAttribute("storage.googleapis.com/objectListPrefix", "").startsWith("${tablePath}/")`
  );
}

export function grantBucketMemberPlan(
  grant: AccessGrant,
  bucket: string,
  tablePath: string,
): GrantMemberPlan {
  return {
    role: GRANT_BUCKET_ROLE,
    member: member(grant),
    condition: condition(
      grant,
      [prefixExpression(bucket, tablePath), endExpression(grant)]
        .filter((part) => part !== undefined)
        .map((part) => `(${part})`)
        .join(" && "),
    ),
  };
}

/** dataViewer on the one table; the condition carries the end date and the approval record. */
export function grantTableMemberPlan(grant: AccessGrant): GrantMemberPlan {
  const end = endExpression(grant);
  return {
    role: GRANT_TABLE_ROLE,
    member: member(grant),
    ...(end === undefined ? {} : { condition: condition(grant, end) }),
  };
}
