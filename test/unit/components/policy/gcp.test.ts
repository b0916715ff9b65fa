/** Each GCP policy on a passing and a violating resource (or stack). */
import type { Policy } from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import { CONTROL_IDS, coverageOf, policyName, type ControlId } from "#components/policy/controls";
import { grantBucketMemberPlan, grantTableMemberPlan } from "#components/gcp/planning/access";
import { gcpPolicies } from "#components/policy/gcp";
import { grantFor } from "#test/support/access";
import { runPolicies } from "#test/support/policy-runner";
import type { RecordedResource } from "#test/support/pulumi-mocks";

const LABELS = {
  domain: "payments",
  product: "fraud-scores",
  tier: "silver",
  classification: "internal",
  owner: "payments-data",
  environment: "prod",
  "retention-days": "365",
  "managed-by": "meshplane",
};

function resource(type: string, inputs: Record<string, unknown>, name = "r"): RecordedResource {
  return { type, name, inputs, provider: undefined };
}

function bucket(change: Record<string, unknown> = {}, labels: Record<string, string> = {}) {
  return resource("gcp:storage/bucket:Bucket", {
    name: "warehouse",
    location: "EUROPE-WEST4",
    uniformBucketLevelAccess: true,
    publicAccessPrevention: "enforced",
    versioning: { enabled: true },
    lifecycleRules: [
      { action: { type: "SetStorageClass", storageClass: "NEARLINE" }, condition: { age: 30 } },
      { action: { type: "Delete" }, condition: { age: 365 } },
      {
        action: { type: "Delete" },
        condition: { daysSinceNoncurrentTime: 14, withState: "ARCHIVED" },
      },
      { action: { type: "AbortIncompleteMultipartUpload" }, condition: { age: 7 } },
    ],
    labels: { ...LABELS, ...labels },
    ...change,
  });
}

const GOLD = { tier: "gold", "retention-days": "2555" };
const dual = {
  location: "EU",
  customPlacementConfig: { dataLocations: ["EUROPE-WEST1", "EUROPE-WEST4"] },
};

function policy(control: ControlId): Policy {
  const found = gcpPolicies.find((p) => p.name === policyName(control, "gcp"));
  if (!found) throw new Error(`no policy for ${control}`);
  return found;
}

async function violations(control: ControlId, resources: RecordedResource[]): Promise<string[]> {
  return (await runPolicies([policy(control)], resources)).map((v) => v.message);
}

interface PolicyCase {
  control: ControlId;
  passing: RecordedResource[];
  violating: RecordedResource[];
  message: RegExp;
}

const key = (change: Record<string, unknown> = {}) =>
  resource("gcp:kms/cryptoKey:CryptoKey", {
    name: "k",
    keyRing: "ring",
    purpose: "ENCRYPT_DECRYPT",
    rotationPeriod: "7776000s",
    labels: LABELS,
    ...change,
  });

const iam = (type: string, role: string, member: string) =>
  resource(type, { role, member, bucket: "warehouse", project: "p", cryptoKeyId: "k", name: "s" });

const service = (scaling: Record<string, unknown> | undefined) =>
  resource("gcp:cloudrunv2/service:Service", {
    name: "svc",
    location: "europe-west1",
    labels: LABELS,
    template: { ...(scaling === undefined ? {} : { scaling }), containers: [{ image: "i" }] },
  });

const DATA = ["iceberg/fraud-scores/data/"];

/** Age rules on the data files: NEARLINE at 30, COLDLINE at 90, deleted at 365. */
const SCOPED_RULES = [
  {
    action: { type: "SetStorageClass", storageClass: "NEARLINE" },
    condition: { age: 30, matchesPrefixes: DATA },
  },
  {
    action: { type: "SetStorageClass", storageClass: "COLDLINE" },
    condition: { age: 90, matchesPrefixes: DATA },
  },
  { action: { type: "Delete" }, condition: { age: 365, matchesPrefixes: DATA } },
  { action: { type: "Delete" }, condition: { daysSinceNoncurrentTime: 30, withState: "ARCHIVED" } },
];

const logged = { logging: { logBucket: "logs", logObjectPrefix: "access/" } };

/** A log bucket and the grant that lets Cloud Storage write into it. */
function logBucket(change: Record<string, unknown> = {}): RecordedResource[] {
  return [
    bucket(
      {
        name: "logs",
        lifecycleRules: [
          { action: { type: "Delete" }, condition: { age: 365, matchesPrefixes: ["access/"] } },
        ],
        ...change,
      },
      { "retention-days": "365" },
    ),
    resource(
      "gcp:storage/bucketIAMMember:BucketIAMMember",
      {
        bucket: "logs",
        role: "roles/storage.objectCreator",
        member: "group:cloud-storage-analytics@google.com",
      },
      "logs-writer",
    ),
  ];
}

const transferJob = (change: Record<string, unknown> = {}, options: Record<string, unknown> = {}) =>
  resource("gcp:storage/transferJob:TransferJob", {
    status: "ENABLED",
    schedule: { repeatInterval: "86400s" },
    transferSpec: {
      gcsDataSource: { bucketName: "warehouse" },
      gcsDataSink: { bucketName: "backup" },
      transferOptions: { deleteObjectsUniqueInSink: false, ...options },
    },
    ...change,
  });

/** A gold product's warehouse and its locked backup copy. */
function goldBackup(backupChange: Record<string, unknown> = {}): RecordedResource[] {
  return [
    bucket({ ...dual, lifecycleRules: SCOPED_RULES }, GOLD),
    bucket(
      {
        name: "backup",
        versioning: undefined,
        retentionPolicy: { retentionPeriod: String(2555 * 86_400), isLocked: true },
        ...backupChange,
      },
      GOLD,
    ),
  ];
}

const topicOf = "projects/p/topics/dlq";

const pushSubscription = (change: Record<string, unknown> = {}) =>
  resource(
    "gcp:pubsub/subscription:Subscription",
    {
      name: "evs",
      topic: "projects/p/topics/evt",
      pushConfig: { pushEndpoint: "https://svc.run.app" },
      deadLetterPolicy: { deadLetterTopic: topicOf, maxDeliveryAttempts: 5 },
      labels: LABELS,
      ...change,
    },
    "events",
  );

const alertPolicy = (
  name: string,
  filter: string,
  threshold: number,
  change: Record<string, unknown> = {},
) =>
  resource(
    "gcp:monitoring/alertPolicy:AlertPolicy",
    {
      displayName: name,
      combiner: "OR",
      notificationChannels: ["projects/p/notificationChannels/1"],
      conditions: [
        {
          displayName: name,
          conditionThreshold: { filter, comparison: "COMPARISON_GT", thresholdValue: threshold },
        },
      ],
      userLabels: LABELS,
      ...change,
    },
    name,
  );

const RUN = 'resource.type = "cloud_run_revision" AND resource.labels.service_name = "svc"';
const latencyAlert = (threshold = 500) =>
  alertPolicy(
    "latency",
    `${RUN} AND metric.type = "run.googleapis.com/request_latencies"`,
    threshold,
  );
const errorAlert = (threshold = 0.01) =>
  alertPolicy(
    "errors",
    `${RUN} AND metric.type = "run.googleapis.com/request_count" AND metric.labels.response_code_class = "5xx"`,
    threshold,
  );
const deadLetterAlert = () =>
  alertPolicy(
    "dead-letters",
    'resource.type = "pubsub_subscription" AND resource.labels.subscription_id = "evs" AND metric.type = "pubsub.googleapis.com/subscription/dead_letter_message_count"',
    0,
  );

const logBucketConfig = (retentionDays = 365) =>
  resource("gcp:logging/projectBucketConfig:ProjectBucketConfig", {
    project: "p",
    location: "europe-west1",
    bucketId: "fn_logs",
    retentionDays,
  });
const logSink = (change: Record<string, unknown> = {}) =>
  resource("gcp:logging/projectSink:ProjectSink", {
    name: "fn-logs",
    destination: "logging.googleapis.com/projects/p/locations/europe-west1/buckets/fn_logs",
    filter: RUN,
    ...change,
  });

const bigLakeTable = (change: Record<string, unknown> = {}) =>
  resource("gcp:bigquery/table:Table", {
    datasetId: "d",
    tableId: "t",
    biglakeConfiguration: {
      connectionId: "c",
      storageUri: "gs://warehouse/iceberg/fraud-scores/",
      fileFormat: "PARQUET",
      tableFormat: "ICEBERG",
    },
    clusterings: ["score_date", "merchant_id"],
    labels: LABELS,
    ...change,
  });

/** An access grant's bucket and table members as the planner makes them. */
function grantMembers(classification: "internal" | "restricted", approvals = true) {
  const planned = grantFor({
    domain: "payments",
    name: "fraud-scores",
    classification,
    target: { cloud: "gcp", region: "europe-west1" },
  });
  const grant = approvals ? planned : { ...planned, approvals: planned.approvals.slice(0, 1) };
  return [
    resource("gcp:storage/bucketIAMMember:BucketIAMMember", {
      bucket: "warehouse",
      ...grantBucketMemberPlan(grant, "warehouse", "iceberg/fraud-scores"),
    }),
    resource("gcp:bigquery/iamMember:IamMember", {
      datasetId: "d",
      tableId: "t",
      ...grantTableMemberPlan(grant),
    }),
  ];
}

const CASES: PolicyCase[] = [
  {
    control: "MP-ENC-001",
    passing: [
      bucket({}, { classification: "public" }),
      bucket(
        { encryption: { defaultKmsKeyName: "projects/p/locations/l/keyRings/r/cryptoKeys/k" } },
        { classification: "internal" },
      ),
    ],
    violating: [bucket({}, { classification: "internal" })],
    message: /internal bucket must set encryption.defaultKmsKeyName/,
  },
  {
    control: "MP-NET-001",
    passing: [bucket()],
    violating: [bucket({ publicAccessPrevention: "inherited", uniformBucketLevelAccess: false })],
    message: /publicAccessPrevention must be enforced, not inherited/,
  },
  {
    control: "MP-VER-001",
    passing: [
      bucket(),
      bucket({
        versioning: undefined,
        retentionPolicy: { retentionPeriod: "31536000", isLocked: false },
      }),
    ],
    violating: [bucket({ versioning: { enabled: false } })],
    message: /enable versioning or set a retention policy/,
  },
  {
    control: "MP-LIF-001",
    passing: [bucket(), bucket({ lifecycleRules: [] }, { "retention-days": "abc" })],
    violating: [bucket({}, { "retention-days": "400" })],
    message: /Delete rule at age 365 days comes before the 400-day retention/,
  },
  {
    control: "MP-GEO-001",
    passing: [
      bucket(dual, GOLD),
      bucket({ name: "backup" }, GOLD),
      resource("gcp:storage/transferJob:TransferJob", {
        transferSpec: {
          gcsDataSource: { bucketName: "warehouse" },
          gcsDataSink: { bucketName: "backup" },
        },
      }),
      bucket({ name: "silver" }),
    ],
    violating: [
      bucket(
        {
          location: "EU",
          customPlacementConfig: { dataLocations: ["EUROPE-WEST1", "europe-west1"] },
        },
        GOLD,
      ),
    ],
    message: /gold bucket warehouse must be a dual-region/,
  },
  {
    control: "MP-KEY-001",
    passing: [
      key(),
      bucket({ encryption: { defaultKmsKeyName: "k" } }, { classification: "restricted" }),
      bucket({}, { classification: "public" }),
    ],
    violating: [key({ rotationPeriod: "31536000s" })],
    message: /rotationPeriod 31536000s is longer than 90 days/,
  },
  {
    control: "MP-LBL-001",
    passing: [
      bucket(),
      key(),
      resource("gcp:bigquery/dataset:Dataset", {
        datasetId: "d",
        labels: { domain: "payments", owner: "payments-data", "managed-by": "meshplane" },
      }),
      resource("gcp:monitoring/alertPolicy:AlertPolicy", { userLabels: LABELS }),
    ],
    violating: [
      resource("gcp:bigquery/table:Table", { tableId: "t", labels: { domain: "payments" } }),
    ],
    message: /missing mesh labels: product, tier, classification, owner, managed-by/,
  },
  {
    control: "MP-IAM-001",
    passing: [
      iam(
        "gcp:storage/bucketIAMMember:BucketIAMMember",
        "roles/storage.objectViewer",
        "serviceAccount:a@p.iam.gserviceaccount.com",
      ),
      iam(
        "gcp:cloudrunv2/serviceIamMember:ServiceIamMember",
        "roles/run.invoker",
        "group:risk@example.com",
      ),
    ],
    violating: [
      iam("gcp:cloudrunv2/serviceIamMember:ServiceIamMember", "roles/run.invoker", "allUsers"),
    ],
    message: /roles\/run.invoker is granted to allUsers \(public\)/,
  },
  {
    control: "MP-KEY-002",
    passing: [key(), key({ destroyScheduledDuration: "7776000s" })],
    violating: [key({ destroyScheduledDuration: "86400s" })],
    message: /destroyScheduledDuration 86400s is shorter than 30 days/,
  },
  {
    control: "MP-LIF-002",
    passing: [bucket({ lifecycleRules: SCOPED_RULES, ...logged }), ...logBucket()],
    violating: [bucket()],
    message:
      /a SetStorageClass rule at age 30 applies to the whole bucket, Iceberg metadata included/,
  },
  {
    control: "MP-LIF-002",
    passing: [bucket({ lifecycleRules: SCOPED_RULES })],
    violating: [
      bucket({
        lifecycleRules: [
          {
            action: { type: "SetStorageClass", storageClass: "ARCHIVE" },
            condition: { age: 90, matchesPrefixes: DATA },
          },
          { action: { type: "Delete" }, condition: { age: 365, matchesPrefixes: DATA } },
        ],
      }),
    ],
    message: /ARCHIVE at day 90 is left at day 365, before its 365-day minimum/,
  },
  {
    control: "MP-LIF-002",
    passing: [bucket({ lifecycleRules: SCOPED_RULES })],
    violating: [
      bucket({
        lifecycleRules: [
          { action: { type: "Delete" }, condition: { age: 365, matchesPrefixes: ["iceberg/"] } },
        ],
      }),
    ],
    message: /filters on iceberg\/, not a table's data\/ folder/,
  },
  {
    control: "MP-BAK-001",
    passing: [...goldBackup(), transferJob()],
    violating: [...goldBackup(), transferJob({ schedule: { repeatInterval: "604800s" } })],
    message: /it runs every 604800s, less often than daily/,
  },
  {
    control: "MP-BAK-001",
    passing: [...goldBackup(), transferJob()],
    violating: [...goldBackup(), transferJob({}, { deleteObjectsUniqueInSink: true })],
    message: /it deletes objects from the backup/,
  },
  {
    control: "MP-BAK-001",
    passing: [...goldBackup(), transferJob()],
    violating: goldBackup(),
    message: /gold bucket warehouse has no daily backup/,
  },
  {
    control: "MP-BAK-001",
    passing: [...goldBackup(), transferJob()],
    violating: [
      ...goldBackup({ retentionPolicy: { retentionPeriod: String(30 * 86_400), isLocked: true } }),
      transferJob(),
    ],
    message: /its backup holds objects 30 days, less than its 2555-day retention/,
  },
  {
    control: "MP-BAK-002",
    passing: [...goldBackup(), transferJob()],
    violating: [
      ...goldBackup({
        retentionPolicy: { retentionPeriod: String(2555 * 86_400), isLocked: false },
      }),
      transferJob(),
    ],
    message: /gold backup bucket backup must lock its retention policy/,
  },
  {
    control: "MP-PITR-001",
    passing: [...goldBackup(), transferJob()],
    violating: [
      bucket(
        {
          ...dual,
          lifecycleRules: [
            {
              action: { type: "Delete" },
              condition: { daysSinceNoncurrentTime: 7, withState: "ARCHIVED" },
            },
          ],
        },
        GOLD,
      ),
    ],
    message: /deletes noncurrent versions after 7 days, before 30/,
  },
  {
    control: "MP-PITR-001",
    passing: [...goldBackup(), transferJob()],
    violating: [bucket({ ...dual, versioning: { enabled: false } }, GOLD)],
    message: /keeps no versions/,
  },
  {
    control: "MP-CAT-001",
    passing: [bigLakeTable()],
    violating: [
      bigLakeTable({
        biglakeConfiguration: {
          connectionId: "c",
          storageUri: "gs://warehouse/iceberg/fraud-scores/",
          fileFormat: "PARQUET",
          tableFormat: "DELTA",
        },
      }),
    ],
    message: /tableFormat must be ICEBERG, not DELTA/,
  },
  {
    control: "MP-CAT-001",
    passing: [bigLakeTable()],
    violating: [bigLakeTable({ timePartitioning: { type: "MONTH", field: "score_date" } })],
    message: /time or range partitioning is Preview/,
  },
  {
    control: "MP-LOG-001",
    passing: [bucket(logged), ...logBucket()],
    violating: [bucket(), ...logBucket()],
    message: /bucket warehouse logs no data access to a log bucket of this stack/,
  },
  {
    control: "MP-LOG-001",
    passing: [bucket(logged), ...logBucket()],
    violating: [bucket(logged), ...logBucket().slice(0, 1)],
    message: /log bucket logs does not let Cloud Storage write usage logs/,
  },
  {
    control: "MP-IAM-002",
    passing: [bucket()],
    violating: [
      resource("gcp:storage/hmacKey:HmacKey", {
        serviceAccountEmail: "a@p.iam.gserviceaccount.com",
      }),
    ],
    message: /HMAC keys are shared secrets/,
  },
  {
    control: "MP-NET-002",
    passing: [
      resource("gcp:cloudrunv2/service:Service", { name: "svc", invokerIamDisabled: false }),
      iam(
        "gcp:cloudrunv2/serviceIamMember:ServiceIamMember",
        "roles/run.invoker",
        "group:risk@example.com",
      ),
    ],
    violating: [
      resource("gcp:cloudrunv2/service:Service", { name: "svc", invokerIamDisabled: true }),
    ],
    message: /invokerIamDisabled lets anyone who reaches the URL call the service/,
  },
  {
    control: "MP-NET-002",
    passing: [
      iam("gcp:cloudrunv2/serviceIamMember:ServiceIamMember", "roles/run.invoker", "group:a@b.c"),
    ],
    violating: [
      iam(
        "gcp:cloudrunv2/serviceIamMember:ServiceIamMember",
        "roles/run.invoker",
        "allAuthenticatedUsers",
      ),
    ],
    message: /allAuthenticatedUsers may invoke the service/,
  },
  {
    control: "MP-DLQ-001",
    passing: [pushSubscription()],
    violating: [pushSubscription({ deadLetterPolicy: undefined })],
    message: /undeliverable pushes are dropped/,
  },
  {
    control: "MP-DLQ-001",
    passing: [pushSubscription()],
    violating: [
      resource("gcp:eventarc/trigger:Trigger", {
        matchingCriterias: [
          { attribute: "type", value: "google.cloud.storage.object.v1.finalized" },
          { attribute: "bucket", value: "warehouse" },
        ],
        labels: LABELS,
      }),
    ],
    message: /an Eventarc trigger on google.cloud.storage.object.v1.finalized cannot dead-letter/,
  },
  {
    control: "MP-MON-001",
    passing: [service({ maxInstanceCount: 1 }), latencyAlert(), errorAlert()],
    violating: [service({ maxInstanceCount: 1 }), latencyAlert(2000), errorAlert()],
    message: /p99 latency \(ms\) alert fires above 2000, later than the platform's 500/,
  },
  {
    control: "MP-MON-001",
    passing: [service({ maxInstanceCount: 1 }), latencyAlert(), errorAlert()],
    violating: [
      service({ maxInstanceCount: 1 }),
      latencyAlert(),
      alertPolicy("errors", `${RUN} AND metric.type = "run.googleapis.com/request_count"`, 0.01, {
        notificationChannels: [],
      }),
    ],
    message: /alert policy errors notifies nobody/,
  },
  {
    control: "MP-MON-001",
    passing: [pushSubscription(), deadLetterAlert()],
    violating: [pushSubscription()],
    message: /events are dead-lettered but no alert fires when one is/,
  },
  {
    control: "MP-LOG-002",
    passing: [service({ maxInstanceCount: 1 }), logBucketConfig(), logSink()],
    violating: [service({ maxInstanceCount: 1 }), logBucketConfig(30), logSink()],
    message: /log bucket fn_logs keeps logs 30 days, less than 365/,
  },
  {
    control: "MP-LOG-002",
    passing: [service({ maxInstanceCount: 1 }), logBucketConfig(), logSink()],
    violating: [
      service({ maxInstanceCount: 1 }),
      logBucketConfig(),
      logSink({
        destination: "logging.googleapis.com/projects/p/locations/europe-west1/buckets/_Default",
      }),
    ],
    message: /the services' logs are kept in no bucket for 365 days/,
  },
  {
    control: "MP-IAM-001",
    passing: [
      iam(
        "gcp:storage/bucketIAMMember:BucketIAMMember",
        "roles/storage.objectViewer",
        "group:a@b.c",
      ),
    ],
    violating: [
      iam("gcp:projects/iAMMember:IAMMember", "roles/storage.objectViewer", "group:a@b.c"),
    ],
    message: /roles\/storage.objectViewer is granted on the whole project/,
  },
  {
    control: "MP-FN-001",
    passing: [service({ minInstanceCount: 0, maxInstanceCount: 20 })],
    violating: [service(undefined)],
    message: /maximum instance count/,
  },
  {
    control: "MP-ACC-001",
    passing: [bucket(), ...grantMembers("internal")],
    violating: [
      bucket(),
      ...grantMembers("internal").map((r) => ({
        ...r,
        inputs: { ...r.inputs, member: "domain:example.com" },
      })),
    ],
    message: /domain:example.com is a whole group of identities/,
  },
  {
    control: "MP-ACC-002",
    passing: [bucket({}, { classification: "restricted" }), ...grantMembers("restricted")],
    violating: [bucket({}, { classification: "restricted" }), ...grantMembers("restricted", false)],
    message: /restricted meshplane grant g0001: needs a platform admin's approval/,
  },
];

/** The controls met on GCP, in the control list's order. */
const ENFORCED = CONTROL_IDS.filter((c) => coverageOf(c, "gcp").status === "met");

describe("GCP policy pack", () => {
  it("has one mandatory policy per applicable control, citing it", () => {
    expect(gcpPolicies.map((p) => p.name).sort()).toEqual(
      ENFORCED.map((c) => policyName(c, "gcp")).sort(),
    );
    for (const p of gcpPolicies) {
      expect(p.enforcementLevel).toBe("mandatory");
      expect(p.description).toMatch(/^MP-[A-Z]+-\d{3}: /);
    }
  });

  it("gives every applicable control a violating case", () => {
    expect(new Set(CASES.map((c) => c.control))).toEqual(new Set(ENFORCED));
  });

  it.each(CASES)("$control passes compliant resources", async ({ control, passing }) => {
    expect(await violations(control, passing)).toEqual([]);
  });

  it.each(CASES)("$control reports a violation", async ({ control, violating, message }) => {
    const found = await violations(control, violating);
    expect(found.length).toBeGreaterThan(0);
    expect(found.join("\n")).toMatch(message);
  });

  it.each([
    [
      "gcp:storage/bucketIAMMember:BucketIAMMember",
      "roles/storage.objectViewer",
      "allAuthenticatedUsers",
      /allAuthenticatedUsers \(public\)/,
    ],
    [
      "gcp:projects/iAMMember:IAMMember",
      "roles/editor",
      "serviceAccount:fn@p.iam.gserviceaccount.com",
      /roles\/editor is a basic role/,
    ],
    [
      "gcp:projects/iAMMember:IAMMember",
      "roles/owner",
      "serviceAccount:fn@p.iam.gserviceaccount.com",
      /roles\/owner is a basic role/,
    ],
    [
      "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember",
      "roles/cloudkms.cryptoKeyDecrypter",
      "allUsers",
      /allUsers \(public\)/,
    ],
  ])("MP-IAM-001 refuses %s granting %s to %s", async (type, role, member, message) => {
    expect((await violations("MP-IAM-001", [iam(type, role, member)])).join("\n")).toMatch(message);
  });

  it("MP-IAM-001 checks bindings' member lists too", async () => {
    const binding = resource("gcp:storage/bucketIAMBinding:BucketIAMBinding", {
      bucket: "b",
      role: "roles/storage.objectViewer",
      members: ["group:a@example.com", "allUsers"],
    });
    expect(await violations("MP-IAM-001", [binding])).toEqual([
      "roles/storage.objectViewer is granted to allUsers (public)",
    ]);
  });

  it("MP-KEY-001 requires CMEK from internal data up and a rotation on every key", async () => {
    expect(await violations("MP-KEY-001", [bucket({}, { classification: "restricted" })])).toEqual([
      "restricted data must be encrypted with a customer-managed key (encryption.defaultKmsKeyName)",
    ]);
    expect(await violations("MP-KEY-001", [bucket({}, { classification: "internal" })])).toEqual([
      "internal data must be encrypted with a customer-managed key (encryption.defaultKmsKeyName)",
    ]);
    expect(await violations("MP-KEY-001", [key({ rotationPeriod: undefined })])).toEqual([
      "the key must set rotationPeriod",
    ]);
    expect(await violations("MP-KEY-001", [key({ purpose: "ASYMMETRIC_SIGN" })])).toEqual([
      "the key's purpose must be ENCRYPT_DECRYPT, not ASYMMETRIC_SIGN",
    ]);
  });

  it("MP-LIF-001 needs a retention-days label to check an age-based Delete rule", async () => {
    const { "retention-days": _omit, ...withoutRetention } = LABELS;
    const unlabelled = bucket({ labels: withoutRetention });
    expect(await violations("MP-LIF-001", [unlabelled])).toEqual([
      "the bucket deletes data by age but has no numeric retention-days label to check against",
    ]);
  });

  it("MP-GEO-001 does not exempt a gold bucket that only looks like a backup", async () => {
    const orphanBackup = bucket({ name: "backup" }, GOLD);
    expect(await violations("MP-GEO-001", [orphanBackup])).toHaveLength(1);
  });
});
