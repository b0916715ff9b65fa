/**
 * The mesh controls on AWS (see controls.ts). Each policy checks one control on the resources the
 * AWS components create; descriptions say exactly what is checked. Controls that concern a
 * bucket's side resources (encryption, public access block, versioning, policy, lifecycle,
 * replication) are stack policies: S3 keeps those settings in resources of their own, matched to
 * their bucket by bucket name.
 */
import * as aws from "@pulumi/aws";
import type { Policy, PolicyResource } from "@pulumi/policy";
import { z } from "zod";
import { REQUIRED_LABELS, requiresCustomerKey } from "./controls";
import {
  DOMAIN_LABELS,
  labelled,
  ofType,
  resourcePolicy,
  resourcesOf,
  stackPolicy,
  type Props,
  type ResourceClass,
} from "./building-blocks";

type Bucket = Props<aws.s3.BucketArgs>;

const KMS_ALGORITHMS = ["aws:kms", "aws:kms:dsse"];
export const MAX_KEY_ROTATION_DAYS = 365;

/** Buckets of the stack with their names; a bucket without a literal name cannot be matched. */
function buckets(
  all: readonly PolicyResource[],
): { resource: PolicyResource; props: Bucket; name: string }[] {
  return resourcesOf(all, aws.s3.Bucket).map(({ resource, props }) => ({
    resource,
    props,
    name: props.bucket ?? resource.name,
  }));
}

/** Side resources of one class keyed by the bucket they configure. */
function byBucket<TArgs extends { bucket: unknown }>(
  all: readonly PolicyResource[],
  resourceClass: ResourceClass<TArgs>,
): Map<string, Props<TArgs>[]> {
  const map = new Map<string, Props<TArgs>[]>();
  for (const { props } of resourcesOf(all, resourceClass)) {
    // TArgs has a bucket, but TypeScript cannot see through Unwrap of a generic; read it as unknown.
    const bucket = (props as { bucket: unknown }).bucket;
    if (typeof bucket !== "string") continue;
    map.set(bucket, [...(map.get(bucket) ?? []), props]);
  }
  return map;
}

function bucketOfArn(arn: string): string | undefined {
  return /^arn:aws[a-z-]*:s3:::([^/]+)$/.exec(arn)?.[1];
}

type SseConfig = Props<aws.s3.BucketServerSideEncryptionConfigurationArgs>;

function kmsRule(config: SseConfig) {
  return config.rules.find(
    (rule) =>
      rule.applyServerSideEncryptionByDefault !== undefined &&
      KMS_ALGORITHMS.includes(rule.applyServerSideEncryptionByDefault.sseAlgorithm) &&
      (rule.applyServerSideEncryptionByDefault.kmsMasterKeyId ?? "") !== "",
  );
}

const ENCRYPTION = stackPolicy(
  "aws",
  "MP-ENC-001",
  "every S3 bucket has a default-encryption configuration (BucketServerSideEncryptionConfiguration) " +
    "with SSE-S3 or SSE-KMS; buckets tagged classification confidential or restricted use SSE-KMS " +
    "with a named KMS key, and so do the AWS Backup vaults of those products (kmsKeyArn).",
  (args, report) => {
    const sse = byBucket(args.resources, aws.s3.BucketServerSideEncryptionConfiguration);
    for (const { resource, props, name } of buckets(args.resources)) {
      const configs = sse.get(name) ?? [];
      if (configs.length === 0) {
        report(`bucket ${name} has no default encryption configuration`, resource.urn);
        continue;
      }
      const classification = props.tags?.classification;
      if (classification !== undefined && requiresCustomerKey(classification)) {
        if (!configs.some((config) => kmsRule(config) !== undefined)) {
          report(`${classification} bucket ${name} must use SSE-KMS with a KMS key`, resource.urn);
        }
      }
    }
    for (const { resource, props } of resourcesOf(args.resources, aws.backup.Vault)) {
      const classification = props.tags?.classification;
      if (classification !== undefined && requiresCustomerKey(classification)) {
        if ((props.kmsKeyArn ?? "") === "") {
          report(
            `the backup vault of a ${classification} product must set kmsKeyArn`,
            resource.urn,
          );
        }
      }
    }
  },
);

const PUBLIC_BLOCKS = [
  "blockPublicAcls",
  "blockPublicPolicy",
  "ignorePublicAcls",
  "restrictPublicBuckets",
] as const;

const NETWORK = stackPolicy(
  "aws",
  "MP-NET-001",
  "every S3 bucket has a public access block with all four settings true and ownership controls " +
    "BucketOwnerEnforced (ACLs off); Lambda Function URLs use AWS_IAM auth; Lambda permissions " +
    'never name the principal "*".',
  (args, report) => {
    const blocks = byBucket(args.resources, aws.s3.BucketPublicAccessBlock);
    const ownership = byBucket(args.resources, aws.s3.BucketOwnershipControls);
    for (const { resource, name } of buckets(args.resources)) {
      const block = blocks.get(name)?.[0];
      const off =
        block === undefined
          ? [...PUBLIC_BLOCKS]
          : PUBLIC_BLOCKS.filter((key) => block[key] !== true);
      if (off.length > 0) {
        report(`bucket ${name} must block public access: ${off.join(", ")} not true`, resource.urn);
      }
      const owner = ownership.get(name)?.[0]?.rule.objectOwnership;
      if (owner !== "BucketOwnerEnforced") {
        report(
          `bucket ${name} must set object ownership BucketOwnerEnforced, not ${owner ?? "unset"}`,
          resource.urn,
        );
      }
    }
    for (const { resource, props } of resourcesOf(args.resources, aws.lambda.FunctionUrl)) {
      if (props.authorizationType !== "AWS_IAM") {
        report(`Function URLs must use AWS_IAM auth, not ${props.authorizationType}`, resource.urn);
      }
    }
    for (const { resource, props } of resourcesOf(args.resources, aws.lambda.Permission)) {
      if (props.principal === "*")
        report("a Lambda permission must not grant the principal *", resource.urn);
    }
  },
);

const Statement = z.object({
  Effect: z.string(),
  Action: z.union([z.string(), z.array(z.string())]).optional(),
  Resource: z.union([z.string(), z.array(z.string())]).optional(),
  Principal: z.unknown().optional(),
  Condition: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
});
type Statement = z.infer<typeof Statement>;
const Document = z.object({ Statement: z.union([Statement, z.array(Statement)]) });

/** Statements of a policy given as JSON text or as an object; undefined when it is neither. */
export function statementsOf(policy: unknown): Statement[] | undefined {
  let value = policy;
  if (typeof policy === "string") {
    try {
      value = JSON.parse(policy);
    } catch {
      return undefined;
    }
  }
  const parsed = Document.safeParse(value);
  if (!parsed.success) return undefined;
  return [parsed.data.Statement].flat();
}

function list(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : [value].flat();
}

function deniesInsecureTransport(statement: Statement, bucketName: string): boolean {
  const resources = list(statement.Resource);
  return (
    statement.Effect === "Deny" &&
    statement.Principal === "*" &&
    list(statement.Action).some((action) => action === "s3:*" || action === "*") &&
    statement.Condition?.Bool?.["aws:SecureTransport"] === "false" &&
    resources.some((arn) => arn.endsWith(`:::${bucketName}`)) &&
    resources.some((arn) => arn.endsWith(`:::${bucketName}/*`))
  );
}

const TLS = stackPolicy(
  "aws",
  "MP-TLS-001",
  "every S3 bucket has a bucket policy with a statement that denies s3:* to everyone on the bucket " +
    'and its objects when aws:SecureTransport is "false".',
  (args, report) => {
    const policies = byBucket(args.resources, aws.s3.BucketPolicy);
    for (const { resource, name } of buckets(args.resources)) {
      const statements = (policies.get(name) ?? []).flatMap((p) => statementsOf(p.policy) ?? []);
      if (!statements.some((statement) => deniesInsecureTransport(statement, name))) {
        report(
          `bucket ${name} must deny requests without TLS (aws:SecureTransport false)`,
          resource.urn,
        );
      }
    }
  },
);

const VERSIONING = stackPolicy(
  "aws",
  "MP-VER-001",
  "every S3 bucket has a BucketVersioning resource with status Enabled.",
  (args, report) => {
    const versioning = byBucket(args.resources, aws.s3.BucketVersioning);
    for (const { resource, name } of buckets(args.resources)) {
      const status = versioning.get(name)?.[0]?.versioningConfiguration.status;
      if (status !== "Enabled") {
        report(`bucket ${name} must enable versioning, not ${status ?? "unset"}`, resource.urn);
      }
    }
  },
);

const LIFECYCLE = stackPolicy(
  "aws",
  "MP-LIF-001",
  "every lifecycle rule that expires current objects by age (expiration.days) waits at least the " +
    "retention-days tag of its bucket (noncurrent-version expiry is exempt: the current version is still there).",
  (args, report) => {
    const tags = new Map(buckets(args.resources).map(({ name, props }) => [name, props.tags]));
    for (const { resource, props } of resourcesOf(
      args.resources,
      aws.s3.BucketLifecycleConfiguration,
    )) {
      const expiring = (props.rules ?? []).filter((rule) => rule.expiration?.days !== undefined);
      if (expiring.length === 0) continue;
      const label = tags.get(props.bucket)?.["retention-days"];
      const retention = Number(label);
      if (label === undefined || !Number.isFinite(retention)) {
        report(
          `bucket ${props.bucket} expires data but has no numeric retention-days tag`,
          resource.urn,
        );
        continue;
      }
      for (const rule of expiring) {
        const days = rule.expiration?.days ?? 0;
        if (days < retention) {
          report(
            `rule ${rule.id} expires objects after ${days} days, before the ${retention}-day retention`,
            resource.urn,
          );
        }
      }
    }
  },
);

function vaultRegion(arn: string): string | undefined {
  return /^arn:aws[a-z-]*:backup:([a-z0-9-]+):\d{12}:backup-vault:/.exec(arn)?.[1];
}

/** Gold buckets that are the source of an enabled replication rule to a bucket in another region. */
function geoViolations(all: readonly PolicyResource[]): { urn: string; message: string }[] {
  const list = buckets(all);
  const regionOf = new Map(list.map(({ name, props }) => [name, props.region]));
  const replication = byBucket(all, aws.s3.BucketReplicationConfig);
  const destinations = new Set(
    [...replication.values()]
      .flat()
      .flatMap((config) => config.rules.map((rule) => bucketOfArn(rule.destination.bucket))),
  );
  const copyRegions = resourcesOf(all, aws.backup.Plan).flatMap(({ props }) =>
    props.rules.flatMap((rule) =>
      (rule.copyActions ?? []).map((copy) => vaultRegion(copy.destinationVaultArn)),
    ),
  );
  const out: { urn: string; message: string }[] = [];
  for (const { resource, props, name } of list) {
    if (props.tags?.tier !== "gold" || destinations.has(name)) continue;
    const region = props.region;
    const remote = (replication.get(name) ?? [])
      .flatMap((config) => config.rules)
      .filter((rule) => rule.status === "Enabled")
      .map((rule) => regionOf.get(bucketOfArn(rule.destination.bucket) ?? ""));
    if (region === undefined || !remote.some((r) => r !== undefined && r !== region)) {
      out.push({
        urn: resource.urn,
        message: `gold bucket ${name} must replicate to a bucket in another region`,
      });
    }
    if (!copyRegions.some((r) => r !== undefined && r !== region)) {
      out.push({
        urn: resource.urn,
        message: `gold bucket ${name} needs a backup plan copying to a vault in another region`,
      });
    }
  }
  return out;
}

const GEO = stackPolicy(
  "aws",
  "MP-GEO-001",
  "every S3 bucket tagged tier gold that is not itself a replication destination has an enabled " +
    "replication rule to a bucket whose region differs from its own, and the stack has an AWS Backup " +
    "plan rule that copies to a vault in another region.",
  (args, report) => {
    for (const { urn, message } of geoViolations(args.resources)) report(message, urn);
  },
);

const KEYS = stackPolicy(
  "aws",
  "MP-KEY-001",
  "buckets tagged classification restricted use SSE-KMS with a customer-managed key (not the " +
    "AWS-managed alias/aws/s3), and every KMS key is a symmetric ENCRYPT_DECRYPT key with automatic " +
    `rotation at least every ${MAX_KEY_ROTATION_DAYS} days.`,
  (args, report) => {
    const sse = byBucket(args.resources, aws.s3.BucketServerSideEncryptionConfiguration);
    for (const { resource, props, name } of buckets(args.resources)) {
      if (props.tags?.classification !== "restricted") continue;
      const keys = (sse.get(name) ?? []).map(
        (config) => kmsRule(config)?.applyServerSideEncryptionByDefault?.kmsMasterKeyId,
      );
      if (!keys.some((key) => key !== undefined && !key.endsWith("alias/aws/s3"))) {
        report(
          `restricted bucket ${name} must be encrypted with a customer-managed KMS key`,
          resource.urn,
        );
      }
    }
    for (const { resource, props } of resourcesOf(args.resources, aws.kms.Key)) {
      if (props.keyUsage !== undefined && props.keyUsage !== "ENCRYPT_DECRYPT") {
        report(`KMS keys must be ENCRYPT_DECRYPT, not ${props.keyUsage}`, resource.urn);
      }
      if (props.enableKeyRotation !== true)
        report("the KMS key must enable automatic rotation", resource.urn);
      const period = props.rotationPeriodInDays ?? MAX_KEY_ROTATION_DAYS;
      if (period > MAX_KEY_ROTATION_DAYS) {
        report(
          `rotationPeriodInDays ${period} is longer than ${MAX_KEY_ROTATION_DAYS} days`,
          resource.urn,
        );
      }
    }
  },
);

const LABELS = resourcePolicy(
  "aws",
  "MP-LBL-001",
  `every taggable resource the components create carries the mesh labels (${REQUIRED_LABELS.join(", ")}) ` +
    "as tags: S3 buckets, KMS keys, backup vaults and plans, IAM roles, Lambda functions, log groups, " +
    `alarms and SNS topics; a Glue database belongs to a domain and carries ${DOMAIN_LABELS.join(", ")}.`,
  [
    labelled(aws.s3.Bucket, (p) => p.tags),
    labelled(aws.kms.Key, (p) => p.tags),
    labelled(aws.backup.Vault, (p) => p.tags),
    labelled(aws.backup.Plan, (p) => p.tags),
    labelled(aws.iam.Role, (p) => p.tags),
    labelled(aws.lambda.Function, (p) => p.tags),
    labelled(aws.cloudwatch.LogGroup, (p) => p.tags),
    labelled(aws.cloudwatch.MetricAlarm, (p) => p.tags),
    labelled(aws.sns.Topic, (p) => p.tags),
    labelled(aws.glue.CatalogDatabase, (p) => p.tags, DOMAIN_LABELS),
  ],
);

/**
 * Whether a resource ARN pins down what it grants: no wildcard in partition, service, region or
 * account, and within the resource part a wildcard only after a named resource and a `/` or `:`
 * (objects below a bucket prefix, the streams of one log group). Bare "*" never passes.
 */
export function scopedResource(arn: string): boolean {
  const parts = arn.split(":");
  if (parts.length < 6 || parts[0] !== "arn") return false;
  if (parts.slice(1, 5).some((part) => /[*?]/.test(part))) return false;
  const service = parts[2];
  const resource = parts.slice(5).join(":");
  const wildcard = resource.search(/[*?]/);
  if (wildcard < 0) return resource.length > 0;
  const prefix = resource.slice(0, wildcard);
  if (!prefix.endsWith("/") && !prefix.endsWith(":")) return false;
  const named = prefix.split(/[/:]/).filter((segment) => segment !== "");
  return named.length >= (service === "s3" ? 1 : 2);
}

export function statementProblems(statement: Statement): string[] {
  if (statement.Effect !== "Allow") return [];
  const problems: string[] = [];
  for (const action of list(statement.Action)) {
    if (/[*?]/.test(action)) problems.push(`action ${action} is a wildcard`);
  }
  for (const resource of list(statement.Resource)) {
    if (!scopedResource(resource)) problems.push(`resource ${resource} is a wildcard or unscoped`);
  }
  return problems;
}

function trustsLambda(role: Props<aws.iam.RoleArgs>): boolean {
  return (statementsOf(role.assumeRolePolicy) ?? []).some((statement) =>
    JSON.stringify(statement.Principal ?? "").includes("lambda.amazonaws.com"),
  );
}

const IAM = stackPolicy(
  "aws",
  "MP-IAM-001",
  "every IAM role that Lambda assumes gets its permissions from inline policies only (no managed " +
    "policy attachments, whose contents the pack cannot see), and no Allow statement names a " +
    "wildcard action or an unscoped resource (a wildcard only below a named bucket prefix or log group).",
  (args, report) => {
    const roles = resourcesOf(args.resources, aws.iam.Role).filter(({ props }) =>
      trustsLambda(props),
    );
    const names = new Set(roles.map(({ props, resource }) => props.name ?? resource.name));
    for (const { resource, props } of roles) {
      if ((props.managedPolicyArns ?? []).length > 0) {
        report("a function role must not attach managed policies", resource.urn);
      }
      for (const inline of props.inlinePolicies ?? []) {
        for (const problem of (statementsOf(inline.policy) ?? []).flatMap(statementProblems))
          report(problem, resource.urn);
      }
    }
    for (const { resource, props } of resourcesOf(args.resources, aws.iam.RolePolicy)) {
      if (typeof props.role !== "string" || !names.has(props.role)) continue;
      const statements = statementsOf(props.policy);
      if (statements === undefined) {
        report("the function role policy is not a readable policy document", resource.urn);
        continue;
      }
      for (const problem of statements.flatMap(statementProblems)) report(problem, resource.urn);
    }
    for (const { resource, props } of resourcesOf(args.resources, aws.iam.RolePolicyAttachment)) {
      if (typeof props.role === "string" && names.has(props.role))
        report(`a function role must not attach ${props.policyArn}`, resource.urn);
    }
  },
);

const FUNCTIONS = resourcePolicy(
  "aws",
  "MP-FN-001",
  "every Lambda function sets reservedConcurrentExecutions to at least 1: an explicit cap on its " +
    "concurrency (unset or -1 draws on the whole account's pool).",
  ofType(aws.lambda.Function, (fn, _args, report) => {
    const reserved = fn.reservedConcurrentExecutions;
    if (reserved === undefined || reserved < 1) {
      report(`the function must reserve concurrency of at least 1, not ${reserved ?? "unset"}`);
    }
  }),
);

export const awsPolicies: Policy[] = [
  ENCRYPTION,
  NETWORK,
  TLS,
  VERSIONING,
  LIFECYCLE,
  GEO,
  KEYS,
  LABELS,
  IAM,
  FUNCTIONS,
];
