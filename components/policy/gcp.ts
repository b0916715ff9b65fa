/**
 * The mesh controls on GCP (see controls.ts). Each policy checks one control on the resources the
 * GCP components create; descriptions say exactly what is checked.
 *
 * Not a policy: MP-TLS-001. Cloud Storage, BigQuery and Cloud Run serve their APIs over HTTPS
 * only (Google front ends terminate TLS and there is no plain-HTTP data endpoint), so there is
 * no setting a stack could get wrong. Nor MP-TRC-001: Cloud Run traces every service.
 * The function controls are in gcp-functions.ts, listed here with the data-store ones.
 *
 * The typed checks and policy constructors come from building-blocks.ts.
 */
import * as gcp from "@pulumi/gcp";
import type { Policy, PolicyResource, ReportViolation, ResourceValidation } from "@pulumi/policy";
import {
  CMK_CLASSIFICATIONS,
  STORAGE_CLASSES,
  parseApprovalSummary,
  restrictedRecordProblems,
  usesCustomerManagedKey,
} from "#contract";
import { GRANT_CONDITION_TITLE_PREFIX } from "../gcp/planning/access";
import { ROLES, isBasicRole, isPublicMember } from "../gcp/planning/iam";
import { REQUIRED_LABELS } from "./controls";
import { gcpFunctionPolicies } from "./gcp-functions";
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

export { DOMAIN_LABELS } from "./building-blocks";

const DAY_SECONDS = 86_400;
export const MAX_KEY_ROTATION_DAYS = 90;

/** Parses a protobuf duration ("7776000s"); NaN when it is not one. */
export function durationSeconds(value: string | undefined): number {
  const match = value === undefined ? null : /^(\d+(?:\.\d+)?)s$/.exec(value);
  return match ? Number(match[1]) : Number.NaN;
}

function hasCmek(bucket: Props<gcp.storage.BucketArgs>): boolean {
  const key = bucket.encryption?.defaultKmsKeyName;
  return typeof key === "string" && key.length > 0;
}

const ENCRYPTION = resourcePolicy(
  "gcp",
  "MP-ENC-001",
  "Cloud Storage encrypts every object at rest with Google-managed keys; buckets (gcp:storage/bucket:Bucket) " +
    `labelled classification ${CMK_CLASSIFICATIONS.join(", ")} must also name a customer-managed Cloud KMS key ` +
    "as encryption.defaultKmsKeyName. (MP-KEY-001 checks the keys themselves.)",
  ofType(gcp.storage.Bucket, (bucket, _args, report) => {
    const classification = bucket.labels?.classification;
    if (classification !== undefined && usesCustomerManagedKey(classification)) {
      if (!hasCmek(bucket)) {
        report(`a ${classification} bucket must set encryption.defaultKmsKeyName (CMEK)`);
      }
    }
  }),
);

const NETWORK = resourcePolicy(
  "gcp",
  "MP-NET-001",
  "buckets set publicAccessPrevention: enforced and uniformBucketLevelAccess: true, so neither an " +
    "IAM grant nor an object ACL can make data public.",
  ofType(gcp.storage.Bucket, (bucket, _args, report) => {
    if (bucket.publicAccessPrevention !== "enforced") {
      report(
        `publicAccessPrevention must be enforced, not ${bucket.publicAccessPrevention ?? "unset"}`,
      );
    }
    if (bucket.uniformBucketLevelAccess !== true) {
      report("uniformBucketLevelAccess must be true (object ACLs off)");
    }
  }),
);

const VERSIONING = resourcePolicy(
  "gcp",
  "MP-VER-001",
  "buckets keep overwritten and deleted data recoverable: versioning.enabled: true, or (backup " +
    "buckets) a retention policy, which forbids deleting or replacing objects at all and which " +
    "Cloud Storage does not allow together with versioning.",
  ofType(gcp.storage.Bucket, (bucket, _args, report) => {
    const versioned = bucket.versioning?.enabled === true;
    const retained = Number(bucket.retentionPolicy?.retentionPeriod ?? 0) > 0;
    if (!versioned && !retained) {
      report("the bucket must enable versioning or set a retention policy");
    }
  }),
);

const LIFECYCLE = resourcePolicy(
  "gcp",
  "MP-LIF-001",
  "every lifecycle Delete rule of a bucket that is based on age deletes no earlier than the " +
    "bucket's retention-days label (rules on noncurrent versions are exempt: the current " +
    "version is still there).",
  ofType(gcp.storage.Bucket, (bucket, _args, report) => {
    const deletes = (bucket.lifecycleRules ?? []).filter(
      (rule) =>
        rule.action.type === "Delete" &&
        rule.condition.age !== undefined &&
        rule.condition.daysSinceNoncurrentTime === undefined &&
        rule.condition.withState !== "ARCHIVED",
    );
    if (deletes.length === 0) return;
    const label = bucket.labels?.["retention-days"];
    const retention = Number(label);
    if (label === undefined || !Number.isFinite(retention)) {
      report(
        "the bucket deletes data by age but has no numeric retention-days label to check against",
      );
      return;
    }
    for (const rule of deletes) {
      const age = rule.condition.age ?? 0;
      if (age < retention) {
        report(`a Delete rule at age ${age} days comes before the ${retention}-day retention`);
      }
    }
  }),
);

/** Buckets written by a Storage Transfer job are copies (the gold backup), not the data's home. */
function transferSinks(resources: readonly PolicyResource[]): Set<string> {
  const sinks = new Set<string>();
  for (const { props } of resourcesOf(resources, gcp.storage.TransferJob)) {
    const sink = props.transferSpec?.gcsDataSink?.bucketName;
    if (sink !== undefined) sinks.add(sink);
  }
  return sinks;
}

const GEO = stackPolicy(
  "gcp",
  "MP-GEO-001",
  "every bucket labelled tier gold that is not the sink of a Storage Transfer job is a dual-region: " +
    "customPlacementConfig.dataLocations names two distinct regions.",
  (args, report) => {
    const sinks = transferSinks(args.resources);
    for (const { resource, props } of resourcesOf(args.resources, gcp.storage.Bucket)) {
      if (props.labels?.tier !== "gold") continue;
      if (props.name !== undefined && sinks.has(props.name)) continue;
      const regions = new Set(
        (props.customPlacementConfig?.dataLocations ?? []).map((r) => r.toLowerCase()),
      );
      if (regions.size !== 2) {
        report(
          `gold bucket ${props.name ?? resource.name} must be a dual-region (customPlacementConfig with two distinct regions)`,
          resource.urn,
        );
      }
    }
  },
);

const KEYS = resourcePolicy(
  "gcp",
  "MP-KEY-001",
  `buckets labelled classification ${CMK_CLASSIFICATIONS.join(", ")} name a customer-managed key ` +
    "(encryption.defaultKmsKeyName), and every Cloud KMS key (gcp:kms/cryptoKey:CryptoKey) is an " +
    `ENCRYPT_DECRYPT key rotating at least every ${MAX_KEY_ROTATION_DAYS} days.`,
  [
    ofType(gcp.storage.Bucket, (bucket, _args, report) => {
      const classification = bucket.labels?.classification ?? "";
      if (usesCustomerManagedKey(classification) && !hasCmek(bucket)) {
        report(
          `${classification} data must be encrypted with a customer-managed key (encryption.defaultKmsKeyName)`,
        );
      }
    }),
    ofType(gcp.kms.CryptoKey, (key, _args, report) => {
      if (key.purpose !== undefined && key.purpose !== "ENCRYPT_DECRYPT") {
        report(`the key's purpose must be ENCRYPT_DECRYPT, not ${key.purpose}`);
      }
      const seconds = durationSeconds(key.rotationPeriod);
      if (Number.isNaN(seconds)) {
        report("the key must set rotationPeriod");
      } else if (seconds > MAX_KEY_ROTATION_DAYS * DAY_SECONDS) {
        report(
          `rotationPeriod ${key.rotationPeriod ?? ""} is longer than ${MAX_KEY_ROTATION_DAYS} days`,
        );
      }
    }),
  ],
);

const LABELS = resourcePolicy(
  "gcp",
  "MP-LBL-001",
  `every labelled resource carries the mesh labels (${REQUIRED_LABELS.join(", ")}): buckets, KMS keys, ` +
    "BigQuery tables, Cloud Run services, Pub/Sub topics and subscriptions, Eventarc triggers, and " +
    "alert policies (userLabels); a " +
    `BigQuery dataset belongs to a domain and carries ${DOMAIN_LABELS.join(", ")}.`,
  [
    labelled(gcp.storage.Bucket, (p) => p.labels),
    labelled(gcp.kms.CryptoKey, (p) => p.labels),
    labelled(gcp.bigquery.Table, (p) => p.labels),
    labelled(gcp.bigquery.Dataset, (p) => p.labels, DOMAIN_LABELS),
    labelled(gcp.cloudrunv2.Service, (p) => p.labels),
    labelled(gcp.eventarc.Trigger, (p) => p.labels),
    labelled(gcp.pubsub.Topic, (p) => p.labels),
    labelled(gcp.pubsub.Subscription, (p) => p.labels),
    labelled(gcp.monitoring.AlertPolicy, (p) => p.userLabels),
  ],
);

function checkGrant(role: string, members: readonly string[], report: ReportViolation): void {
  for (const member of members) {
    if (isPublicMember(member)) report(`${role} is granted to ${member} (public)`);
  }
  if (isBasicRole(role)) {
    report(`${role} is a basic role; grant the narrow predefined role the workload needs`);
  }
}

function member<TArgs>(
  resourceClass: ResourceClass<TArgs>,
  grant: (props: Props<TArgs>) => { role: string; members: readonly string[] },
): ResourceValidation {
  return ofType(resourceClass, (props, _args, report) => {
    const { role, members } = grant(props);
    checkGrant(role, members, report);
  });
}

/** A grant on the whole project reaches every bucket, topic and service in it: never made. */
function projectWide(role: string, report: ReportViolation): void {
  report(`${role} is granted on the whole project; grant it on the one bucket, topic or service`);
}

const IAM = resourcePolicy(
  "gcp",
  "MP-IAM-001",
  "no IAM member or binding (bucket, KMS key, Cloud Run service, project) names allUsers or " +
    "allAuthenticatedUsers, or grants the basic roles/owner or roles/editor; and no grant is " +
    "project-wide (gcp:projects/iAMMember, iAMBinding): every identity a product creates gets a " +
    "narrow predefined role on one bucket, key, topic, subscription or service.",
  [
    member(gcp.storage.BucketIAMMember, (p) => ({ role: p.role, members: [p.member] })),
    member(gcp.storage.BucketIAMBinding, (p) => ({ role: p.role, members: p.members })),
    member(gcp.kms.CryptoKeyIAMMember, (p) => ({ role: p.role, members: [p.member] })),
    member(gcp.kms.CryptoKeyIAMBinding, (p) => ({ role: p.role, members: p.members })),
    member(gcp.cloudrunv2.ServiceIamMember, (p) => ({ role: p.role, members: [p.member] })),
    member(gcp.cloudrunv2.ServiceIamBinding, (p) => ({ role: p.role, members: p.members })),
    member(gcp.pubsub.TopicIAMMember, (p) => ({ role: p.role, members: [p.member] })),
    member(gcp.pubsub.SubscriptionIAMMember, (p) => ({ role: p.role, members: [p.member] })),
    member(gcp.projects.IAMMember, (p) => ({ role: p.role, members: [p.member] })),
    member(gcp.projects.IAMBinding, (p) => ({ role: p.role, members: p.members })),
    ofType(gcp.projects.IAMMember, (p, _args, report) => {
      projectWide(p.role, report);
    }),
    ofType(gcp.projects.IAMBinding, (p, _args, report) => {
      projectWide(p.role, report);
    }),
  ],
);

const FUNCTIONS = resourcePolicy(
  "gcp",
  "MP-FN-001",
  "every Cloud Run service (gcp:cloudrunv2/service:Service) sets a maximum instance count " +
    "(template.scaling.maxInstanceCount or scaling.maxInstanceCount), the concurrency limit of " +
    "a service.",
  ofType(gcp.cloudrunv2.Service, (service, _args, report) => {
    const max = service.template.scaling?.maxInstanceCount ?? service.scaling?.maxInstanceCount;
    if (max === undefined || max < 1) {
      report("the service must set a maximum instance count of at least 1");
    }
  }),
);

/** What Cloud KMS waits by default before destroying a key version; never shortened. */
const MIN_DESTROY_SCHEDULED_DAYS = 30;

const KEY_DESTRUCTION = resourcePolicy(
  "gcp",
  "MP-KEY-002",
  "Cloud KMS keys (gcp:kms/cryptoKey:CryptoKey) wait at least " +
    `${MIN_DESTROY_SCHEDULED_DAYS} days between a version's destruction being scheduled and done ` +
    "(destroyScheduledDuration unset, 30 days by default, or longer), so a mistaken destroy can " +
    "be undone.",
  ofType(gcp.kms.CryptoKey, (key, _args, report) => {
    if (key.destroyScheduledDuration === undefined) return;
    const seconds = durationSeconds(key.destroyScheduledDuration);
    if (Number.isNaN(seconds) || seconds < MIN_DESTROY_SCHEDULED_DAYS * DAY_SECONDS) {
      report(
        `destroyScheduledDuration ${key.destroyScheduledDuration} is shorter than ${MIN_DESTROY_SCHEDULED_DAYS} days`,
      );
    }
  }),
);

type BucketProps = Props<gcp.storage.BucketArgs>;
type BucketRule = NonNullable<BucketProps["lifecycleRules"]>[number];

/** Buckets other buckets send their usage logs to. */
function logTargets(all: readonly PolicyResource[]): Set<string> {
  const targets = new Set<string>();
  for (const { props } of resourcesOf(all, gcp.storage.Bucket)) {
    const target = props.logging?.logBucket;
    if (typeof target === "string") targets.add(target);
  }
  return targets;
}

/** Rules that act on an object's age (not on noncurrent versions or incomplete uploads). */
function ageRules(bucket: BucketProps): BucketRule[] {
  return (bucket.lifecycleRules ?? []).filter(
    (rule) =>
      (rule.action.type === "SetStorageClass" || rule.action.type === "Delete") &&
      rule.condition.age !== undefined &&
      rule.condition.daysSinceNoncurrentTime === undefined &&
      rule.condition.withState !== "ARCHIVED",
  );
}

/** Why a log bucket's rule prefix is not a log folder (any folder but the root). */
function logPrefixProblem(prefix: string | undefined): string | undefined {
  return prefix !== undefined && prefix.endsWith("/") && prefix !== "/"
    ? undefined
    : `filters on ${prefix === undefined || prefix === "" ? "the whole bucket" : prefix}, not a log folder`;
}

/** Why a bucket's age rules break MP-LIF-002; `logs` relaxes the prefix to any folder. */
function bucketLifecycleProblems(bucket: BucketProps, logs: boolean): string[] {
  const rules = ageRules(bucket);
  const prefixProblem = logs ? logPrefixProblem : dataPrefixProblem;
  const problems: string[] = [];
  for (const rule of rules) {
    const prefixes = rule.condition.matchesPrefixes ?? [];
    const scopes = prefixes.length === 0 ? [undefined] : prefixes;
    for (const problem of new Set(scopes.map((prefix) => prefixProblem(prefix)))) {
      if (problem !== undefined) {
        problems.push(`a ${rule.action.type} rule at age ${rule.condition.age ?? 0} ${problem}`);
      }
    }
  }
  const deleteAges = rules
    .filter((r) => r.action.type === "Delete")
    .map((r) => r.condition.age ?? 0);
  const transitions = rules.flatMap((rule) =>
    rule.action.type === "SetStorageClass" && rule.action.storageClass !== undefined
      ? [{ storageClass: rule.action.storageClass, day: rule.condition.age ?? 0 }]
      : [],
  );
  const expireDay = deleteAges.length === 0 ? undefined : Math.min(...deleteAges);
  problems.push(...transitionProblems("gcp", transitions, expireDay, { offlineAllowed: false }));
  return problems;
}

const LIFECYCLE_SCOPE = stackPolicy(
  "gcp",
  "MP-LIF-002",
  "every lifecycle rule of a bucket that moves or deletes objects by age is scoped to the data " +
    "files (every matchesPrefixes entry ends in /data/; on a log bucket, in its log folder), so " +
    "Iceberg metadata never moves or expires, and keeps objects in each class its minimum " +
    `storage duration before the next step (${Object.entries(STORAGE_CLASSES.gcp)
      .map(([name, rule]) => `${name} ${rule.minDays} days`)
      .join(", ")}; contract/storage-classes.ts). Every Cloud Storage class is online.`,
  (args, report) => {
    const logs = logTargets(args.resources);
    for (const { resource, props } of resourcesOf(args.resources, gcp.storage.Bucket)) {
      const isLog = props.name !== undefined && logs.has(props.name);
      for (const problem of bucketLifecycleProblems(props, isLog)) {
        report(`bucket ${props.name ?? resource.name}: ${problem}`, resource.urn);
      }
    }
  },
);

type TransferProps = Props<gcp.storage.TransferJobArgs>;

function transferProblems(job: TransferProps): string[] {
  const problems: string[] = [];
  if (job.status !== "ENABLED")
    problems.push(`its status is ${job.status ?? "unset"}, not ENABLED`);
  const every = durationSeconds(job.schedule?.repeatInterval ?? `${DAY_SECONDS}s`);
  if (Number.isNaN(every) || every > DAY_SECONDS) {
    problems.push(`it runs every ${job.schedule?.repeatInterval ?? "?"}, less often than daily`);
  }
  const options = job.transferSpec?.transferOptions;
  if (options?.deleteObjectsUniqueInSink === true) {
    problems.push("it deletes objects from the backup (deleteObjectsUniqueInSink)");
  }
  if (options?.deleteObjectsFromSourceAfterTransfer === true) {
    problems.push("it deletes the source objects after copying them");
  }
  return problems;
}

/** A bucket's retention-days label, or undefined when it has none. */
function retentionDays(bucket: BucketProps): number | undefined {
  const days = Number(bucket.labels?.["retention-days"]);
  return Number.isInteger(days) ? days : undefined;
}

/** Gold buckets holding the product's own data: neither a backup copy nor a log bucket. */
function goldDataBuckets(all: readonly PolicyResource[]) {
  const sinks = transferSinks(all);
  const logs = logTargets(all);
  return resourcesOf(all, gcp.storage.Bucket).filter(
    ({ props }) =>
      props.labels?.tier === "gold" &&
      !(props.name !== undefined && (sinks.has(props.name) || logs.has(props.name))),
  );
}

const BACKUP_SCHEDULE = stackPolicy(
  "gcp",
  "MP-BAK-001",
  "every gold data bucket (labelled tier gold, not a transfer sink or a log bucket) is the source " +
    "of a Storage Transfer job (gcp:storage/transferJob:TransferJob) that is ENABLED, repeats at " +
    "least daily (repeatInterval <= 86400s) and never deletes (deleteObjectsUniqueInSink and " +
    "deleteObjectsFromSourceAfterTransfer not true), into a bucket whose retention policy holds " +
    "objects at least the source's retention-days.",
  (args, report) => {
    const jobs = resourcesOf(args.resources, gcp.storage.TransferJob).map(({ props }) => props);
    const buckets = resourcesOf(args.resources, gcp.storage.Bucket).map(({ props }) => props);
    for (const { resource, props } of goldDataBuckets(args.resources)) {
      const where = `gold bucket ${props.name ?? resource.name}`;
      const job = jobs.find((j) => j.transferSpec?.gcsDataSource?.bucketName === props.name);
      if (job === undefined) {
        report(`${where} has no daily backup (no transfer job reads it)`, resource.urn);
        continue;
      }
      for (const problem of transferProblems(job)) report(`${where}: ${problem}`, resource.urn);
      const sinkName = job.transferSpec?.gcsDataSink?.bucketName;
      const sink = buckets.find((b) => b.name === sinkName);
      const held = Number(sink?.retentionPolicy?.retentionPeriod ?? 0) / DAY_SECONDS;
      const need = retentionDays(props) ?? 0;
      if (sink !== undefined && held < need) {
        report(
          `${where}: its backup holds objects ${held} days, less than its ${need}-day retention`,
          resource.urn,
        );
      }
    }
  },
);

const IMMUTABLE_BACKUPS = stackPolicy(
  "gcp",
  "MP-BAK-002",
  "every bucket a Storage Transfer job writes (a backup) labelled tier gold has a locked " +
    "retention policy (retentionPolicy.isLocked: true): irreversible, no object can be deleted or " +
    "replaced before its retention ends and the policy can never be shortened.",
  (args, report) => {
    const sinks = transferSinks(args.resources);
    for (const { resource, props } of resourcesOf(args.resources, gcp.storage.Bucket)) {
      if (props.labels?.tier !== "gold" || props.name === undefined || !sinks.has(props.name)) {
        continue;
      }
      if (props.retentionPolicy?.isLocked !== true) {
        report(`gold backup bucket ${props.name} must lock its retention policy`, resource.urn);
      }
    }
  },
);

/** Gold's soft-delete window: noncurrent versions are kept at least this long. */
const GOLD_NONCURRENT_DAYS = 30;

const POINT_IN_TIME = stackPolicy(
  "gcp",
  "MP-PITR-001",
  "every gold data bucket (not a backup copy or a log bucket) keeps object versions " +
    "(versioning.enabled), and no lifecycle rule deletes a noncurrent version before " +
    `${GOLD_NONCURRENT_DAYS} days (daysSinceNoncurrentTime): any object can be restored as it was ` +
    "at any time in that window.",
  (args, report) => {
    for (const { resource, props } of goldDataBuckets(args.resources)) {
      const where = `gold bucket ${props.name ?? resource.name}`;
      if (props.versioning?.enabled !== true) {
        report(`${where} keeps no versions: nothing to restore to a point in time`, resource.urn);
      }
      for (const rule of props.lifecycleRules ?? []) {
        const days = rule.condition.daysSinceNoncurrentTime;
        if (rule.action.type === "Delete" && days !== undefined && days < GOLD_NONCURRENT_DAYS) {
          report(
            `${where} deletes noncurrent versions after ${days} days, before ${GOLD_NONCURRENT_DAYS}`,
            resource.urn,
          );
        }
      }
    }
  },
);

/** BigQuery clusters on at most four columns. */
const MAX_CLUSTERING_COLUMNS = 4;

const ICEBERG_CATALOG = resourcePolicy(
  "gcp",
  "MP-CAT-001",
  "BigQuery tables (gcp:bigquery/table:Table) are BigLake Iceberg tables: biglakeConfiguration " +
    "with tableFormat ICEBERG, fileFormat PARQUET and a gs:// folder storageUri; the partition " +
    `spec's substitute is clustering (at most ${MAX_CLUSTERING_COLUMNS} columns, the outputs say ` +
    "catalog.partitioning: clustering), and no time or range partitioning, which BigLake " +
    "Iceberg tables offer in Preview only.",
  ofType(gcp.bigquery.Table, (table, _args, report) => {
    const biglake = table.biglakeConfiguration;
    if (biglake === undefined) {
      report("a product table must be a BigLake Iceberg table (biglakeConfiguration)");
      return;
    }
    if (biglake.tableFormat !== "ICEBERG")
      report(`tableFormat must be ICEBERG, not ${biglake.tableFormat}`);
    if (biglake.fileFormat !== "PARQUET")
      report(`fileFormat must be PARQUET, not ${biglake.fileFormat}`);
    const uri: unknown = biglake.storageUri;
    if (typeof uri === "string" && !/^gs:\/\/[^/]+\/.*\/$/.test(uri)) {
      report(`storageUri must be a gs:// folder ending in /, not ${uri}`);
    }
    if (table.timePartitioning !== undefined || table.rangePartitioning !== undefined) {
      report("time or range partitioning is Preview for BigLake Iceberg tables; cluster instead");
    }
    if ((table.clusterings ?? []).length > MAX_CLUSTERING_COLUMNS) {
      report(`BigQuery clusters on at most ${MAX_CLUSTERING_COLUMNS} columns`);
    }
  }),
);

/** The identity Cloud Storage writes usage logs as (access-log-bucket.ts). */
const ANALYTICS_WRITER = "group:cloud-storage-analytics@google.com";

const ACCESS_LOGS = stackPolicy(
  "gcp",
  "MP-LOG-001",
  "every bucket that is not itself a log bucket sends its usage logs (logging.logBucket, with a " +
    "logObjectPrefix) to a bucket of the same stack, and every log bucket lets Cloud Storage " +
    `write them (roles/storage.objectCreator for ${ANALYTICS_WRITER}).`,
  (args, report) => {
    const buckets = resourcesOf(args.resources, gcp.storage.Bucket);
    const names = new Set(buckets.map(({ props }) => props.name));
    const logs = logTargets(args.resources);
    const writers = resourcesOf(args.resources, gcp.storage.BucketIAMMember).filter(
      ({ props }) => props.role === ROLES.objectCreator && props.member === ANALYTICS_WRITER,
    );
    for (const { resource, props } of buckets) {
      const name = props.name ?? resource.name;
      if (logs.has(name)) {
        if (!writers.some(({ props: grant }) => grant.bucket === name)) {
          report(`log bucket ${name} does not let Cloud Storage write usage logs`, resource.urn);
        }
        continue;
      }
      const target = props.logging?.logBucket;
      if (target === undefined || (typeof target === "string" && !names.has(target))) {
        report(`bucket ${name} logs no data access to a log bucket of this stack`, resource.urn);
      } else if ((props.logging?.logObjectPrefix ?? "") === "") {
        report(`bucket ${name} must set logging.logObjectPrefix`, resource.urn);
      }
    }
  },
);

const IDENTITY_ACCESS = resourcePolicy(
  "gcp",
  "MP-IAM-002",
  "no HMAC key (gcp:storage/hmacKey:HmacKey): every request to Cloud Storage is made by an IAM " +
    "identity with OAuth, never with a shared secret.",
  ofType(gcp.storage.HmacKey, (_key, _args, report) => {
    report("HMAC keys are shared secrets; use a service account's own identity instead");
  }),
);

/**
 * Why a member of an access grant is broader than one identity, or undefined: the public, a
 * whole Workspace domain, a principal set (a pool), or a project role (`projectViewer:` …).
 */
export function broadMemberProblem(member: string): string | undefined {
  if (isPublicMember(member)) return `${member} is the public`;
  if (/^(domain|principalSet|projectOwner|projectEditor|projectViewer):/.test(member)) {
    return `${member} is a whole group of identities; name the consumer's service account`;
  }
  if (member.includes("*")) return `${member} is a wildcard`;
  return undefined;
}

function grantMember<TArgs>(
  resourceClass: ResourceClass<TArgs>,
  memberOf: (props: Props<TArgs>) => string,
): ResourceValidation {
  return ofType(resourceClass, (props, _args, report) => {
    const problem = broadMemberProblem(memberOf(props));
    if (problem !== undefined) report(`IAM member ${problem}`);
  });
}

const GRANT_PRINCIPALS = resourcePolicy(
  "gcp",
  "MP-ACC-001",
  "bucket, BigQuery table and dataset IAM members name one identity: never allUsers, " +
    "allAuthenticatedUsers, a domain:, principalSet: or project role member, or a wildcard.",
  [
    grantMember(gcp.storage.BucketIAMMember, (p) => p.member),
    grantMember(gcp.bigquery.IamMember, (p) => p.member),
    grantMember(gcp.bigquery.DatasetIamMember, (p) => p.member),
  ],
);

interface ConditionProps {
  title?: string;
  description?: string;
  expression?: string;
}

const RESTRICTED_GRANTS = stackPolicy(
  "gcp",
  "MP-ACC-002",
  "in a stack whose bucket is labelled restricted, every access-grant IAM member (condition title " +
    "`meshplane grant …`) ends at request.time < timestamp(…), and its condition's description " +
    "records an owner's and a different platform admin's approvals and the end date.",
  (args, report) => {
    const restricted = resourcesOf(args.resources, gcp.storage.Bucket).some(
      ({ props }) => props.labels?.classification === "restricted",
    );
    if (!restricted) return;
    const members = [
      ...resourcesOf(args.resources, gcp.storage.BucketIAMMember),
      ...resourcesOf(args.resources, gcp.bigquery.IamMember),
    ];
    for (const { resource, props } of members) {
      const condition = props.condition as ConditionProps | undefined;
      if (condition?.title?.startsWith(GRANT_CONDITION_TITLE_PREFIX) !== true) continue;
      if (!/request\.time < timestamp\(/.test(condition.expression ?? "")) {
        report(`restricted ${condition.title}: the condition has no end date`, resource.urn);
      }
      for (const problem of restrictedRecordProblems(
        parseApprovalSummary(condition.description ?? ""),
      )) {
        report(`restricted ${condition.title}: ${problem}`, resource.urn);
      }
    }
  },
);

export const gcpPolicies: Policy[] = [
  ENCRYPTION,
  NETWORK,
  VERSIONING,
  LIFECYCLE,
  GEO,
  KEYS,
  LABELS,
  IAM,
  FUNCTIONS,
  KEY_DESTRUCTION,
  LIFECYCLE_SCOPE,
  BACKUP_SCHEDULE,
  IMMUTABLE_BACKUPS,
  POINT_IN_TIME,
  ICEBERG_CATALOG,
  IDENTITY_ACCESS,
  ACCESS_LOGS,
  ...gcpFunctionPolicies,
  GRANT_PRINCIPALS,
  RESTRICTED_GRANTS,
];
