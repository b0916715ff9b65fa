/**
 * Access to a data product by another domain (issue #18): who reads (a principal of the product's
 * cloud, or the consuming domain itself on the local target), why, until when, and who approved.
 * The approval rules by classification live here once, so the portal, the API, the Pulumi program
 * and the policy pack read the same ones. Browser-safe and pure: "now" is always an argument.
 */
import { z } from "zod";
import { awsPartition, type Cloud } from "./regions";
import { CLASSIFICATIONS, DomainSlug, ProductRef, type Classification } from "./spec";
import { TrimmedText } from "./text";
import { APPROVAL_RULES, PRINCIPAL_KIND, type PrincipalKind } from "./access-rules";

export {
  APPROVAL_RULES,
  PRINCIPAL_KIND,
  type ApprovalRule,
  type PrincipalKind,
} from "./access-rules";

const DAY_MS = 86_400_000;

/** Entra object ids, Azure's principal ids: a GUID in its canonical 8-4-4-4-12 hex form. */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An IAM role ARN (paths allowed, no wildcard): the partition is checked against the product's
 * region separately, because the shape alone cannot know it.
 */
const IAM_ROLE_ARN = /^arn:(aws|aws-cn|aws-us-gov):iam::(\d{12}):role\/([\w+=,.@/-]{1,512})$/;

/**
 * A user-managed service account: `name@project.iam.gserviceaccount.com` (6-30 characters, a
 * lowercase letter first). Google-managed agents and user accounts are not consumers of a product.
 */
const SERVICE_ACCOUNT =
  /^[a-z][a-z0-9-]{4,28}[a-z0-9]@[a-z][a-z0-9-]{4,28}[a-z0-9]\.iam\.gserviceaccount\.com$/;

export const AwsRolePrincipal = z.strictObject({
  kind: z.literal("aws-iam-role"),
  arn: z
    .string()
    .regex(
      IAM_ROLE_ARN,
      "an IAM role ARN is arn:<partition>:iam::<12-digit account>:role/<name>, without wildcards",
    ),
});

export const AzureEntraPrincipal = z.strictObject({
  kind: z.literal("azure-entra"),
  objectId: z
    .string()
    .regex(GUID, "an Entra object id is a GUID, e.g. 00000000-0000-0000-0000-000000000000")
    .transform((id) => id.toLowerCase()),
  type: z.enum(["managed-identity", "group"], "type is managed-identity or group"),
});

export const GcpServiceAccountPrincipal = z.strictObject({
  kind: z.literal("gcp-service-account"),
  email: z
    .string()
    .regex(SERVICE_ACCOUNT, "a service account email is <name>@<project>.iam.gserviceaccount.com"),
});

/** Local products and the Iceberg REST catalog: the consuming domain itself reads. */
export const DomainPrincipal = z.strictObject({ kind: z.literal("domain") });

export const AccessPrincipal = z.discriminatedUnion(
  "kind",
  [AwsRolePrincipal, AzureEntraPrincipal, GcpServiceAccountPrincipal, DomainPrincipal],
  "principal.kind is aws-iam-role, azure-entra, gcp-service-account or domain",
);
export type AccessPrincipal = z.output<typeof AccessPrincipal>;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Holds<T extends true> = T;
/** access-rules.ts spells the kinds out to stay zod-free; this fails to compile if they differ. */
export type PrincipalKindsMatch = Holds<Same<PrincipalKind, AccessPrincipal["kind"]>>;

/** The product a request is about, as far as validating the request needs it. */
export interface AccessTarget {
  cloud: Cloud;
  region: string;
  classification: Classification;
}

const Purpose = TrimmedText(10, 500, "describe the purpose in at least 10 characters");

const EndsAt = z.iso
  .datetime({ offset: true, message: "endsAt is an ISO 8601 date-time, e.g. 2027-03-31T00:00:00Z" })
  .describe("When the grant ends; required for confidential and restricted products.");

/** The body of an access request, before it is checked against its product. */
export const AccessRequestInput = z.strictObject({
  principal: AccessPrincipal,
  purpose: Purpose,
  endsAt: EndsAt.optional(),
});
export type AccessRequestInput = z.output<typeof AccessRequestInput>;

/**
 * Problems of a principal for a product, as [path, message] pairs: the kind its cloud reads with,
 * and on AWS a role in the product's partition (a role of aws-cn cannot read a bucket in aws).
 */
export function principalProblems(
  principal: AccessPrincipal,
  target: Pick<AccessTarget, "cloud" | "region">,
): { path: string[]; message: string }[] {
  const expected = PRINCIPAL_KIND[target.cloud];
  if (principal.kind !== expected) {
    return [
      {
        path: ["principal", "kind"],
        message: `a ${target.cloud} product is read by a principal of kind ${expected}, not ${principal.kind}`,
      },
    ];
  }
  if (principal.kind === "aws-iam-role") {
    const partition = awsPartition(target.region);
    const given = principal.arn.split(":")[1];
    if (given !== partition) {
      return [
        {
          path: ["principal", "arn"],
          message: `the product is in ${target.region}, partition ${partition}: the role must be arn:${partition}:iam::…, not ${given}`,
        },
      ];
    }
  }
  return [];
}

/** Problems of an end date for a classification, requested at `now`. */
export function endDateProblems(
  endsAt: string | undefined,
  classification: Classification,
  now: Date,
): string[] {
  const rule = APPROVAL_RULES[classification];
  if (endsAt === undefined) {
    return rule.endDateRequired
      ? [
          `${classification} products are granted until an end date: set endsAt (at most ${rule.maxDays} days ahead)`,
        ]
      : [];
  }
  const end = Date.parse(endsAt);
  if (end <= now.getTime()) return ["endsAt must be in the future"];
  if (rule.maxDays !== undefined && end > now.getTime() + rule.maxDays * DAY_MS) {
    return [`${classification} products are granted for at most ${rule.maxDays} days from now`];
  }
  return [];
}

/** The request schema for one product at `now`: field errors name principal.* and endsAt. */
export function accessRequestSchema(target: AccessTarget, now: Date) {
  return AccessRequestInput.superRefine((request, ctx) => {
    for (const problem of principalProblems(request.principal, target)) {
      ctx.addIssue({ code: "custom", path: problem.path, message: problem.message });
    }
    for (const message of endDateProblems(request.endsAt, target.classification, now)) {
      ctx.addIssue({ code: "custom", path: ["endsAt"], message });
    }
  });
}

export const APPROVER_ROLES = ["owner", "platform-admin"] as const;
export type ApproverRole = (typeof APPROVER_ROLES)[number];

/** One person's approval: who (a user id), in which capacity, when and why. */
export const ApprovalRecord = z.strictObject({
  by: z.string().min(1, "an approval names its approver"),
  role: z.enum(APPROVER_ROLES),
  at: z.iso.datetime({ offset: true }),
  reason: TrimmedText(1, 500, "an approval gives a reason"),
});
export type ApprovalRecord = z.output<typeof ApprovalRecord>;

export interface ApprovalState {
  approved: boolean;
  /** What is still needed, in words; empty once approved. */
  missing: string[];
}

/**
 * Whether a grant's approvals satisfy its classification: internal and confidential need an
 * owner; restricted an owner and a platform admin who are two different people (one person
 * holding both roles approves once). Public needs nobody.
 */
export function approvalState(
  classification: Classification,
  approvals: readonly Pick<ApprovalRecord, "by" | "role">[],
): ApprovalState {
  const rule = APPROVAL_RULES[classification];
  if (rule.automatic) return { approved: true, missing: [] };
  const owners = approvals.filter((a) => a.role === "owner");
  const admins = approvals.filter((a) => a.role === "platform-admin");
  const missing: string[] = [];
  if (owners.length < rule.owners) missing.push("an owner's approval");
  if (rule.platformAdmin) {
    if (admins.length === 0) missing.push("a platform admin's approval");
    else if (owners.length > 0 && !owners.some((o) => admins.some((a) => a.by !== o.by))) {
      missing.push("an owner's and a platform admin's approvals by two different people");
    }
  }
  return { approved: missing.length === 0, missing };
}

/**
 * An approved grant: the desired state a product's stack provisions. `id` names the grant's
 * resources, so it stays stable across deployments.
 */
export const AccessGrant = z
  .strictObject({
    id: z
      .string()
      .regex(/^[a-z0-9]{3,40}$/, "a grant id is 3-40 lowercase letters or digits")
      .describe("Names the grant's resources (an S3 statement id takes letters and digits only)."),
    product: ProductRef,
    consumer: DomainSlug.describe("The consuming domain the grant was requested for."),
    classification: z.enum(CLASSIFICATIONS),
    principal: AccessPrincipal,
    purpose: Purpose,
    endsAt: EndsAt.optional(),
    approvals: z.array(ApprovalRecord).default([]),
  })
  .superRefine((grant, ctx) => {
    const state = approvalState(grant.classification, grant.approvals);
    if (!state.approved) {
      ctx.addIssue({
        code: "custom",
        path: ["approvals"],
        message: `a ${grant.classification} grant needs ${state.missing.join(" and ")}`,
      });
    }
    if (APPROVAL_RULES[grant.classification].endDateRequired && grant.endsAt === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["endsAt"],
        message: `a ${grant.classification} grant has an end date`,
      });
    }
    if (grant.product.split("/")[0] === grant.consumer) {
      ctx.addIssue({
        code: "custom",
        path: ["consumer"],
        message: "a domain reads its own products without a grant",
      });
    }
  });
export type AccessGrant = z.output<typeof AccessGrant>;
export type AccessGrantInput = z.input<typeof AccessGrant>;

/** Whether a grant is in force at `now`: no end date, or one still ahead. */
export function grantActive(grant: Pick<AccessGrant, "endsAt">, now: Date): boolean {
  return grant.endsAt === undefined || Date.parse(grant.endsAt) > now.getTime();
}

/**
 * Problems of a grant for the product whose stack would provision it: its product, its
 * classification and its principal must be the product's, and it must be active.
 */
export function grantProblems(
  grant: AccessGrant,
  product: AccessTarget & { ref: string },
  now: Date,
): string[] {
  const problems: string[] = [];
  if (grant.product !== product.ref) {
    problems.push(`grant ${grant.id} is for ${grant.product}, not ${product.ref}`);
  }
  if (grant.classification !== product.classification) {
    problems.push(
      `grant ${grant.id} was approved under ${grant.classification} rules, the product is ${product.classification}`,
    );
  }
  for (const problem of principalProblems(grant.principal, product)) {
    problems.push(`grant ${grant.id}: ${problem.message}`);
  }
  if (!grantActive(grant, now)) problems.push(`grant ${grant.id} ended at ${grant.endsAt}`);
  return problems;
}

/** The approval record as one line, what the clouds keep beside a grant (descriptions, names). */
export function approvalSummary(grant: Pick<AccessGrant, "id" | "approvals" | "endsAt">): string {
  const approvals = grant.approvals.map((a) => `${a.role} ${a.by}`).join(", ");
  return `meshplane grant ${grant.id}; approved by ${approvals || "classification rule (public)"}${
    grant.endsAt === undefined ? "" : `; until ${grant.endsAt}`
  }`;
}

/** A grant's approval record read back from `approvalSummary`'s line, or undefined. */
export function parseApprovalSummary(
  text: string,
): { id: string; approvals: Pick<ApprovalRecord, "role" | "by">[]; endsAt?: string } | undefined {
  const match = /^meshplane grant ([a-z0-9]+); approved by (.+?)(?:; until (\S+))?$/.exec(text);
  if (match === null) return undefined;
  const [, id = "", by = "", endsAt] = match;
  const approvals = by.startsWith("classification rule")
    ? []
    : by.split(", ").flatMap((entry) => {
        const [role, ...who] = entry.split(" ");
        return (APPROVER_ROLES as readonly string[]).includes(role ?? "") && who.length > 0
          ? [{ role: role as ApproverRole, by: who.join(" ") }]
          : [];
      });
  return { id, approvals, ...(endsAt === undefined ? {} : { endsAt }) };
}

/**
 * What a restricted grant's record lacks (the policy pack's MP-ACC-002): approvals by an owner
 * and a platform admin who are different people, and an end date.
 */
export function restrictedRecordProblems(
  record:
    { approvals: readonly Pick<ApprovalRecord, "role" | "by">[]; endsAt?: string } | undefined,
): string[] {
  if (record === undefined) return ["no approval record"];
  const problems = approvalState("restricted", record.approvals).missing.map((m) => `needs ${m}`);
  if (record.endsAt === undefined || Number.isNaN(Date.parse(record.endsAt))) {
    problems.push("no end date");
  }
  return problems;
}
