/**
 * What an access grant (contract/access.ts) becomes on AWS, as plain data: read-only bucket policy
 * statements on the table's prefix for the consumer's role, a KMS grant to decrypt through S3 for
 * products under a customer-managed key, and Lake Formation SELECT/DESCRIBE on the Glue table.
 * Pure: ARNs and names come in as strings, so every statement is unit-tested exactly.
 *
 * The grants join the warehouse bucket's one policy document (secure-bucket.ts): S3 keeps a single
 * policy per bucket, and a second `BucketPolicy` would overwrite the TLS-only statement.
 */
import { APPROVER_ROLES, type AccessGrant, type ApproverRole } from "#contract";
import type { PolicyStatement } from "./iam";

/** Read actions on the table's objects: no write, no delete, no ACL or tagging change. */
export const GRANT_OBJECT_ACTIONS = ["s3:GetObject", "s3:GetObjectVersion"] as const;
/** Lake Formation permissions on the table: read its rows and its definition, nothing else. */
export const GRANT_TABLE_PERMISSIONS = ["SELECT", "DESCRIBE"] as const;
/** The only KMS operation a reader needs: S3 decrypts data keys on the reader's behalf. */
export const GRANT_KEY_OPERATIONS = ["Decrypt"] as const;

/** Prefix of every grant statement's Sid: how the policy pack tells grants from the platform's own. */
export const GRANT_SID_PREFIX = "MeshGrant";
/** Prefix of every grant's KMS grant name, which carries the approval record. */
export const GRANT_NAME_PREFIX = "meshplane";

export function grantSid(grant: Pick<AccessGrant, "id">, part: "Read" | "List"): string {
  return `${GRANT_SID_PREFIX}${grant.id}${part}`;
}

function roleArn(grant: AccessGrant): string {
  if (grant.principal.kind !== "aws-iam-role") {
    throw new Error(
      `grant ${grant.id}: an AWS product is read by an IAM role, not ${grant.principal.kind}`,
    );
  }
  return grant.principal.arn;
}

/** The end date as the bucket policy's own check, so S3 refuses reads after it even before an `up`. */
function until(grant: AccessGrant): PolicyStatement["Condition"] {
  return grant.endsAt === undefined
    ? {}
    : { DateLessThan: { "aws:CurrentTime": new Date(grant.endsAt).toISOString() } };
}

/**
 * The bucket policy statements of one grant: get objects below `<tablePath>/` and list only that
 * prefix, for the grant's role alone.
 */
export function grantBucketStatements(
  grant: AccessGrant,
  bucketArn: string,
  tablePath: string,
): PolicyStatement[] {
  const principal = { AWS: roleArn(grant) };
  return [
    {
      Sid: grantSid(grant, "Read"),
      Effect: "Allow",
      Principal: principal,
      Action: [...GRANT_OBJECT_ACTIONS],
      Resource: [`${bucketArn}/${tablePath}/*`],
      ...withCondition(until(grant)),
    },
    {
      Sid: grantSid(grant, "List"),
      Effect: "Allow",
      Principal: principal,
      Action: ["s3:ListBucket"],
      Resource: [bucketArn],
      Condition: {
        StringLike: { "s3:prefix": [tablePath, `${tablePath}/*`] },
        ...until(grant),
      },
    },
  ];
}

function withCondition(
  condition: PolicyStatement["Condition"],
): Pick<PolicyStatement, "Condition"> {
  return condition === undefined || Object.keys(condition).length === 0
    ? {}
    : { Condition: condition };
}

/** KMS grant names take letters, digits and `:/_-` (up to 256): anything else becomes `_`. */
function nameSafe(text: string): string {
  return text.replace(/[^a-zA-Z0-9:/_-]/g, "_");
}

/**
 * The KMS grant's name: the grant id, its classification, each approval as `<role>:<user>` and
 * the end date, so the approval record stays beside the grant in the account (policy MP-ACC-002).
 */
export function kmsGrantName(grant: AccessGrant): string {
  const parts = [
    GRANT_NAME_PREFIX,
    grant.id,
    grant.classification,
    ...grant.approvals.map((a) => `${a.role}:${nameSafe(a.by)}`),
    ...(grant.endsAt === undefined
      ? []
      : [`until:${new Date(grant.endsAt).toISOString().replace(/\.\d{3}Z$/, "Z")}`]),
  ];
  return parts.join("/").slice(0, 256);
}

export interface KmsGrantPlan {
  name: string;
  granteePrincipal: string;
  operations: string[];
  /** S3 with a Bucket Key encrypts data keys under the bucket's ARN: only this bucket's data. */
  encryptionContextSubset: Record<string, string>;
}

export function kmsGrantPlan(grant: AccessGrant, bucketArn: string): KmsGrantPlan {
  return {
    name: kmsGrantName(grant),
    granteePrincipal: roleArn(grant),
    operations: [...GRANT_KEY_OPERATIONS],
    encryptionContextSubset: { "aws:s3:arn": bucketArn },
  };
}

export interface TablePermissionPlan {
  principal: string;
  permissions: string[];
  databaseName: string;
  tableName: string;
}

/** Lake Formation SELECT and DESCRIBE on the product's table only: no grant option, no database. */
export function tablePermissionPlan(
  grant: AccessGrant,
  databaseName: string,
  tableName: string,
): TablePermissionPlan {
  return {
    principal: roleArn(grant),
    permissions: [...GRANT_TABLE_PERMISSIONS],
    databaseName,
    tableName,
  };
}

/** The grant id, approvals and end date a KMS grant's name carries (`kmsGrantName`), or undefined. */
export function parseKmsGrantName(
  name: string,
): { id: string; approvals: { role: ApproverRole; by: string }[]; endsAt?: string } | undefined {
  const [prefix, id, , ...rest] = name.split("/");
  if (prefix !== GRANT_NAME_PREFIX || id === undefined) return undefined;
  const approvals: { role: ApproverRole; by: string }[] = [];
  let endsAt: string | undefined;
  for (const part of rest) {
    const colon = part.indexOf(":");
    const key = part.slice(0, colon);
    const value = part.slice(colon + 1);
    if (colon < 0 || value === "") continue;
    if (key === "until") endsAt = value;
    else if ((APPROVER_ROLES as readonly string[]).includes(key)) {
      approvals.push({ role: key as ApproverRole, by: value });
    }
  }
  return { id, approvals, ...(endsAt === undefined ? {} : { endsAt }) };
}
