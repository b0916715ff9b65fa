/**
 * The mesh controls on GCP (see controls.ts). Each policy checks one control on the resources the
 * GCP components create; descriptions say exactly what is checked.
 *
 * Not a policy: MP-TLS-001. Cloud Storage, BigQuery and Cloud Run serve their APIs over HTTPS
 * only (Google front ends terminate TLS and there is no plain-HTTP data endpoint), so there is
 * no setting a stack could get wrong.
 *
 * The typed checks and policy constructors come from building-blocks.ts.
 */
import * as gcp from "@pulumi/gcp";
import type { Policy, PolicyResource, ReportViolation, ResourceValidation } from "@pulumi/policy";
import { isBasicRole, isPublicMember } from "../gcp/planning/iam";
import { CMK_CLASSIFICATIONS, usesCustomerManagedKey } from "#contract";
import { REQUIRED_LABELS } from "./controls";
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
function durationSeconds(value: string | undefined): number {
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
    "BigQuery tables, Cloud Run services, Eventarc triggers, and alert policies (userLabels); a " +
    `BigQuery dataset belongs to a domain and carries ${DOMAIN_LABELS.join(", ")}.`,
  [
    labelled(gcp.storage.Bucket, (p) => p.labels),
    labelled(gcp.kms.CryptoKey, (p) => p.labels),
    labelled(gcp.bigquery.Table, (p) => p.labels),
    labelled(gcp.bigquery.Dataset, (p) => p.labels, DOMAIN_LABELS),
    labelled(gcp.cloudrunv2.Service, (p) => p.labels),
    labelled(gcp.eventarc.Trigger, (p) => p.labels),
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

const IAM = resourcePolicy(
  "gcp",
  "MP-IAM-001",
  "no IAM member or binding (bucket, KMS key, Cloud Run service, project) names allUsers or " +
    "allAuthenticatedUsers, or grants the basic roles/owner or roles/editor: every identity a " +
    "product creates (the inference service account included) gets narrow predefined roles.",
  [
    member(gcp.storage.BucketIAMMember, (p) => ({ role: p.role, members: [p.member] })),
    member(gcp.storage.BucketIAMBinding, (p) => ({ role: p.role, members: p.members })),
    member(gcp.kms.CryptoKeyIAMMember, (p) => ({ role: p.role, members: [p.member] })),
    member(gcp.kms.CryptoKeyIAMBinding, (p) => ({ role: p.role, members: p.members })),
    member(gcp.cloudrunv2.ServiceIamMember, (p) => ({ role: p.role, members: [p.member] })),
    member(gcp.cloudrunv2.ServiceIamBinding, (p) => ({ role: p.role, members: p.members })),
    member(gcp.projects.IAMMember, (p) => ({ role: p.role, members: [p.member] })),
    member(gcp.projects.IAMBinding, (p) => ({ role: p.role, members: p.members })),
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
];
