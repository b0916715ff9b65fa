/**
 * deployGcp for every tier × classification × inference (none, http, object-created events, both
 * triggers), gold also in the US with its secondary region spelled out: exact outputs, resource
 * types, key inputs, lifecycle on data files, access logs, locked backup retention, events with
 * dead letters, function logs, data-store protection, least-privilege IAM, and zero violations
 * of the GCP policy pack on the whole graph.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { DataProductOutputs } from "#contract";
import { TIER_DAYS, matrixCases, uncoveredShapes, type MatrixCase } from "#test/support/matrix";
import { runPolicies } from "#test/support/policy-runner";
import { cloudTypes, valueOf } from "#test/support/pulumi-mocks";
import { captureParent } from "../azure/harness";
import {
  CONNECTION_SA,
  GCP_TYPES,
  GCS_AGENT,
  PROJECT,
  PUBSUB_AGENT,
  STS_AGENT,
  caseContext,
  channelName,
  datasetOf,
  datasets,
  exportedMetadataOf,
  installGcpMocks,
  named,
  type InferenceKind,
  type Placement,
} from "./gcp-mocks";

const recorder = installGcpMocks();
const { deployGcp } = await import("#components/gcp/index");
const { gcpPolicies } = await import("#components/policy/gcp");

const T = GCP_TYPES;

const DAY = 86_400;

/** Where each placement puts the data: primary, secondary, and the multi-region of both. */
const PLACES: Record<
  Placement,
  { region: string; secondary: string; multi: string; kms: string; dataset: string }
> = {
  europe: {
    region: "europe-west1",
    secondary: "europe-west4",
    multi: "EU",
    kms: "europe",
    dataset: "EU",
  },
  us: { region: "us-east1", secondary: "us-central1", multi: "US", kms: "us", dataset: "US" },
};

/**
 * Minimum storage durations (cloud.google.com/storage/docs/storage-classes): a step is planned
 * only where the object then stays that long. The archive step uses ARCHIVE when the object then
 * stays a year, COLDLINE when it stays 90 days, and is skipped otherwise.
 */
const NEARLINE_DAYS = 30;
const COLDLINE_DAYS = 90;
const ARCHIVE_DAYS = 365;

/** The age rules (transitions and expiry) expected on `prefix` for a tier's days. */
function ageRules(days: { cool: number; archive: number; expire: number }, prefix: string) {
  const stay = days.expire - days.archive;
  const archiveClass =
    stay >= ARCHIVE_DAYS ? "ARCHIVE" : stay >= COLDLINE_DAYS ? "COLDLINE" : undefined;
  const coolUntil = archiveClass === undefined ? days.expire : days.archive;
  const matchesPrefixes = [prefix];
  return [
    ...(coolUntil - days.cool >= NEARLINE_DAYS
      ? [
          {
            action: { type: "SetStorageClass", storageClass: "NEARLINE" },
            condition: { age: days.cool, matchesStorageClasses: ["STANDARD"], matchesPrefixes },
          },
        ]
      : []),
    ...(archiveClass === undefined
      ? []
      : [
          {
            action: { type: "SetStorageClass", storageClass: archiveClass },
            condition: {
              age: days.archive,
              matchesStorageClasses: ["STANDARD", "NEARLINE"],
              matchesPrefixes,
            },
          },
        ]),
    { action: { type: "Delete" }, condition: { age: days.expire, matchesPrefixes } },
  ];
}

/** Where the table's data files live in the product's buckets. */
const DATA_PREFIX = "iceberg/fraud-scores/data/";

/** What each function shape of the mocks' caseContext sets, as Cloud Run sees it. */
const SERVICES: Record<
  Exclude<InferenceKind, "none">,
  {
    image: string;
    cpu: string;
    memory: string;
    timeout: string;
    min: number;
    max: number;
    http: boolean;
    events: boolean;
  }
> = {
  http: {
    image: "europe-docker.pkg.dev/acme-ml/models/fraud-scorer:1.4.2",
    cpu: "1",
    memory: "2048Mi",
    timeout: "60s",
    min: 1,
    max: 20,
    http: true,
    events: false,
  },
  events: {
    image: "europe-docker.pkg.dev/acme-ml/models/enricher:2.0.0",
    cpu: "2",
    memory: "8192Mi",
    timeout: "300s",
    min: 0,
    max: 10,
    http: false,
    events: true,
  },
  both: {
    image: "europe-docker.pkg.dev/acme-ml/models/scorer:1.0.0",
    cpu: "4",
    memory: "10240Mi",
    timeout: "900s",
    min: 5,
    max: 5,
    http: true,
    events: true,
  },
};

const OWNERS = ["paul@meshplane.test", "risk@meshplane.test"];

interface Case extends MatrixCase<InferenceKind> {
  placement: Placement;
}

const SHAPES: InferenceKind[] = ["http", "events", "both"];

const CASES: Case[] = matrixCases<InferenceKind>("none", SHAPES).flatMap((c): Case[] =>
  c.tier === "gold"
    ? [
        { ...c, placement: "europe" },
        { ...c, placement: "us" },
      ]
    : [{ ...c, placement: "europe" }],
);

function expectedTypes(c: Case): string[] {
  const cmek = c.classification !== "public";
  const keys = cmek ? [T.keyRing, T.key, T.keyIam] : [];
  const types: string[] = [T.bucket, T.bucket, T.bucketIam, ...keys];
  types.push(T.connection, T.bucketIam, T.bucketIam, T.table, T.tableMetadata);
  if (c.tier === "gold") {
    types.push(T.bucket, ...keys, T.bucketIam, T.bucketIam, T.bucketIam, T.transfer);
  }
  if (c.inference !== "none") {
    types.push(T.account, T.bucketIam, T.service, T.alert, T.alert, T.logBucket, T.logSink);
    types.push(...OWNERS.map(() => T.channel));
    if (SERVICES[c.inference].events) {
      types.push(T.account, T.serviceIam, T.topic, T.topic, T.topicIam, T.notification);
      types.push(T.subscription, T.subscription, T.topicIam, T.subscriptionIam, T.accountIam);
      types.push(T.alert);
    }
  }
  return types.sort();
}

type GcpNames = ReturnType<typeof caseContext>["names"]["gcp"];

beforeEach(() => {
  recorder.reset();
});

describe("deployGcp", () => {
  it("covers every tier, classification and inference on/off, each function shape with every tier and classification", () => {
    expect(CASES).toHaveLength(32);
    expect(uncoveredShapes(CASES, SHAPES)).toEqual([]);
  });

  it.each(CASES)("$tier / $classification / inference $inference in $placement", async (c) => {
    const context = caseContext(c.tier, c.classification, c.inference, c.placement);
    const names = context.names.gcp;
    const place = PLACES[c.placement];
    const gold = c.tier === "gold";
    const cmek = c.classification !== "public";
    // The domain keeps its dataset in the multi-region of its products (DomainCatalog).
    datasets.set(datasetOf("payments"), place.dataset);
    const { parent, captured, settle } = captureParent(
      `${c.tier}-${c.classification}-${c.inference}-${c.placement}`,
    );
    const outputs = await valueOf(deployGcp(context, parent, {}));
    await settle();

    const storageUri = `gs://${names.warehouseBucket}/iceberg/fraud-scores`;
    const service = c.inference === "none" ? undefined : SERVICES[c.inference];
    expect(DataProductOutputs.safeParse(outputs).success).toBe(true);
    expect(outputs).toEqual({
      cloud: "gcp",
      region: place.region,
      storageUri,
      catalog: {
        kind: "bigquery",
        database: datasetOf("payments"),
        table: names.bigqueryTable,
        // BigQueryTableMetadata's: the file BigQuery's export wrote, served read-only.
        metadataLocation: exportedMetadataOf(storageUri),
        project: PROJECT,
        // BigLake partitioning is Preview: the partition column clusters the table instead.
        partitioning: "clustering",
        clusteredBy: ["score_date", "merchant_id"],
      },
      backup: gold
        ? {
            kind: "gcs-dual-region+transfer",
            region: place.secondary,
            location: `gs://${names.backupBucket}`,
          }
        : { kind: "none" },
      ...(service === undefined
        ? {}
        : {
            inference: service.http
              ? {
                  name: names.cloudRunService,
                  endpointUrl: `https://${names.cloudRunService}-abc123-ew.a.run.app`,
                }
              : { name: names.cloudRunService },
          }),
      tags: context.labels,
    });

    expect(cloudTypes(recorder)).toEqual(expectedTypes(c));
    // The export runs on the table as applied: its project, dataset, id, schema and folder.
    const table = named(recorder, T.table, "catalog-table").inputs;
    expect(named(recorder, T.tableMetadata, "catalog-metadata").inputs).toMatchObject({
      project: PROJECT,
      datasetId: datasetOf("payments"),
      tableId: names.bigqueryTable,
      location: place.dataset,
      storageUri,
      schema: table.schema,
    });

    // The warehouse: regional below gold, a turbo-replicated dual-region of the two approved
    // regions for gold; never public, always versioned with the tier's soft delete and
    // lifecycle, and the product's own key for every classification but public.
    const days = TIER_DAYS[c.tier];
    const abort = {
      action: { type: "AbortIncompleteMultipartUpload" },
      condition: { age: 7 },
    };
    expect(named(recorder, T.bucket, "storage-bucket").inputs).toEqual({
      name: names.warehouseBucket,
      project: PROJECT,
      ...(gold
        ? {
            location: place.multi,
            customPlacementConfig: {
              dataLocations: [place.region.toUpperCase(), place.secondary.toUpperCase()],
            },
            rpo: "ASYNC_TURBO",
          }
        : { location: place.region.toUpperCase() }),
      storageClass: "STANDARD",
      uniformBucketLevelAccess: true,
      publicAccessPrevention: "enforced",
      versioning: { enabled: true },
      softDeletePolicy: { retentionDurationSeconds: days.softDelete * DAY },
      // Age rules on the data files only: metadata/ never moves and never expires.
      lifecycleRules: [
        ...ageRules(days, DATA_PREFIX),
        {
          action: { type: "Delete" },
          condition: { daysSinceNoncurrentTime: days.softDelete, withState: "ARCHIVED" },
        },
        abort,
      ],
      ...(cmek ? { encryption: { defaultKmsKeyName: "storage-key-id" } } : {}),
      logging: { logBucket: names.logBucket, logObjectPrefix: "access/" },
      forceDestroy: false,
      labels: context.labels,
    });

    // Usage logs of the warehouse (and the backup) in a bucket of their own, kept a year.
    expect(named(recorder, T.bucket, "storage-logs-bucket").inputs).toMatchObject({
      name: names.logBucket,
      location: gold ? place.multi : place.region.toUpperCase(),
      uniformBucketLevelAccess: true,
      publicAccessPrevention: "enforced",
      versioning: { enabled: true },
      lifecycleRules: [
        ...ageRules({ cool: 30, archive: 90, expire: 365 }, "access/"),
        {
          action: { type: "Delete" },
          condition: { daysSinceNoncurrentTime: days.softDelete, withState: "ARCHIVED" },
        },
        abort,
      ],
      ...(cmek ? { encryption: { defaultKmsKeyName: "storage-key-id" } } : {}),
      labels: { ...context.labels, "retention-days": "365" },
    });

    // Keys: one per bucket, in the bucket's location (the KMS multi-region for a
    // dual-region), rotating every 90 days, usable by the Cloud Storage agent only.
    const keyLocations = gold ? [place.kms, place.secondary] : [place.region];
    expect(recorder.ofType(T.keyRing).map((r) => [r.name, r.inputs])).toEqual(
      cmek
        ? ["storage", ...(gold ? ["backup"] : [])].map((block, index) => [
            `${block}-keyring`,
            { name: names.kmsKeyRing, location: keyLocations[index], project: PROJECT },
          ])
        : [],
    );
    for (const key of recorder.ofType(T.key)) {
      expect(key.inputs, key.name).toEqual({
        name: names.kmsKey,
        keyRing: key.name.replace(/-key$/, "-keyring-id"),
        purpose: "ENCRYPT_DECRYPT",
        rotationPeriod: `${90 * DAY}s`,
        labels: context.labels,
      });
    }
    expect(
      recorder
        .ofType(T.keyIam)
        .map((r) => [r.inputs.cryptoKeyId, r.inputs.role, r.inputs.member])
        .sort(),
    ).toEqual(
      (cmek ? ["storage", ...(gold ? ["backup"] : [])] : [])
        .map((block) => [
          `${block}-key-id`,
          "roles/cloudkms.cryptoKeyEncrypterDecrypter",
          `serviceAccount:${GCS_AGENT}`,
        ])
        .sort(),
    );

    // The catalog: a BigLake Iceberg table over the product's folder, through a connection
    // in the dataset's location.
    expect(named(recorder, T.connection, "catalog-connection").inputs).toMatchObject({
      connectionId: names.bigLakeConnection,
      location: place.dataset,
      cloudResource: {},
    });
    expect(named(recorder, T.table, "catalog-table").inputs).toMatchObject({
      datasetId: datasetOf("payments"),
      tableId: names.bigqueryTable,
      biglakeConfiguration: {
        connectionId: "catalog-connection-id",
        storageUri: `${storageUri}/`,
        fileFormat: "PARQUET",
        tableFormat: "ICEBERG",
      },
      deletionProtection: true,
      labels: context.labels,
    });

    // Data stores are retained on delete everywhere and protected for gold; nothing else is.
    const stores = ["storage-bucket", "storage-logs-bucket", "catalog-table"];
    if (cmek) stores.push("storage-keyring", "storage-key");
    if (gold) stores.push("backup-bucket");
    if (gold && cmek) stores.push("backup-keyring", "backup-key");
    expect(
      captured
        .filter((r) => r.retainOnDelete || r.protect)
        .map((r) => [r.name, r.retainOnDelete, r.protect])
        .sort(),
    ).toEqual(stores.map((name) => [name, true, gold]).sort());

    // Every IAM grant, as [name, resource, role, member]: each names one bucket, service, topic,
    // subscription or account of this product; none names the project.
    const grants = [
      ...catalogGrants(names),
      ...(gold ? backupGrants(names) : []),
      ...(service === undefined ? [] : serviceGrants(names, service.events)),
    ];
    expect(
      [T.bucketIam, T.serviceIam, T.projectIam, T.topicIam, T.subscriptionIam, T.accountIam]
        .flatMap((type) => recorder.ofType(type))
        .map((r) => [
          r.name,
          r.inputs.bucket ??
            r.inputs.topic ??
            r.inputs.subscription ??
            r.inputs.serviceAccountId ??
            r.inputs.name ??
            r.inputs.project,
          r.inputs.role,
          r.inputs.member,
        ])
        .sort(),
    ).toEqual(grants.sort());

    if (gold) expectGeoBackup(c, names, cmek);
    if (service === undefined) {
      expect(outputs.inference).toBeUndefined();
    } else {
      expectInference(c, names, service);
    }

    expect(await runPolicies(gcpPolicies, recorder.resources)).toEqual([]);
  });
});

describe("deployGcp under the new controls", () => {
  it("gives them a generated graph they can fail", async () => {
    const context = caseContext("gold", "confidential", "events", "europe");
    const names = context.names.gcp;
    datasets.set(datasetOf("payments"), "EU");
    const { parent, settle } = captureParent("gcp-mutated-fidelity");
    await valueOf(deployGcp(context, parent, {}));
    await settle();
    const mutated = structuredClone(recorder.resources)
      .filter((r) => r.type !== T.logSink)
      .map((r) => {
        if (r.type === T.bucket && r.inputs.name === names.backupBucket) {
          return {
            ...r,
            inputs: {
              ...r.inputs,
              retentionPolicy: { retentionPeriod: String(2555 * DAY), isLocked: false },
            },
          };
        }
        if (r.type === T.bucket && r.inputs.name === names.warehouseBucket) {
          return { ...r, inputs: { ...r.inputs, logging: undefined } };
        }
        if (r.type === T.subscription && r.name === "inference-events") {
          return { ...r, inputs: { ...r.inputs, deadLetterPolicy: undefined } };
        }
        return r;
      });
    const policies = new Set((await runPolicies(gcpPolicies, mutated)).map((v) => v.policy));
    expect([...policies].sort()).toEqual([
      "mp-bak-002-gcp",
      "mp-dlq-001-gcp",
      "mp-log-001-gcp",
      "mp-log-002-gcp",
    ]);
  });
});

/**
 * BigQuery manages the table's files, so its connection may write them, in this bucket only;
 * Cloud Storage writes usage logs into the log bucket only.
 */
function catalogGrants(names: GcpNames): string[][] {
  const member = `serviceAccount:${CONNECTION_SA}`;
  return [
    [
      "storage-logs-writer",
      names.logBucket,
      "roles/storage.objectCreator",
      "group:cloud-storage-analytics@google.com",
    ],
    ["catalog-connection-objects", names.warehouseBucket, "roles/storage.objectUser", member],
    [
      "catalog-connection-bucket",
      names.warehouseBucket,
      "roles/storage.legacyBucketReader",
      member,
    ],
  ];
}

/** Storage Transfer reads the warehouse and writes the backup bucket, nothing else. */
function backupGrants(names: GcpNames): string[][] {
  const member = `serviceAccount:${STS_AGENT}`;
  return [
    ["backup-sts-source-viewer", names.warehouseBucket, "roles/storage.objectViewer", member],
    ["backup-sts-source-reader", names.warehouseBucket, "roles/storage.legacyBucketReader", member],
    ["backup-sts-backup-writer", names.backupBucket, "roles/storage.legacyBucketWriter", member],
  ];
}

/**
 * The service's own account reads this bucket; the push account may invoke this service; the
 * Cloud Storage agent publishes to the events topic; Pub/Sub's agent forwards dead letters and
 * signs the pushes as the push account.
 */
function serviceGrants(names: GcpNames, events: boolean): string[][] {
  const reader = `serviceAccount:${names.serviceAccountId}@${PROJECT}.iam.gserviceaccount.com`;
  const trigger = `serviceAccount:${names.triggerServiceAccountId}@${PROJECT}.iam.gserviceaccount.com`;
  const pubsub = `serviceAccount:${PUBSUB_AGENT}`;
  return [
    ["inference-reads-bucket", names.warehouseBucket, "roles/storage.objectViewer", reader],
    ...(events
      ? [
          ["inference-trigger-invoker", names.cloudRunService, "roles/run.invoker", trigger],
          [
            "inference-gcs-agent-publisher",
            names.eventsTopic,
            "roles/pubsub.publisher",
            `serviceAccount:${GCS_AGENT}`,
          ],
          [
            "inference-pubsub-dead-letter-publisher",
            names.deadLetterTopic,
            "roles/pubsub.publisher",
            pubsub,
          ],
          [
            "inference-pubsub-dead-letter-subscriber",
            names.eventsSubscription,
            "roles/pubsub.subscriber",
            pubsub,
          ],
          [
            "inference-pubsub-token-creator",
            `projects/${PROJECT}/serviceAccounts/${names.triggerServiceAccountId}@${PROJECT}.iam.gserviceaccount.com`,
            "roles/iam.serviceAccountTokenCreator",
            pubsub,
          ],
        ]
      : []),
  ];
}

function expectGeoBackup(c: Case, names: GcpNames, cmek: boolean): void {
  const place = PLACES[c.placement];
  const days = TIER_DAYS.gold;
  // Regional in the secondary region, locked against deletes for the retention instead of
  // versioned (GCS does not allow both), the product's lifecycle without noncurrent versions.
  expect(named(recorder, T.bucket, "backup-bucket").inputs).toEqual({
    name: names.backupBucket,
    project: PROJECT,
    location: place.secondary.toUpperCase(),
    storageClass: "STANDARD",
    uniformBucketLevelAccess: true,
    publicAccessPrevention: "enforced",
    // Gold's default retention, 2555 days, locked: nobody can shorten or remove it.
    retentionPolicy: { retentionPeriod: String(2555 * DAY), isLocked: true },
    softDeletePolicy: { retentionDurationSeconds: days.softDelete * DAY },
    lifecycleRules: [
      ...ageRules(days, DATA_PREFIX),
      { action: { type: "AbortIncompleteMultipartUpload" }, condition: { age: 7 } },
    ],
    ...(cmek ? { encryption: { defaultKmsKeyName: "backup-key-id" } } : {}),
    logging: { logBucket: names.logBucket, logObjectPrefix: "access/" },
    forceDestroy: false,
    labels: named(recorder, T.bucket, "storage-bucket").inputs.labels,
  });
  expect(named(recorder, T.transfer, "backup-transfer").inputs).toMatchObject({
    project: PROJECT,
    status: "ENABLED",
    schedule: {
      scheduleStartDate: { year: 2026, month: 1, day: 1 },
      startTimeOfDay: { hours: 2, minutes: 0, seconds: 0, nanos: 0 },
      repeatInterval: `${DAY}s`,
    },
    transferSpec: {
      gcsDataSource: { bucketName: names.warehouseBucket },
      gcsDataSink: { bucketName: names.backupBucket },
      transferOptions: {
        overwriteWhen: "DIFFERENT",
        deleteObjectsUniqueInSink: false,
        deleteObjectsFromSourceAfterTransfer: false,
      },
    },
  });
}

function expectInference(
  c: Case,
  names: GcpNames,
  service: (typeof SERVICES)[keyof typeof SERVICES],
): void {
  const place = PLACES[c.placement];
  const labels = named(recorder, T.bucket, "storage-bucket").inputs.labels;
  const serviceAccount = `${names.serviceAccountId}@${PROJECT}.iam.gserviceaccount.com`;
  expect(named(recorder, T.account, "inference-sa").inputs).toMatchObject({
    accountId: names.serviceAccountId,
    project: PROJECT,
  });
  // Scaling: min = provisioned, max = reserved (10 without), one request per instance; whole
  // vCPUs for the memory; the spec's timeout. Ingress is open only with the http trigger.
  expect(named(recorder, T.service, "inference-service").inputs).toEqual({
    name: names.cloudRunService,
    project: PROJECT,
    location: place.region,
    description: "Meshplane inference for payments/fraud-scores",
    ingress: service.http ? "INGRESS_TRAFFIC_ALL" : "INGRESS_TRAFFIC_INTERNAL_ONLY",
    invokerIamDisabled: false,
    deletionProtection: false,
    labels,
    template: {
      serviceAccount,
      scaling: { minInstanceCount: service.min, maxInstanceCount: service.max },
      maxInstanceRequestConcurrency: 1,
      timeout: service.timeout,
      labels,
      containers: [
        {
          image: service.image,
          resources: {
            limits: { cpu: service.cpu, memory: service.memory },
            cpuIdle: true,
            startupCpuBoost: true,
          },
          envs: [
            { name: "MESHPLANE_BUCKET", value: names.warehouseBucket },
            {
              name: "MESHPLANE_STORAGE_URI",
              value: `gs://${names.warehouseBucket}/iceberg/fraud-scores`,
            },
          ],
        },
      ],
    },
  });

  // The service's logs: a year in a log bucket of its region, filled by a sink.
  expect(named(recorder, T.logBucket, "inference-log-bucket").inputs).toMatchObject({
    project: PROJECT,
    location: place.region,
    bucketId: names.functionLogBucket,
    retentionDays: 365,
  });
  expect(named(recorder, T.logSink, "inference-log-sink").inputs).toMatchObject({
    name: names.functionLogSink,
    destination: `logging.googleapis.com/projects/${PROJECT}/locations/${place.region}/buckets/${names.functionLogBucket}`,
    filter: `resource.type = "cloud_run_revision" AND resource.labels.service_name = "${names.cloudRunService}"`,
  });

  // object-created: the data files' finalize notifications, pushed with a dead-letter topic.
  expect(recorder.ofType(T.trigger)).toEqual([]);
  expect(recorder.ofType(T.notification).map((r) => r.inputs)).toEqual(
    service.events
      ? [
          {
            bucket: names.warehouseBucket,
            topic: "inference-events-topic-id",
            payloadFormat: "JSON_API_V1",
            eventTypes: ["OBJECT_FINALIZE"],
            objectNamePrefix: DATA_PREFIX,
          },
        ]
      : [],
  );
  if (service.events) {
    const push = `${names.triggerServiceAccountId}@${PROJECT}.iam.gserviceaccount.com`;
    const uri = `https://${names.cloudRunService}-abc123-ew.a.run.app`;
    expect(named(recorder, T.subscription, "inference-events").inputs).toMatchObject({
      name: names.eventsSubscription,
      topic: "inference-events-topic-id",
      ackDeadlineSeconds: Math.min(600, Number.parseInt(service.timeout, 10)),
      pushConfig: {
        pushEndpoint: uri,
        oidcToken: { serviceAccountEmail: push, audience: uri },
        noWrapper: { writeMetadata: true },
      },
      deadLetterPolicy: {
        deadLetterTopic: "inference-dead-letter-topic-id",
        maxDeliveryAttempts: 5,
      },
      labels,
    });
    expect(named(recorder, T.subscription, "inference-dead-letters").inputs).toMatchObject({
      name: names.deadLetterSubscription,
      topic: "inference-dead-letter-topic-id",
      messageRetentionDuration: "604800s",
    });
    expect(named(recorder, T.alert, "inference-dead-letter-alert").inputs).toMatchObject({
      severity: "ERROR",
      userLabels: labels,
      conditions: [
        {
          conditionThreshold: {
            filter: `resource.type = "pubsub_subscription" AND resource.labels.subscription_id = "${names.eventsSubscription}" AND metric.type = "pubsub.googleapis.com/subscription/dead_letter_message_count"`,
            comparison: "COMPARISON_GT",
            thresholdValue: 0,
          },
        },
      ],
    });
  }

  // Alerts to the owners: p99 latency above 500 ms, more than 1 % of requests failing with 5xx.
  const channels = recorder.ofType(T.channel);
  expect(channels.map((r) => [r.inputs.type, r.inputs.labels])).toEqual(
    OWNERS.map((email) => ["email", { email_address: email }]),
  );
  const metric = (name: string) =>
    `resource.type = "cloud_run_revision" AND resource.labels.service_name = "${names.cloudRunService}" AND metric.type = "run.googleapis.com/${name}"`;
  const window = { alignmentPeriod: "300s", groupByFields: ["resource.labels.service_name"] };
  const common = {
    project: PROJECT,
    combiner: "OR",
    enabled: true,
    notificationChannels: channels.map((r) => channelName(r.name)),
    userLabels: labels,
  };
  expect(named(recorder, T.alert, "inference-latency-alert").inputs).toMatchObject({
    ...common,
    severity: "WARNING",
    conditions: [
      {
        conditionThreshold: {
          filter: metric("request_latencies"),
          aggregations: [
            {
              ...window,
              perSeriesAligner: "ALIGN_PERCENTILE_99",
              crossSeriesReducer: "REDUCE_MAX",
            },
          ],
          comparison: "COMPARISON_GT",
          thresholdValue: 500,
          duration: "300s",
        },
      },
    ],
  });
  const rate = { ...window, perSeriesAligner: "ALIGN_RATE", crossSeriesReducer: "REDUCE_SUM" };
  expect(named(recorder, T.alert, "inference-error-alert").inputs).toMatchObject({
    ...common,
    severity: "ERROR",
    conditions: [
      {
        conditionThreshold: {
          filter: `${metric("request_count")} AND metric.labels.response_code_class = "5xx"`,
          aggregations: [rate],
          denominatorFilter: metric("request_count"),
          denominatorAggregations: [rate],
          comparison: "COMPARISON_GT",
          thresholdValue: 0.01,
          duration: "300s",
        },
      },
    ],
  });
}
