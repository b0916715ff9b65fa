/**
 * deployGcp for every tier × classification × inference (none, http, object-created events, both
 * triggers), gold also in the US with its secondary region spelled out: exact outputs, resource
 * types, key inputs, data-store protection, least-privilege IAM, and zero violations of the GCP
 * policy pack on the whole graph.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { DataProductOutputs, type Tier } from "#contract";
import { TIER_DAYS, matrixCases, uncoveredShapes, type MatrixCase } from "../../../support/matrix";
import { runPolicies } from "../../../support/policy-runner";
import { cloudTypes, valueOf } from "../../../support/pulumi-mocks";
import { captureParent } from "../azure/harness";
import {
  CONNECTION_SA,
  GCS_AGENT,
  PROJECT,
  STS_AGENT,
  caseContext,
  channelName,
  datasetOf,
  datasets,
  installGcpMocks,
  named,
  type InferenceKind,
  type Placement,
} from "./gcp-mocks";

const recorder = installGcpMocks();
const { deployGcp } = await import("../../../../components/gcp");
const { gcpPolicies } = await import("../../../../components/policy/gcp");

const T = {
  bucket: "gcp:storage/bucket:Bucket",
  bucketIam: "gcp:storage/bucketIAMMember:BucketIAMMember",
  transfer: "gcp:storage/transferJob:TransferJob",
  keyRing: "gcp:kms/keyRing:KeyRing",
  key: "gcp:kms/cryptoKey:CryptoKey",
  keyIam: "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember",
  connection: "gcp:bigquery/connection:Connection",
  table: "gcp:bigquery/table:Table",
  account: "gcp:serviceaccount/account:Account",
  service: "gcp:cloudrunv2/service:Service",
  serviceIam: "gcp:cloudrunv2/serviceIamMember:ServiceIamMember",
  projectIam: "gcp:projects/iAMMember:IAMMember",
  trigger: "gcp:eventarc/trigger:Trigger",
  channel: "gcp:monitoring/notificationChannel:NotificationChannel",
  alert: "gcp:monitoring/alertPolicy:AlertPolicy",
} as const;

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
 * The class data moves to at archiveAfterDays: ARCHIVE only when it then stays 365 days or more
 * before expiry (gold: 2555 - 180), COLDLINE otherwise (bronze: 90 - 60, silver: 365 - 90).
 */
const ARCHIVE_CLASS: Record<Tier, string> = {
  bronze: "COLDLINE",
  silver: "COLDLINE",
  gold: "ARCHIVE",
};

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
  const types: string[] = [T.bucket, ...keys, T.connection, T.bucketIam, T.bucketIam, T.table];
  if (c.tier === "gold") {
    types.push(T.bucket, ...keys, T.bucketIam, T.bucketIam, T.bucketIam, T.transfer);
  }
  if (c.inference !== "none") {
    types.push(T.account, T.bucketIam, T.service, T.alert, T.alert);
    types.push(...OWNERS.map(() => T.channel));
    if (SERVICES[c.inference].events) {
      types.push(T.account, T.serviceIam, T.projectIam, T.projectIam, T.trigger);
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

    // The warehouse: regional below gold, a turbo-replicated dual-region of the two approved
    // regions for gold; never public, always versioned with the tier's soft delete and
    // lifecycle, and the product's own key for every classification but public.
    const days = TIER_DAYS[c.tier];
    const lifecycle = [
      {
        action: { type: "SetStorageClass", storageClass: "NEARLINE" },
        condition: { age: days.cool, matchesStorageClasses: ["STANDARD"] },
      },
      {
        action: { type: "SetStorageClass", storageClass: ARCHIVE_CLASS[c.tier] },
        condition: { age: days.archive, matchesStorageClasses: ["STANDARD", "NEARLINE"] },
      },
      { action: { type: "Delete" }, condition: { age: days.expire } },
    ];
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
      lifecycleRules: [
        ...lifecycle,
        {
          action: { type: "Delete" },
          condition: { daysSinceNoncurrentTime: days.softDelete, withState: "ARCHIVED" },
        },
        abort,
      ],
      ...(cmek ? { encryption: { defaultKmsKeyName: "storage-key-id" } } : {}),
      forceDestroy: false,
      labels: context.labels,
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
    const stores = ["storage-bucket", "catalog-table"];
    if (cmek) stores.push("storage-keyring", "storage-key");
    if (gold) stores.push("backup-bucket");
    if (gold && cmek) stores.push("backup-keyring", "backup-key");
    expect(
      captured
        .filter((r) => r.retainOnDelete || r.protect)
        .map((r) => [r.name, r.retainOnDelete, r.protect])
        .sort(),
    ).toEqual(stores.map((name) => [name, true, gold]).sort());

    // Every IAM grant, as [name, resource, role, member]: each names one bucket of this
    // product, or the project only where Eventarc and Cloud Storage events require it.
    const grants = [
      ...catalogGrants(names),
      ...(gold ? backupGrants(names) : []),
      ...(service === undefined ? [] : serviceGrants(names, service.events)),
    ];
    expect(
      [T.bucketIam, T.serviceIam, T.projectIam]
        .flatMap((type) => recorder.ofType(type))
        .map((r) => [
          r.name,
          r.inputs.bucket ?? r.inputs.name ?? r.inputs.project,
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

/** BigQuery manages the table's files, so its connection may write them, in this bucket only. */
function catalogGrants(names: GcpNames): string[][] {
  const member = `serviceAccount:${CONNECTION_SA}`;
  return [
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
 * The service's own account reads this bucket; the trigger's account may invoke this service
 * and receive events; the Cloud Storage agent publishes the bucket's events.
 */
function serviceGrants(names: GcpNames, events: boolean): string[][] {
  const reader = `serviceAccount:${names.serviceAccountId}@${PROJECT}.iam.gserviceaccount.com`;
  const trigger = `serviceAccount:${names.triggerServiceAccountId}@${PROJECT}.iam.gserviceaccount.com`;
  return [
    ["inference-reads-bucket", names.warehouseBucket, "roles/storage.objectViewer", reader],
    ...(events
      ? [
          ["inference-trigger-invoker", names.cloudRunService, "roles/run.invoker", trigger],
          ["inference-trigger-receiver", PROJECT, "roles/eventarc.eventReceiver", trigger],
          [
            "inference-gcs-agent-publisher",
            PROJECT,
            "roles/pubsub.publisher",
            `serviceAccount:${GCS_AGENT}`,
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
    // Gold's default retention, 2555 days.
    retentionPolicy: { retentionPeriod: String(2555 * DAY), isLocked: false },
    softDeletePolicy: { retentionDurationSeconds: days.softDelete * DAY },
    lifecycleRules: [
      {
        action: { type: "SetStorageClass", storageClass: "NEARLINE" },
        condition: { age: days.cool, matchesStorageClasses: ["STANDARD"] },
      },
      {
        action: { type: "SetStorageClass", storageClass: "ARCHIVE" },
        condition: { age: days.archive, matchesStorageClasses: ["STANDARD", "NEARLINE"] },
      },
      { action: { type: "Delete" }, condition: { age: days.expire } },
      { action: { type: "AbortIncompleteMultipartUpload" }, condition: { age: 7 } },
    ],
    ...(cmek ? { encryption: { defaultKmsKeyName: "backup-key-id" } } : {}),
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

  // object-created: finalized objects of this bucket, from the bucket's location.
  expect(recorder.ofType(T.trigger).map((r) => r.inputs)).toEqual(
    service.events
      ? [
          {
            name: names.eventarcTrigger,
            project: PROJECT,
            location: c.tier === "gold" ? place.multi.toLowerCase() : place.region,
            matchingCriterias: [
              { attribute: "type", value: "google.cloud.storage.object.v1.finalized" },
              { attribute: "bucket", value: names.warehouseBucket },
            ],
            destination: {
              cloudRunService: { service: names.cloudRunService, region: place.region },
            },
            serviceAccount: `${names.triggerServiceAccountId}@${PROJECT}.iam.gserviceaccount.com`,
            labels,
          },
        ]
      : [],
  );

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
