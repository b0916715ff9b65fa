/**
 * The mesh controls on AWS (see controls.ts). Each policy checks one control on the resources the
 * AWS components create; descriptions say exactly what is checked. Controls that concern a
 * bucket's side resources (encryption, public access block, versioning, policy, lifecycle,
 * replication, logging) are stack policies: S3 keeps those settings in resources of their own,
 * matched to their bucket by bucket name.
 *
 * Buckets come in three kinds, told apart by the graph itself: a log bucket is the target of some
 * BucketLogging and never its source (MP-LOG-001 makes every other bucket a source, so a data
 * bucket cannot pass for one); a replica is the destination of a replication rule; every other
 * bucket holds a product's data.
 */
import * as aws from "@pulumi/aws";
import type { Policy, PolicyResource } from "@pulumi/policy";
import { z } from "zod";
import {
  AWS_MAX_RESERVED_CONCURRENCY,
  CMK_CLASSIFICATIONS,
  INFERENCE_ALERT_THRESHOLDS,
  LOG_RETENTION_DAYS,
  restrictedRecordProblems,
  usesCustomerManagedKey,
} from "#contract";
import { GRANT_SID_PREFIX, parseKmsGrantName } from "../aws/planning/access";
import { XRAY_WRITE_ACTIONS } from "../aws/planning/iam";
import { CONTROL_IDS, REQUIRED_LABELS, type ControlId } from "./controls";
import { dataPrefixProblem, transitionProblems } from "./lifecycle";
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
/** The longest AWS allows a scheduled key deletion to wait, and the least the pack accepts. */
export const MIN_KEY_DELETION_WINDOW_DAYS = 30;
/** Gold backups are kept at least the gold soft-delete window. */
const MIN_BACKUP_RETENTION_DAYS = 30;
/** AWS keeps continuous backups 35 days at most. */
const MAX_CONTINUOUS_RETENTION_DAYS = 35;

interface NamedBucket {
  resource: PolicyResource;
  props: Bucket;
  name: string;
}

/** Buckets of the stack with their names; a bucket without a literal name cannot be matched. */
function buckets(all: readonly PolicyResource[]): NamedBucket[] {
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

/** The last part of an ARN (`arn:aws:sqs:r:a:name` → `name`): how resources name each other. */
function arnName(arn: string): string | undefined {
  return /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:\d*:(?:[a-z-]+[:/])?([^:/]+)$/.exec(arn)?.[1];
}

/** Log buckets: targets of a BucketLogging that are never a BucketLogging's source. */
function logBuckets(all: readonly PolicyResource[]): Set<string> {
  const logging = resourcesOf(all, aws.s3.BucketLogging).map(({ props }) => props);
  const sources = new Set(logging.map((l) => l.bucket));
  return new Set(logging.map((l) => l.targetBucket).filter((target) => !sources.has(target)));
}

/** Buckets some replication rule copies into. */
function replicationDestinations(all: readonly PolicyResource[]): Set<string> {
  return new Set(
    resourcesOf(all, aws.s3.BucketReplicationConfig).flatMap(({ props }) =>
      props.rules.flatMap((rule) => bucketOfArn(rule.destination.bucket) ?? []),
    ),
  );
}

/** Buckets that hold a product's data: every bucket but the log buckets. */
function dataBuckets(all: readonly PolicyResource[]): NamedBucket[] {
  const logs = logBuckets(all);
  return buckets(all).filter(({ name }) => !logs.has(name));
}

/** Gold data buckets that are a source of the product's data (not its replica). */
function goldSources(all: readonly PolicyResource[]): NamedBucket[] {
  const destinations = replicationDestinations(all);
  return dataBuckets(all).filter(
    ({ props, name }) => props.tags?.tier === "gold" && !destinations.has(name),
  );
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

function named(value: string | undefined): boolean {
  return value !== undefined && value !== "";
}

const ENCRYPTION = stackPolicy(
  "aws",
  "MP-ENC-001",
  "every S3 bucket has a default-encryption configuration (BucketServerSideEncryptionConfiguration) " +
    "with SSE-S3 or SSE-KMS; every SNS topic and SQS queue is encrypted with a KMS key " +
    "(kmsMasterKeyId; a queue may use SQS-managed keys). MP-KEY-001 says which data needs a customer-managed key.",
  (args, report) => {
    const sse = byBucket(args.resources, aws.s3.BucketServerSideEncryptionConfiguration);
    for (const { resource, name } of buckets(args.resources)) {
      if ((sse.get(name) ?? []).length === 0) {
        report(`bucket ${name} has no default encryption configuration`, resource.urn);
      }
    }
    for (const { resource, props } of resourcesOf(args.resources, aws.sns.Topic)) {
      if (!named(props.kmsMasterKeyId)) {
        report(`SNS topic ${props.name ?? resource.name} must set kmsMasterKeyId`, resource.urn);
      }
    }
    for (const { resource, props } of resourcesOf(args.resources, aws.sqs.Queue)) {
      if (!named(props.kmsMasterKeyId) && props.sqsManagedSseEnabled !== true) {
        report(`SQS queue ${props.name ?? resource.name} must be encrypted at rest`, resource.urn);
      }
    }
  },
);

const KEYS = stackPolicy(
  "aws",
  "MP-KEY-001",
  `data buckets (not log buckets) tagged classification ${CMK_CLASSIFICATIONS.join(", ")} use SSE-KMS ` +
    "with a customer-managed key (not the AWS-managed alias/aws/s3), the AWS Backup vaults of those " +
    "products set kmsKeyArn, and every KMS key is a symmetric ENCRYPT_DECRYPT key with automatic " +
    `rotation at least every ${MAX_KEY_ROTATION_DAYS} days.`,
  (args, report) => {
    const sse = byBucket(args.resources, aws.s3.BucketServerSideEncryptionConfiguration);
    for (const { resource, props, name } of dataBuckets(args.resources)) {
      const classification = props.tags?.classification ?? "";
      if (!usesCustomerManagedKey(classification)) continue;
      const keys = (sse.get(name) ?? []).map(
        (config) => kmsRule(config)?.applyServerSideEncryptionByDefault?.kmsMasterKeyId,
      );
      if (!keys.some((key) => key !== undefined && !key.endsWith("alias/aws/s3"))) {
        report(
          `${classification} bucket ${name} must be encrypted with a customer-managed KMS key`,
          resource.urn,
        );
      }
    }
    for (const { resource, props } of resourcesOf(args.resources, aws.backup.Vault)) {
      const classification = props.tags?.classification ?? "";
      if (usesCustomerManagedKey(classification) && !named(props.kmsKeyArn)) {
        report(`the backup vault of a ${classification} product must set kmsKeyArn`, resource.urn);
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

const KEY_DELETION = resourcePolicy(
  "aws",
  "MP-KEY-002",
  `every KMS key waits at least ${MIN_KEY_DELETION_WINDOW_DAYS} days before a scheduled deletion ` +
    "(deletionWindowInDays unset means 30): a mistaken delete can be cancelled, and the data it " +
    "encrypts stays readable meanwhile.",
  ofType(aws.kms.Key, (key, _args, report) => {
    const window = key.deletionWindowInDays ?? MIN_KEY_DELETION_WINDOW_DAYS;
    if (window < MIN_KEY_DELETION_WINDOW_DAYS) {
      report(`deletionWindowInDays ${window} is shorter than ${MIN_KEY_DELETION_WINDOW_DAYS} days`);
    }
  }),
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
    "BucketOwnerEnforced (ACLs off).",
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
  },
);

const FUNCTION_AUTH = resourcePolicy(
  "aws",
  "MP-NET-002",
  'Lambda Function URLs use AWS_IAM auth, and no Lambda permission names the principal "*": ' +
    "only IAM principals granted lambda:InvokeFunctionUrl, and services for their own resources, invoke.",
  [
    ofType(aws.lambda.FunctionUrl, (url, _args, report) => {
      if (url.authorizationType !== "AWS_IAM") {
        report(`Function URLs must use AWS_IAM auth, not ${url.authorizationType}`);
      }
    }),
    ofType(aws.lambda.Permission, (permission, _args, report) => {
      if (permission.principal === "*")
        report("a Lambda permission must not grant the principal *");
    }),
  ],
);

const Statement = z.object({
  Sid: z.string().optional(),
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

type LifecycleRule = NonNullable<Props<aws.s3.BucketLifecycleConfigurationArgs>["rules"]>[number];

function rulePrefix(rule: LifecycleRule): string | undefined {
  return rule.filter?.prefix ?? rule.filter?.and?.prefix;
}

/** What a lifecycle rule that tiers or expires by age may filter on in this bucket. */
function prefixProblem(
  prefix: string | undefined,
  logPrefixes: readonly string[] | undefined,
): string | undefined {
  if (logPrefixes === undefined) return dataPrefixProblem(prefix);
  return prefix !== undefined && logPrefixes.includes(prefix)
    ? undefined
    : `filters on ${prefix === undefined || prefix === "" ? "the whole bucket" : prefix}, not the log prefix ${logPrefixes.join(", ")}`;
}

const LIFECYCLE_RULES = stackPolicy(
  "aws",
  "MP-LIF-002",
  "every lifecycle rule that transitions or expires current objects by age filters on a table's " +
    "data/ folder (a log bucket: its log prefix), never the whole bucket with Iceberg metadata; it " +
    "transitions to online classes only (STANDARD_IA not before day 30, GLACIER_IR; offline GLACIER " +
    "and DEEP_ARCHIVE only in replication destinations nobody queries), and objects stay in each " +
    "class at least its minimum storage duration before the next step or expiry (contract/storage-classes.ts).",
  (args, report) => {
    const destinations = replicationDestinations(args.resources);
    const logPrefixes = new Map<string, string[]>();
    const logs = logBuckets(args.resources);
    for (const { props } of resourcesOf(args.resources, aws.s3.BucketLogging)) {
      if (!logs.has(props.targetBucket)) continue;
      logPrefixes.set(props.targetBucket, [
        ...(logPrefixes.get(props.targetBucket) ?? []),
        props.targetPrefix,
      ]);
    }
    for (const { resource, props } of resourcesOf(
      args.resources,
      aws.s3.BucketLifecycleConfiguration,
    )) {
      for (const rule of props.rules ?? []) {
        const transitions = (rule.transitions ?? []).map((t) => ({
          storageClass: t.storageClass,
          day: t.days ?? 0,
        }));
        const expireDay = rule.expiration?.days;
        if (transitions.length === 0 && expireDay === undefined) continue;
        const where = prefixProblem(rulePrefix(rule), logPrefixes.get(props.bucket));
        if (where !== undefined) report(`rule ${rule.id} ${where}`, resource.urn);
        for (const problem of transitionProblems("aws", transitions, expireDay, {
          offlineAllowed: destinations.has(props.bucket),
        })) {
          report(`rule ${rule.id} of bucket ${props.bucket}: ${problem}`, resource.urn);
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
  const regionOf = new Map(buckets(all).map(({ name, props }) => [name, props.region]));
  const replication = byBucket(all, aws.s3.BucketReplicationConfig);
  const copyRegions = resourcesOf(all, aws.backup.Plan).flatMap(({ props }) =>
    props.rules.flatMap((rule) =>
      (rule.copyActions ?? []).map((copy) => vaultRegion(copy.destinationVaultArn)),
    ),
  );
  const out: { urn: string; message: string }[] = [];
  for (const { resource, props, name } of goldSources(all)) {
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
  "every data bucket tagged tier gold that is not itself a replication destination has an enabled " +
    "replication rule to a bucket whose region differs from its own, and the stack has an AWS Backup " +
    "plan rule that copies to a vault in another region. Log buckets hold access logs, not data.",
  (args, report) => {
    for (const { urn, message } of geoViolations(args.resources)) report(message, urn);
  },
);

/** Whether an AWS Backup schedule runs at least once a day (`cron(m h * * ? *)`, `rate(...)`). */
export function runsAtLeastDaily(schedule: string | undefined): boolean {
  if (schedule === undefined) return false;
  const rate = /^rate\((\d+) (minutes?|hours?|days?)\)$/.exec(schedule);
  if (rate !== null) return !rate[2]?.startsWith("day") || Number(rate[1]) <= 1;
  const fields = /^cron\((.+)\)$/.exec(schedule)?.[1]?.split(/\s+/);
  if (fields?.length !== 6) return false;
  const [, , dayOfMonth, month, dayOfWeek] = fields;
  const every = (field: string | undefined) => field === "*" || field === "?";
  return every(dayOfMonth) && every(month) && every(dayOfWeek);
}

type PlanRule = Props<aws.backup.PlanArgs>["rules"][number];

function planRules(all: readonly PolicyResource[]): { resource: PolicyResource; rule: PlanRule }[] {
  return resourcesOf(all, aws.backup.Plan).flatMap(({ resource, props }) =>
    props.rules.map((rule) => ({ resource, rule })),
  );
}

/** Bucket names an AWS Backup selection covers. */
function selectedBuckets(all: readonly PolicyResource[]): Set<string> {
  return new Set(
    resourcesOf(all, aws.backup.Selection).flatMap(({ props }) =>
      (props.resources ?? []).flatMap((arn) => bucketOfArn(arn) ?? []),
    ),
  );
}

const BACKUPS = stackPolicy(
  "aws",
  "MP-BAK-001",
  "every gold data bucket that is not a replica is in an AWS Backup selection, and a backup plan " +
    `has a snapshot rule scheduled at least daily whose backups, and their copies, are kept at least ${MIN_BACKUP_RETENTION_DAYS} days.`,
  (args, report) => {
    const gold = goldSources(args.resources);
    if (gold.length === 0) return;
    const selected = selectedBuckets(args.resources);
    for (const { resource, name } of gold) {
      if (!selected.has(name)) {
        report(`gold bucket ${name} is in no AWS Backup selection`, resource.urn);
      }
    }
    const rules = planRules(args.resources).filter(({ rule }) => !rule.enableContinuousBackup);
    if (!rules.some(({ rule }) => runsAtLeastDaily(rule.schedule))) {
      report("gold data needs a backup rule scheduled at least daily", gold[0]?.resource.urn);
    }
    for (const { resource, rule } of rules) {
      const kept = [
        rule.lifecycle?.deleteAfter,
        ...(rule.copyActions ?? []).map((c) => c.lifecycle?.deleteAfter),
      ];
      if (kept.some((days) => days !== undefined && days < MIN_BACKUP_RETENTION_DAYS)) {
        report(
          `backup rule ${rule.ruleName} keeps backups less than ${MIN_BACKUP_RETENTION_DAYS} days`,
          resource.urn,
        );
      }
    }
  },
);

const IMMUTABLE_BACKUPS = stackPolicy(
  "aws",
  "MP-BAK-002",
  "every AWS Backup vault tagged tier gold has a VaultLockConfiguration in compliance mode " +
    "(changeableForDays set: after it nobody can delete a recovery point early or remove the lock) " +
    "with a minimum retention.",
  (args, report) => {
    const locks = new Map(
      resourcesOf(args.resources, aws.backup.VaultLockConfiguration).map(({ props }) => [
        props.backupVaultName,
        props,
      ]),
    );
    for (const { resource, props } of resourcesOf(args.resources, aws.backup.Vault)) {
      if (props.tags?.tier !== "gold") continue;
      const name = props.name ?? resource.name;
      const lock = locks.get(name);
      if (lock === undefined) {
        report(`gold backup vault ${name} has no vault lock`, resource.urn);
      } else if (lock.changeableForDays === undefined) {
        report(
          `the vault lock of ${name} is in governance mode: set changeableForDays`,
          resource.urn,
        );
      } else if ((lock.minRetentionDays ?? 0) < 1) {
        report(`the vault lock of ${name} must set minRetentionDays`, resource.urn);
      }
    }
  },
);

const POINT_IN_TIME = stackPolicy(
  "aws",
  "MP-PITR-001",
  "when the stack has gold data buckets, an AWS Backup plan has a rule with enableContinuousBackup " +
    `kept ${MIN_BACKUP_RETENTION_DAYS} to ${MAX_CONTINUOUS_RETENTION_DAYS} days (the gold soft-delete window to AWS's maximum), and ` +
    "every such bucket is selected.",
  (args, report) => {
    const gold = goldSources(args.resources);
    const first = gold[0];
    if (first === undefined) return;
    const continuous = planRules(args.resources).filter(({ rule }) => rule.enableContinuousBackup);
    const kept = (rule: PlanRule) => rule.lifecycle?.deleteAfter ?? Number.POSITIVE_INFINITY;
    if (continuous.length === 0) {
      report(
        `gold bucket ${first.name} needs a continuous backup rule (point-in-time restore)`,
        first.resource.urn,
      );
    }
    for (const { resource, rule } of continuous) {
      const days = kept(rule);
      if (days < MIN_BACKUP_RETENTION_DAYS || days > MAX_CONTINUOUS_RETENTION_DAYS) {
        report(
          `continuous backup rule ${rule.ruleName} keeps ${days} days, not ${MIN_BACKUP_RETENTION_DAYS} to ${MAX_CONTINUOUS_RETENTION_DAYS}`,
          resource.urn,
        );
      }
    }
    const selected = selectedBuckets(args.resources);
    for (const { resource, name } of gold) {
      if (!selected.has(name))
        report(`gold bucket ${name} is not selected for continuous backup`, resource.urn);
    }
  },
);

/** Iceberg numbers partition fields from 1000 (table spec, "Partition Specs"). */
const FIRST_PARTITION_FIELD_ID = 1000;

const CATALOG = resourcePolicy(
  "aws",
  "MP-CAT-001",
  "every Glue table is an Iceberg v2 table (openTableFormatInput.icebergInput metadataOperation " +
    "CREATE, version 2) whose partition spec, when it has one, numbers its fields from " +
    `${FIRST_PARTITION_FIELD_ID} without repeats and partitions columns of its schema.`,
  ofType(aws.glue.CatalogTable, (table, _args, report) => {
    const iceberg = table.openTableFormatInput?.icebergInput;
    if (iceberg?.metadataOperation !== "CREATE" || iceberg.version !== "2") {
      report(
        `the table must be registered as Iceberg version 2, not ${iceberg === undefined ? "a non-Iceberg table" : `version ${iceberg.version ?? "unset"}`}`,
      );
      return;
    }
    const input = iceberg.icebergTableInput;
    const columns = new Set((input?.schema.fields ?? []).map((field) => field.id));
    const ids = new Set<number>();
    for (const field of input?.partitionSpec?.fields ?? []) {
      if (
        field.fieldId === undefined ||
        field.fieldId < FIRST_PARTITION_FIELD_ID ||
        ids.has(field.fieldId)
      ) {
        report(
          `partition field ${field.name} has id ${field.fieldId ?? "unset"}: ids start at ${FIRST_PARTITION_FIELD_ID} and never repeat`,
        );
      }
      if (field.fieldId !== undefined) ids.add(field.fieldId);
      if (!columns.has(field.sourceId)) {
        report(
          `partition field ${field.name} partitions column id ${field.sourceId}, not in the schema`,
        );
      }
    }
  }),
);

const LABELS = resourcePolicy(
  "aws",
  "MP-LBL-001",
  `every taggable resource the components create carries the mesh labels (${REQUIRED_LABELS.join(", ")}) ` +
    "as tags: S3 buckets, KMS keys, backup vaults and plans, IAM roles, Lambda functions, log groups, " +
    `alarms, SNS topics and SQS queues; a Glue database belongs to a domain and carries ${DOMAIN_LABELS.join(", ")}.`,
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
    labelled(aws.sqs.Queue, (p) => p.tags),
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

/** Actions that take no resource ARN: `Resource: "*"` is how they are granted (X-Ray's writes). */
export const RESOURCE_LESS_ACTIONS: readonly string[] = XRAY_WRITE_ACTIONS;

/** What a function may do with S3: read objects and list its prefix, nothing that writes. */
export const READ_ONLY_S3_ACTIONS: readonly string[] = [
  "s3:GetObject",
  "s3:GetObjectVersion",
  "s3:ListBucket",
];

/** `arn:aws:s3:::bucket/*`: every object of a bucket, not a product's prefix. */
function wholeBucketObjects(arn: string): boolean {
  return /^arn:aws[a-z-]*:s3:::[^/]+\/\*$/.test(arn);
}

/**
 * Wildcards in an Allow statement: a wildcard action, or a resource that is unscoped (`Resource:
 * "*"` passes only when every action takes no resource). The rule for every role the pack reads.
 */
export function wildcardProblems(statement: Statement): string[] {
  if (statement.Effect !== "Allow") return [];
  const actions = list(statement.Action);
  const problems = actions
    .filter((action) => /[*?]/.test(action))
    .map((action) => `action ${action} is a wildcard`);
  const resourceLess =
    actions.length > 0 && actions.every((action) => RESOURCE_LESS_ACTIONS.includes(action));
  for (const resource of list(statement.Resource)) {
    if (resource === "*" && resourceLess) continue;
    if (!scopedResource(resource)) problems.push(`resource ${resource} is a wildcard or unscoped`);
  }
  return problems;
}

/**
 * What a function's role may not grant: wildcards, and on S3 anything but reading its product's
 * objects (no writes or deletes, not every object of the bucket).
 */
export function statementProblems(statement: Statement): string[] {
  if (statement.Effect !== "Allow") return [];
  const problems = wildcardProblems(statement);
  for (const action of list(statement.Action)) {
    if (
      action.startsWith("s3:") &&
      !/[*?]/.test(action) &&
      !READ_ONLY_S3_ACTIONS.includes(action)
    ) {
      problems.push(`action ${action} is not read-only: a function only reads its product's data`);
    }
  }
  for (const resource of list(statement.Resource).filter(wholeBucketObjects)) {
    problems.push(`resource ${resource} is every object of the bucket, not the product's prefix`);
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
    "policy attachments, whose contents the pack cannot see); no Allow statement names a wildcard " +
    "action, an S3 action that writes or deletes, an unscoped resource (a wildcard only below a " +
    "named bucket prefix or log group) or every object of a bucket; Resource * only for actions " +
    `that take no resource (${RESOURCE_LESS_ACTIONS.join(", ")}).`,
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
  "every Lambda function sets reservedConcurrentExecutions from 1 (an explicit cap; unset or -1 " +
    `draws on the whole account's pool) to ${AWS_MAX_RESERVED_CONCURRENCY} (AWS keeps 100 of the ` +
    "default 1000 unreserved).",
  ofType(aws.lambda.Function, (fn, _args, report) => {
    const reserved = fn.reservedConcurrentExecutions;
    if (reserved === undefined || reserved < 1) {
      report(`the function must reserve concurrency of at least 1, not ${reserved ?? "unset"}`);
    } else if (reserved > AWS_MAX_RESERVED_CONCURRENCY) {
      report(
        `the function reserves ${reserved} concurrent executions, more than ${AWS_MAX_RESERVED_CONCURRENCY}`,
      );
    }
  }),
);

/** `arn:aws:lambda:r:a:function:name[:qualifier]` → name and qualifier. */
function lambdaTarget(arn: string): { name: string; qualifier: string | undefined } | undefined {
  const match = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d+:function:([^:]+)(?::([^:]+))?$/.exec(arn);
  return match?.[1] === undefined ? undefined : { name: match[1], qualifier: match[2] };
}

/** The SQS queues of the stack that are some function's on-failure destination, by name. */
function failureQueues(all: readonly PolicyResource[]): Map<string, PolicyResource> {
  const queues = new Map(
    resourcesOf(all, aws.sqs.Queue).map(({ resource, props }) => [
      props.name ?? resource.name,
      resource,
    ]),
  );
  const out = new Map<string, PolicyResource>();
  for (const { props } of resourcesOf(all, aws.lambda.FunctionEventInvokeConfig)) {
    const name = arnName(props.destinationConfig?.onFailure?.destination ?? "");
    const queue = name === undefined ? undefined : queues.get(name);
    if (name !== undefined && queue !== undefined) out.set(name, queue);
  }
  return out;
}

const DEAD_LETTERS = stackPolicy(
  "aws",
  "MP-DLQ-001",
  "every Lambda function (or alias) an S3 bucket notification invokes has a FunctionEventInvokeConfig " +
    "for that function and qualifier whose onFailure destination is an SQS queue of the stack: an " +
    "event that fails every retry is kept, not dropped.",
  (args, report) => {
    const queues = new Set(
      resourcesOf(args.resources, aws.sqs.Queue).map(
        ({ resource, props }) => props.name ?? resource.name,
      ),
    );
    const configs = resourcesOf(args.resources, aws.lambda.FunctionEventInvokeConfig).map(
      ({ props }) => props,
    );
    for (const { resource, props } of resourcesOf(args.resources, aws.s3.BucketNotification)) {
      for (const target of props.lambdaFunctions ?? []) {
        const fn = lambdaTarget(target.lambdaFunctionArn ?? "");
        if (fn === undefined) continue;
        const config = configs.find(
          (c) =>
            (c.functionName === fn.name || lambdaTarget(c.functionName)?.name === fn.name) &&
            (c.qualifier ?? "$LATEST") === (fn.qualifier ?? "$LATEST"),
        );
        const destination = arnName(config?.destinationConfig?.onFailure?.destination ?? "");
        if (config === undefined) {
          report(
            `function ${fn.name} takes S3 events without an on-failure destination`,
            resource.urn,
          );
        } else if (destination === undefined || !queues.has(destination)) {
          report(
            `function ${fn.name}'s on-failure destination must be an SQS queue of the stack`,
            resource.urn,
          );
        }
      }
    }
  },
);

const TRACING = resourcePolicy(
  "aws",
  "MP-TRC-001",
  "every Lambda function sets tracingConfig.mode Active: X-Ray records each request.",
  ofType(aws.lambda.Function, (fn, _args, report) => {
    if (fn.tracingConfig?.mode !== "Active") {
      report(
        `the function must trace requests (tracingConfig.mode Active), not ${fn.tracingConfig?.mode ?? "unset"}`,
      );
    }
  }),
);

type Alarm = Props<aws.cloudwatch.MetricAlarmArgs>;

function metricsOf(
  alarm: Alarm,
): { namespace?: string; metricName?: string; dimensions?: Record<string, string> }[] {
  return [
    { namespace: alarm.namespace, metricName: alarm.metricName, dimensions: alarm.dimensions },
    ...(alarm.metricQueries ?? []).flatMap((q) => (q.metric === undefined ? [] : [q.metric])),
  ];
}

function watches(
  alarm: Alarm,
  namespace: string,
  metricName: string,
  dimension: [string, string],
): boolean {
  return metricsOf(alarm).some(
    (m) =>
      m.namespace === namespace &&
      m.metricName === metricName &&
      m.dimensions?.[dimension[0]] === dimension[1],
  );
}

const MONITORING = stackPolicy(
  "aws",
  "MP-MON-001",
  `every Lambda function has a p99 Duration alarm at no more than ${INFERENCE_ALERT_THRESHOLDS.p99LatencyMs} ms ` +
    `and an error-rate alarm (over its Errors) at no more than ${INFERENCE_ALERT_THRESHOLDS.errorRatePercent} %, ` +
    "every on-failure queue an alarm on any visible message, each notifying an SNS topic of the stack.",
  (args, report) => {
    const alarms = resourcesOf(args.resources, aws.cloudwatch.MetricAlarm);
    const topics = new Set(
      resourcesOf(args.resources, aws.sns.Topic).map(
        ({ resource, props }) => props.name ?? resource.name,
      ),
    );
    const notifies = (alarm: Alarm) =>
      (alarm.alarmActions ?? []).some(
        (arn) => typeof arn === "string" && topics.has(arnName(arn) ?? ""),
      );
    const require = (found: Alarm[], what: string, urn: string, within: (a: Alarm) => boolean) => {
      const alarm = found[0];
      if (alarm === undefined) report(`${what} has no alarm`, urn);
      else if (!within(alarm)) report(`${what} alarms above the platform threshold`, urn);
      else if (!notifies(alarm)) report(`${what}'s alarm notifies no SNS topic of the stack`, urn);
    };
    for (const { resource, props } of resourcesOf(args.resources, aws.lambda.Function)) {
      const name = props.name ?? resource.name;
      const fn: [string, string] = ["FunctionName", name];
      const latency = alarms
        .map((a) => a.props)
        .filter((a) => watches(a, "AWS/Lambda", "Duration", fn) && a.extendedStatistic === "p99");
      require(latency, `function ${name}'s p99 duration`, resource.urn, (a) =>
        (a.threshold ?? Infinity) <= INFERENCE_ALERT_THRESHOLDS.p99LatencyMs);
      const errors = alarms
        .map((a) => a.props)
        .filter((a) => watches(a, "AWS/Lambda", "Errors", fn));
      require(errors, `function ${name}'s error rate`, resource.urn, (a) =>
        (a.threshold ?? Infinity) <= INFERENCE_ALERT_THRESHOLDS.errorRatePercent);
    }
    for (const [name, queue] of failureQueues(args.resources)) {
      const depth = alarms
        .map((a) => a.props)
        .filter((a) =>
          watches(a, "AWS/SQS", "ApproximateNumberOfMessagesVisible", ["QueueName", name]),
        );
      require(depth, `failure queue ${name}`, queue.urn, (a) =>
        (a.threshold ?? Infinity) <= 0 && a.comparisonOperator === "GreaterThanThreshold");
    }
  },
);

const ACCESS_LOGS = stackPolicy(
  "aws",
  "MP-LOG-001",
  "every S3 bucket that is not a log bucket has a BucketLogging to another bucket of the stack in " +
    "its own region (S3 delivers server access logs within a region).",
  (args, report) => {
    const all = buckets(args.resources);
    const regionOf = new Map(all.map(({ name, props }) => [name, props.region]));
    const logging = byBucket(args.resources, aws.s3.BucketLogging);
    for (const { resource, props, name } of dataBuckets(args.resources)) {
      const target = logging.get(name)?.[0]?.targetBucket;
      if (target === undefined)
        report(`bucket ${name} must log data access (BucketLogging)`, resource.urn);
      else if (target === name) report(`bucket ${name} must not log to itself`, resource.urn);
      else if (!regionOf.has(target) || regionOf.get(target) !== props.region) {
        report(
          `bucket ${name} logs to ${target}, not a log bucket of the stack in its region`,
          resource.urn,
        );
      }
    }
  },
);

const LOG_RETENTION = resourcePolicy(
  "aws",
  "MP-LOG-002",
  `every CloudWatch log group keeps its logs at least ${LOG_RETENTION_DAYS} days (unset or 0 keeps ` +
    "them forever) and is encrypted with a customer-managed KMS key (kmsKeyId).",
  ofType(aws.cloudwatch.LogGroup, (group, _args, report) => {
    const days = group.retentionInDays ?? 0;
    if (days !== 0 && days < LOG_RETENTION_DAYS) {
      report(`the log group keeps logs ${days} days, less than ${LOG_RETENTION_DAYS}`);
    }
    if (!named(group.kmsKeyId)) report("the log group must be encrypted with a KMS key (kmsKeyId)");
  }),
);

/**
 * Why an access-grant principal is too broad, or undefined: a wildcard, the public, a whole
 * account (its root or a bare account id), or Lake Formation's stand-in for every IAM principal.
 */
export function broadPrincipalProblem(principal: string): string | undefined {
  if (principal.includes("*")) return `${principal} is a wildcard`;
  if (principal === "IAM_ALLOWED_PRINCIPALS")
    return "IAM_ALLOWED_PRINCIPALS is every IAM principal";
  if (/^\d{12}$/.test(principal) || /:root$/.test(principal)) {
    return `${principal} is a whole account; name the consumer's role`;
  }
  return undefined;
}

/** The AWS principals of a bucket policy statement (`"*"`, `{AWS: …}`), as strings. */
function awsPrincipals(principal: unknown): string[] {
  if (typeof principal === "string") return [principal];
  if (typeof principal !== "object" || principal === null) return [];
  const aws: unknown = Reflect.get(principal, "AWS");
  return [aws].flat().filter((p): p is string => typeof p === "string");
}

const GRANT_PRINCIPALS = resourcePolicy(
  "aws",
  "MP-ACC-001",
  "bucket policy Allow statements name no wildcard, public or whole-account principal; KMS grants " +
    "and Lake Formation permissions name one role, never `*`, IAM_ALLOWED_PRINCIPALS or an account.",
  [
    ofType(aws.s3.BucketPolicy, (props, _args, report) => {
      for (const statement of statementsOf(props.policy) ?? []) {
        if (statement.Effect !== "Allow") continue;
        for (const principal of awsPrincipals(statement.Principal)) {
          const problem = broadPrincipalProblem(principal);
          if (problem !== undefined) {
            report(`statement ${statement.Sid ?? "(no Sid)"} allows ${problem}`);
          }
        }
      }
    }),
    ofType(aws.kms.Grant, (props, _args, report) => {
      const problem = broadPrincipalProblem(props.granteePrincipal);
      if (problem !== undefined) report(`KMS grant to ${problem}`);
    }),
    ofType(aws.lakeformation.Permissions, (props, _args, report) => {
      const problem = broadPrincipalProblem(props.principal);
      if (problem !== undefined) report(`Lake Formation permission to ${problem}`);
    }),
  ],
);

const RESTRICTED_GRANTS = stackPolicy(
  "aws",
  "MP-ACC-002",
  "in a stack holding restricted data, every access-grant statement (Sid MeshGrant…) of a bucket " +
    "policy ends at a DateLessThan aws:CurrentTime, and its grant's KMS grant name records an " +
    "owner's and a different platform admin's approvals and the end date.",
  (args, report) => {
    const restricted = buckets(args.resources).some(
      (b) => b.props.tags?.classification === "restricted",
    );
    if (!restricted) return;
    const records = new Map(
      resourcesOf(args.resources, aws.kms.Grant).flatMap(({ props }) => {
        const record = typeof props.name === "string" ? parseKmsGrantName(props.name) : undefined;
        return record === undefined ? [] : [[record.id, record] as const];
      }),
    );
    const checked = new Set<string>();
    for (const { resource, props } of resourcesOf(args.resources, aws.s3.BucketPolicy)) {
      for (const statement of statementsOf(props.policy) ?? []) {
        const id = new RegExp(`^${GRANT_SID_PREFIX}([a-z0-9]+)(Read|List)$`).exec(
          statement.Sid ?? "",
        )?.[1];
        if (id === undefined) continue;
        if (statement.Condition?.DateLessThan?.["aws:CurrentTime"] === undefined) {
          report(
            `restricted grant ${id}: statement ${statement.Sid ?? ""} has no end date (DateLessThan aws:CurrentTime)`,
            resource.urn,
          );
        }
        if (checked.has(id)) continue;
        checked.add(id);
        for (const problem of restrictedRecordProblems(records.get(id))) {
          report(`restricted grant ${id}: ${problem} (KMS grant meshplane/${id}/…)`, resource.urn);
        }
      }
    }
  },
);

const POLICIES: Partial<Record<ControlId, Policy>> = {
  "MP-ENC-001": ENCRYPTION,
  "MP-KEY-001": KEYS,
  "MP-KEY-002": KEY_DELETION,
  "MP-NET-001": NETWORK,
  "MP-NET-002": FUNCTION_AUTH,
  "MP-TLS-001": TLS,
  "MP-VER-001": VERSIONING,
  "MP-LIF-001": LIFECYCLE,
  "MP-LIF-002": LIFECYCLE_RULES,
  "MP-GEO-001": GEO,
  "MP-BAK-001": BACKUPS,
  "MP-BAK-002": IMMUTABLE_BACKUPS,
  "MP-PITR-001": POINT_IN_TIME,
  "MP-CAT-001": CATALOG,
  "MP-LBL-001": LABELS,
  "MP-IAM-001": IAM,
  "MP-FN-001": FUNCTIONS,
  "MP-DLQ-001": DEAD_LETTERS,
  "MP-TRC-001": TRACING,
  "MP-MON-001": MONITORING,
  "MP-LOG-001": ACCESS_LOGS,
  "MP-LOG-002": LOG_RETENTION,
  "MP-ACC-001": GRANT_PRINCIPALS,
  "MP-ACC-002": RESTRICTED_GRANTS,
};

/** In the order of the control list. */
export const awsPolicies: Policy[] = CONTROL_IDS.flatMap((id) => POLICIES[id] ?? []);
