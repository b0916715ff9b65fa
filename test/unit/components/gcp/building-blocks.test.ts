/**
 * Each GCP building block on its own, under Pulumi mocks: exact resource types and key inputs.
 */
import * as pulumi from "@pulumi/pulumi";
import { beforeEach, describe, expect, it } from "vitest";
import { productContext, type ProductContext } from "#components/context";
import { cloudTypes, valueOf } from "#test/support/pulumi-mocks";
import { exampleInput, variant } from "#test/support/specs";
import {
  CONNECTION_SA,
  GCP_TYPES,
  GCS_AGENT,
  PROJECT,
  PUBSUB_AGENT,
  STS_AGENT,
  channelName,
  datasetOf,
  datasets,
  exportedMetadataOf,
  installGcpMocks,
  named,
  settled,
} from "./gcp-mocks";

const recorder = installGcpMocks();
const gcpBlocks = await import("#components/gcp/index");
const { StorageLifecycle } = gcpBlocks;

const T = GCP_TYPES;

const DAY = 86_400;

function context(spec: unknown): ProductContext {
  return productContext({ spec, environment: "prod" });
}

const sensors = context(exampleInput("sensor-readings.yaml"));
const fraud = context(exampleInput("fraud-scores.yaml"));
/** Public data is the one classification on Google-managed keys (contract/encryption.ts). */
const publicSensors = context(
  variant("sensor-readings.yaml", (s) => (s.classification = "public")),
);

/** Pulumi keeps `protect` on the resource object (an internal field, stable since 1.x). */
function protectOf(resource: object): unknown {
  return (resource as { __protect?: boolean }).__protect;
}

beforeEach(() => {
  recorder.reset();
});

describe("IcebergStorage", () => {
  it("silver public: a regional warehouse and its log bucket, Google-managed keys, the tier's protections", async () => {
    const storage = new gcpBlocks.IcebergStorage("s1", { context: publicSensors });
    const uri = await valueOf(storage.storageUri);
    await settled(recorder);

    expect(cloudTypes(recorder)).toEqual([T.bucket, T.bucket, T.bucketIam]);
    const logs = publicSensors.names.gcp.logBucket;
    const bucket = named(recorder, T.bucket, "s1-bucket").inputs;
    expect(bucket).toMatchObject({
      name: publicSensors.names.gcp.warehouseBucket,
      project: PROJECT,
      location: "EUROPE-WEST4",
      storageClass: "STANDARD",
      uniformBucketLevelAccess: true,
      publicAccessPrevention: "enforced",
      versioning: { enabled: true },
      softDeletePolicy: { retentionDurationSeconds: 14 * DAY },
      lifecycleRules: StorageLifecycle.forProduct(publicSensors).rules,
      logging: { logBucket: logs, logObjectPrefix: "access/" },
      forceDestroy: false,
      labels: publicSensors.labels,
    });
    expect(bucket).not.toHaveProperty("customPlacementConfig");
    expect(bucket).not.toHaveProperty("rpo");
    expect(bucket).not.toHaveProperty("encryption");
    expect(uri).toBe(`gs://${publicSensors.names.gcp.warehouseBucket}/iceberg/sensor-readings`);
    expect(storage.kmsKeyId).toBeUndefined();
    expect(protectOf(storage.bucket)).toBe(false);

    // The access-log bucket: hardened like data, logs under access/ kept a year, written by
    // Cloud Storage's analytics group only, and not logging itself.
    const logBucket = named(recorder, T.bucket, "s1-logs-bucket").inputs;
    expect(logBucket).toMatchObject({
      name: logs,
      location: "EUROPE-WEST4",
      uniformBucketLevelAccess: true,
      publicAccessPrevention: "enforced",
      versioning: { enabled: true },
      labels: { ...publicSensors.labels, "retention-days": "365" },
      lifecycleRules: [
        {
          action: { type: "SetStorageClass", storageClass: "NEARLINE" },
          condition: { age: 30, matchesStorageClasses: ["STANDARD"], matchesPrefixes: ["access/"] },
        },
        {
          action: { type: "SetStorageClass", storageClass: "COLDLINE" },
          condition: {
            age: 90,
            matchesStorageClasses: ["STANDARD", "NEARLINE"],
            matchesPrefixes: ["access/"],
          },
        },
        { action: { type: "Delete" }, condition: { age: 365, matchesPrefixes: ["access/"] } },
        {
          action: { type: "Delete" },
          condition: { daysSinceNoncurrentTime: 14, withState: "ARCHIVED" },
        },
        { action: { type: "AbortIncompleteMultipartUpload" }, condition: { age: 7 } },
      ],
    });
    expect(logBucket).not.toHaveProperty("logging");
    expect(recorder.one(T.bucketIam).inputs).toEqual({
      bucket: logs,
      role: "roles/storage.objectCreator",
      member: "group:cloud-storage-analytics@google.com",
    });
  });

  it("silver internal: the product's key encrypts the warehouse and its log bucket", async () => {
    const storage = new gcpBlocks.IcebergStorage("s4", { context: sensors });
    await valueOf(storage.storageUri);
    await settled(recorder);
    expect(recorder.ofType(T.keyRing)).toHaveLength(1);
    for (const name of ["s4-bucket", "s4-logs-bucket"]) {
      expect(named(recorder, T.bucket, name).inputs).toMatchObject({
        encryption: { defaultKmsKeyName: "s4-key-id" },
      });
    }
  });

  it("gold confidential: turbo dual-region with a CMEK key in the matching KMS multi-region", async () => {
    const storage = new gcpBlocks.IcebergStorage("s2", { context: fraud });
    await valueOf(storage.storageUri);
    await settled(recorder);

    expect(recorder.one(T.keyRing).inputs).toEqual({
      name: fraud.names.gcp.kmsKeyRing,
      location: "europe",
      project: PROJECT,
    });
    expect(recorder.one(T.key).inputs).toMatchObject({
      name: fraud.names.gcp.kmsKey,
      keyRing: "s2-keyring-id",
      purpose: "ENCRYPT_DECRYPT",
      rotationPeriod: `${90 * DAY}s`,
      labels: fraud.labels,
    });
    expect(recorder.one(T.keyIam).inputs).toEqual({
      cryptoKeyId: "s2-key-id",
      role: "roles/cloudkms.cryptoKeyEncrypterDecrypter",
      member: `serviceAccount:${GCS_AGENT}`,
    });
    expect(named(recorder, T.bucket, "s2-bucket").inputs).toMatchObject({
      location: "EU",
      customPlacementConfig: { dataLocations: ["EUROPE-WEST1", "EUROPE-WEST4"] },
      rpo: "ASYNC_TURBO",
      encryption: { defaultKmsKeyName: "s2-key-id" },
      softDeletePolicy: { retentionDurationSeconds: 30 * DAY },
      versioning: { enabled: true },
    });
    expect(protectOf(storage.bucket)).toBe(true);
    expect(protectOf(storage.cryptoKey as object)).toBe(true);
  });

  it("uses an explicit project over the provider's", async () => {
    const storage = new gcpBlocks.IcebergStorage("s3", { context: sensors, project: "other" });
    await valueOf(storage.storageUri);
    await settled(recorder);
    expect(named(recorder, T.bucket, "s3-bucket").inputs.project).toBe("other");
  });

  it("refuses a context for another cloud, naming the arg", () => {
    const aws = context(exampleInput("card-transactions.yaml"));
    expect(() => new gcpBlocks.IcebergStorage("bad", { context: aws })).toThrow(
      /IcebergStorage: context targets aws, not gcp/,
    );
  });
});

describe("GeoBackup", () => {
  it("copies the warehouse daily into a retention-locked bucket in the secondary region", async () => {
    const backup = new gcpBlocks.GeoBackup("b1", {
      context: fraud,
      sourceBucket: "warehouse",
      logBucket: "logs",
    });
    const uri = await valueOf(backup.uri);
    await settled(recorder);

    expect(backup.location).toBe("europe-west4");
    expect(uri).toBe(`gs://${fraud.names.gcp.backupBucket}`);
    const bucket = named(recorder, T.bucket, "b1-bucket").inputs;
    expect(bucket).toMatchObject({
      name: fraud.names.gcp.backupBucket,
      location: "EUROPE-WEST4",
      uniformBucketLevelAccess: true,
      publicAccessPrevention: "enforced",
      // Gold: locked, so nobody can shorten or remove the retention.
      retentionPolicy: { retentionPeriod: String(2555 * DAY), isLocked: true },
      softDeletePolicy: { retentionDurationSeconds: 30 * DAY },
      encryption: { defaultKmsKeyName: "b1-key-id" },
      lifecycleRules: StorageLifecycle.forProduct(fraud, false).rules,
      logging: { logBucket: "logs", logObjectPrefix: "access/" },
      labels: fraud.labels,
    });
    expect(bucket).not.toHaveProperty("versioning");
    expect(bucket).not.toHaveProperty("customPlacementConfig");
    expect(recorder.one(T.keyRing).inputs).toMatchObject({ location: "europe-west4" });
    expect(recorder.one(T.keyIam).inputs.member).toBe(`serviceAccount:${GCS_AGENT}`);

    const grants = recorder
      .ofType(T.bucketIam)
      .map((r) => [r.inputs.bucket, r.inputs.role, r.inputs.member])
      .sort();
    expect(grants).toEqual([
      [
        fraud.names.gcp.backupBucket,
        "roles/storage.legacyBucketWriter",
        `serviceAccount:${STS_AGENT}`,
      ],
      ["warehouse", "roles/storage.legacyBucketReader", `serviceAccount:${STS_AGENT}`],
      ["warehouse", "roles/storage.objectViewer", `serviceAccount:${STS_AGENT}`],
    ]);
    expect(recorder.one(T.transfer).inputs).toMatchObject({
      project: PROJECT,
      status: "ENABLED",
      schedule: {
        scheduleStartDate: { year: 2026, month: 1, day: 1 },
        startTimeOfDay: { hours: 2, minutes: 0, seconds: 0, nanos: 0 },
        repeatInterval: `${DAY}s`,
      },
      transferSpec: {
        gcsDataSource: { bucketName: "warehouse" },
        gcsDataSink: { bucketName: fraud.names.gcp.backupBucket },
        transferOptions: {
          overwriteWhen: "DIFFERENT",
          deleteObjectsUniqueInSink: false,
          deleteObjectsFromSourceAfterTransfer: false,
        },
      },
    });
    expect(protectOf(backup.bucket)).toBe(true);
  });

  it("uses Google-managed keys for a public gold product only", async () => {
    const open = context(
      variant("fraud-scores.yaml", (s) => {
        s.classification = "public";
        for (const column of s.table.columns) column.pii = false;
      }),
    );
    const backup = new gcpBlocks.GeoBackup("b2", { context: open, sourceBucket: "w" });
    await valueOf(backup.uri);
    await settled(recorder);
    expect(recorder.ofType(T.keyRing)).toHaveLength(0);
    expect(recorder.one(T.bucket).inputs).not.toHaveProperty("encryption");
  });

  it("encrypts an internal gold product's backup with its own key", async () => {
    const internal = context(variant("fraud-scores.yaml", (s) => (s.classification = "internal")));
    const backup = new gcpBlocks.GeoBackup("b3", { context: internal, sourceBucket: "w" });
    await valueOf(backup.uri);
    await settled(recorder);
    expect(recorder.ofType(T.keyRing)).toHaveLength(1);
    expect(recorder.one(T.bucket).inputs).toMatchObject({
      encryption: { defaultKmsKeyName: "b3-key-id" },
    });
  });

  it("refuses tiers without a geo backup and a bad start hour", () => {
    expect(() => new gcpBlocks.GeoBackup("x", { context: sensors, sourceBucket: "w" })).toThrow(
      /GeoBackup: context is a silver product/,
    );
    expect(
      () => new gcpBlocks.GeoBackup("y", { context: fraud, sourceBucket: "w", startHourUtc: 24 }),
    ).toThrow(/startHourUtc/);
  });
});

describe("DomainCatalog", () => {
  it("creates the domain's dataset once, retained and protected, with domain labels", async () => {
    const catalog = new gcpBlocks.DomainCatalog("payments", {
      domain: "payments",
      environment: "prod",
      owner: "payments-data",
      location: "EU",
    });
    expect(await valueOf(catalog.datasetId)).toBe(datasetOf("payments"));
    await settled(recorder);
    expect(recorder.one(T.dataset).inputs).toMatchObject({
      datasetId: fraud.names.gcp.bigqueryDataset,
      project: PROJECT,
      location: "EU",
      deleteContentsOnDestroy: false,
      labels: {
        domain: "payments",
        owner: "payments-data",
        environment: "prod",
        "managed-by": "meshplane",
      },
    });
    expect(protectOf(catalog.dataset)).toBe(true);
  });

  it("validates its args", () => {
    const base = { domain: "payments", environment: "prod", owner: "team", location: "EU" };
    expect(() => new gcpBlocks.DomainCatalog("a", { ...base, domain: "Pay" })).toThrow(/domain/);
    expect(() => new gcpBlocks.DomainCatalog("b", { ...base, location: "mars" })).toThrow(
      /location/,
    );
    expect(() => new gcpBlocks.DomainCatalog("c", { ...base, owner: "A B" })).toThrow(/owner/);
  });
});

describe("CatalogRegistration", () => {
  it("registers a BigLake Iceberg table in the domain's dataset through a connection", async () => {
    const catalog = new gcpBlocks.CatalogRegistration("c1", {
      context: fraud,
      bucket: "warehouse",
      placement: dual(),
      storageUri: "gs://warehouse/iceberg/fraud-scores",
    });
    expect(await valueOf(catalog.tableId)).toBe("fraud_scores");
    expect(await valueOf(catalog.datasetLocation)).toBe("EU");
    await settled(recorder);

    expect(recorder.one(T.connection).inputs).toEqual({
      connectionId: fraud.names.gcp.bigLakeConnection,
      project: PROJECT,
      location: "EU",
      friendlyName: "payments/fraud-scores BigLake",
      description: "Meshplane: BigQuery access to the Iceberg table of payments/fraud-scores",
      cloudResource: {},
    });
    expect(
      recorder
        .ofType(T.bucketIam)
        .map((r) => [r.inputs.bucket, r.inputs.role, r.inputs.member])
        .sort(),
    ).toEqual([
      ["warehouse", "roles/storage.legacyBucketReader", `serviceAccount:${CONNECTION_SA}`],
      ["warehouse", "roles/storage.objectUser", `serviceAccount:${CONNECTION_SA}`],
    ]);
    const table = recorder.one(T.table).inputs;
    expect(table).toMatchObject({
      project: PROJECT,
      datasetId: datasetOf("payments"),
      tableId: "fraud_scores",
      clusterings: ["score_date", "merchant_id"],
      biglakeConfiguration: {
        connectionId: "c1-connection-id",
        storageUri: "gs://warehouse/iceberg/fraud-scores/",
        fileFormat: "PARQUET",
        tableFormat: "ICEBERG",
      },
      deletionProtection: true,
      labels: fraud.labels,
    });
    expect(JSON.parse(String(table.schema))).toEqual([
      { name: "merchant_id", type: "INTEGER", mode: "REQUIRED" },
      { name: "score_date", type: "DATE", mode: "REQUIRED" },
      { name: "transactions", type: "INTEGER", mode: "REQUIRED" },
      { name: "fraud_rate", type: "NUMERIC", mode: "NULLABLE", precision: "7", scale: "6" },
      { name: "model_score", type: "FLOAT", mode: "NULLABLE" },
      { name: "model_version", type: "STRING", mode: "NULLABLE" },
    ]);
    expect(recorder.ofType(T.dataset)).toHaveLength(0);
    expect(protectOf(catalog.table)).toBe(true);
    // BigQuery exports the table's Iceberg metadata; the component names the file it wrote.
    expect(recorder.one(T.tableMetadata).inputs).toMatchObject({
      project: PROJECT,
      datasetId: datasetOf("payments"),
      tableId: "fraud_scores",
      location: "EU",
      storageUri: "gs://warehouse/iceberg/fraud-scores",
      schema: table.schema,
    });
    expect(await valueOf(catalog.metadataLocation)).toBe(
      exportedMetadataOf("gs://warehouse/iceberg/fraud-scores"),
    );
  });

  it("uses a dataset passed in instead of the lookup", async () => {
    const catalog = new gcpBlocks.CatalogRegistration("c2", {
      context: sensors,
      bucket: "warehouse",
      placement: regional(),
      storageUri: "gs://warehouse/iceberg/sensor-readings",
      dataset: { datasetId: "other_dataset", location: "europe-west4" },
    });
    expect(await valueOf(catalog.datasetId)).toBe("other_dataset");
    await settled(recorder);
    expect(recorder.one(T.connection).inputs.location).toBe("europe-west4");
    expect(recorder.one(T.table).inputs.datasetId).toBe("other_dataset");
  });

  it("fails with a message naming DomainCatalog when the domain's dataset is missing", async () => {
    const orphan = context(variant("sensor-readings.yaml", (s) => (s.domain = "telemetry")));
    expect(datasets.has(orphan.names.gcp.bigqueryDataset)).toBe(false);
    await expect(gcpBlocks.lookupDomainDataset(orphan, PROJECT, {})).rejects.toThrow(
      /dataset mp__telemetry__prod of domain telemetry \(prod\) was not found.*DomainCatalog component \(meshplane:gcp:DomainCatalog\) for domain "telemetry"/,
    );
    await expect(gcpBlocks.lookupDomainDataset(fraud, PROJECT, {})).resolves.toEqual({
      datasetId: datasetOf("payments"),
      location: "EU",
    });
  });

  it("fails when the dataset's location cannot read the bucket", () => {
    expect(() => gcpBlocks.checkDatasetLocation("mp_x_prod", "US", regional())).toThrow(
      /dataset mp_x_prod is in US, which cannot read bucket data in europe-west4/,
    );
    expect(gcpBlocks.checkDatasetLocation("mp_x_prod", "EU", dual())).toBe("EU");
  });
});

function regional() {
  return {
    location: "EUROPE-WEST4",
    dataLocations: undefined,
    rpo: undefined,
    kmsLocation: "europe-west4",
    regions: ["europe-west4"],
  };
}

function dual() {
  return {
    location: "EU",
    dataLocations: ["EUROPE-WEST1", "EUROPE-WEST4"] as const,
    rpo: "ASYNC_TURBO" as const,
    kmsLocation: "europe",
    regions: ["europe-west1", "europe-west4"],
  };
}

describe("InferenceFunction", () => {
  it("fraud-scores (http): Cloud Run sized and scaled from the spec, invokers, alerts", async () => {
    const fn = new gcpBlocks.InferenceFunction("f1", {
      context: fraud,
      bucket: "warehouse",
      invokers: ["group:risk@meshplane.test"],
      notificationChannels: ["projects/acme-data/notificationChannels/1"],
    });
    expect(await valueOf(fn.url)).toBe(
      `https://${fraud.names.gcp.cloudRunService}-abc123-ew.a.run.app`,
    );
    await settled(recorder);

    const sa = `${fraud.names.gcp.serviceAccountId}@${PROJECT}.iam.gserviceaccount.com`;
    expect(recorder.one(T.account).inputs).toMatchObject({
      accountId: fraud.names.gcp.serviceAccountId,
      project: PROJECT,
    });
    expect(recorder.one(T.bucketIam).inputs).toEqual({
      bucket: "warehouse",
      role: "roles/storage.objectViewer",
      member: `serviceAccount:${sa}`,
    });
    expect(recorder.one(T.service).inputs).toMatchObject({
      name: fraud.names.gcp.cloudRunService,
      project: PROJECT,
      location: "europe-west1",
      ingress: "INGRESS_TRAFFIC_ALL",
      invokerIamDisabled: false,
      deletionProtection: false,
      labels: fraud.labels,
      template: {
        serviceAccount: sa,
        scaling: { minInstanceCount: 1, maxInstanceCount: 20 },
        maxInstanceRequestConcurrency: 1,
        timeout: "60s",
        containers: [
          {
            image: "europe-docker.pkg.dev/acme-ml/models/fraud-scorer:1.4.2",
            resources: {
              limits: { cpu: "1", memory: "2048Mi" },
              cpuIdle: true,
              startupCpuBoost: true,
            },
            envs: [{ name: "MESHPLANE_BUCKET", value: "warehouse" }],
          },
        ],
      },
    });
    expect(recorder.one(T.serviceIam).inputs).toEqual({
      project: PROJECT,
      location: "europe-west1",
      name: fraud.names.gcp.cloudRunService,
      role: "roles/run.invoker",
      member: "group:risk@meshplane.test",
    });
    expect(recorder.ofType(T.trigger)).toHaveLength(0);
    expect(recorder.ofType(T.topic)).toHaveLength(0);
    expect(recorder.ofType(T.projectIam)).toHaveLength(0);

    // The service's logs: a bucket in its region keeping them a year, and the sink filling it.
    expect(recorder.one(T.logBucket).inputs).toMatchObject({
      project: PROJECT,
      location: "europe-west1",
      bucketId: fraud.names.gcp.functionLogBucket,
      retentionDays: 365,
    });
    expect(recorder.one(T.logSink).inputs).toMatchObject({
      name: fraud.names.gcp.functionLogSink,
      project: PROJECT,
      destination: `logging.googleapis.com/projects/${PROJECT}/locations/europe-west1/buckets/${fraud.names.gcp.functionLogBucket}`,
      filter: `resource.type = "cloud_run_revision" AND resource.labels.service_name = "${fraud.names.gcp.cloudRunService}"`,
    });

    // One email channel per owner, labelled like the alerts; every alert notifies them all.
    expect(recorder.ofType(T.channel).map((r) => [r.name, r.inputs])).toEqual(
      fraud.spec.owners.emails.map((email, index) => [
        `f1-owner-${index}`,
        {
          project: PROJECT,
          type: "email",
          displayName: `Meshplane payments/fraud-scores owner ${email}`,
          labels: { email_address: email },
          userLabels: fraud.labels,
        },
      ]),
    );
    expect(fraud.spec.owners.emails).toHaveLength(2);
    expect(await valueOf(pulumi.all(fn.ownerChannels.map((c) => c.name)))).toEqual([
      channelName("f1-owner-0"),
      channelName("f1-owner-1"),
    ]);
    const alerts = recorder.ofType(T.alert).map((r) => r.inputs);
    expect(alerts).toHaveLength(2);
    for (const alert of alerts) {
      expect(alert.notificationChannels).toEqual([
        channelName("f1-owner-0"),
        channelName("f1-owner-1"),
        "projects/acme-data/notificationChannels/1",
      ]);
    }
    const latency = alerts.find((a) => String(a.displayName).includes("latency"));
    const errors = alerts.find((a) => String(a.displayName).includes("error ratio"));
    const filter = `resource.type = "cloud_run_revision" AND resource.labels.service_name = "${fraud.names.gcp.cloudRunService}"`;
    expect(latency).toMatchObject({
      combiner: "OR",
      userLabels: fraud.labels,
      conditions: [
        {
          conditionThreshold: {
            filter: `${filter} AND metric.type = "run.googleapis.com/request_latencies"`,
            aggregations: [{ alignmentPeriod: "300s", perSeriesAligner: "ALIGN_PERCENTILE_99" }],
            comparison: "COMPARISON_GT",
            thresholdValue: 500,
            duration: "300s",
          },
        },
      ],
    });
    expect(errors).toMatchObject({
      conditions: [
        {
          conditionThreshold: {
            filter: `${filter} AND metric.type = "run.googleapis.com/request_count" AND metric.labels.response_code_class = "5xx"`,
            denominatorFilter: `${filter} AND metric.type = "run.googleapis.com/request_count"`,
            aggregations: [{ perSeriesAligner: "ALIGN_RATE", crossSeriesReducer: "REDUCE_SUM" }],
            comparison: "COMPARISON_GT",
            thresholdValue: 0.01,
            duration: "300s",
          },
        },
      ],
    });
  });

  it("object-created only: internal ingress, Pub/Sub push with a dead-letter topic, narrow grants", async () => {
    const spec = variant("sensor-readings.yaml", (s) => {
      s.inference = {
        image: "europe-docker.pkg.dev/acme-ml/models/anomaly:2.0.0",
        memoryMb: 8192,
        timeoutSeconds: 120,
        triggers: ["object-created"],
      };
    });
    const ctx = context(spec);
    const names = ctx.names.gcp;
    const fn = new gcpBlocks.InferenceFunction("f2", {
      context: ctx,
      bucket: "warehouse",
      requestConcurrency: 8,
      storageUri: "gs://warehouse/iceberg/sensor-readings",
    });
    expect(await valueOf(fn.url)).toBeUndefined();
    await settled(recorder);

    const triggerSa = `${names.triggerServiceAccountId}@${PROJECT}.iam.gserviceaccount.com`;
    const serviceUri = `https://${names.cloudRunService}-abc123-ew.a.run.app`;
    expect(recorder.one(T.service).inputs).toMatchObject({
      ingress: "INGRESS_TRAFFIC_INTERNAL_ONLY",
      template: {
        scaling: { minInstanceCount: 0, maxInstanceCount: 10 },
        maxInstanceRequestConcurrency: 8,
        timeout: "120s",
        containers: [
          {
            resources: { limits: { cpu: "2", memory: "8192Mi" } },
            envs: [
              { name: "MESHPLANE_BUCKET", value: "warehouse" },
              { name: "MESHPLANE_STORAGE_URI", value: "gs://warehouse/iceberg/sensor-readings" },
            ],
          },
        ],
      },
    });
    expect(
      recorder
        .ofType(T.account)
        .map((r) => String(r.inputs.accountId))
        .sort(),
    ).toEqual([names.triggerServiceAccountId, names.serviceAccountId]);
    expect(recorder.one(T.serviceIam).inputs).toMatchObject({
      role: "roles/run.invoker",
      member: `serviceAccount:${triggerSa}`,
    });
    // No Eventarc and no project-wide grant.
    expect(recorder.ofType(T.trigger)).toHaveLength(0);
    expect(recorder.ofType(T.projectIam)).toHaveLength(0);

    expect(recorder.ofType(T.topic).map((r) => r.inputs)).toEqual([
      { name: names.eventsTopic, project: PROJECT, labels: ctx.labels },
      { name: names.deadLetterTopic, project: PROJECT, labels: ctx.labels },
    ]);
    expect(recorder.one(T.notification).inputs).toEqual({
      bucket: "warehouse",
      topic: "f2-events-topic-id",
      payloadFormat: "JSON_API_V1",
      eventTypes: ["OBJECT_FINALIZE"],
      objectNamePrefix: "iceberg/sensor-readings/data/",
    });
    expect(named(recorder, T.subscription, "f2-events").inputs).toEqual({
      name: names.eventsSubscription,
      project: PROJECT,
      topic: "f2-events-topic-id",
      ackDeadlineSeconds: 120,
      pushConfig: {
        pushEndpoint: serviceUri,
        oidcToken: { serviceAccountEmail: triggerSa, audience: serviceUri },
        noWrapper: { writeMetadata: true },
      },
      retryPolicy: { minimumBackoff: "10s", maximumBackoff: "600s" },
      deadLetterPolicy: { deadLetterTopic: "f2-dead-letter-topic-id", maxDeliveryAttempts: 5 },
      messageRetentionDuration: "86400s",
      expirationPolicy: { ttl: "" },
      labels: ctx.labels,
    });
    expect(named(recorder, T.subscription, "f2-dead-letters").inputs).toEqual({
      name: names.deadLetterSubscription,
      project: PROJECT,
      topic: "f2-dead-letter-topic-id",
      messageRetentionDuration: "604800s",
      expirationPolicy: { ttl: "" },
      labels: ctx.labels,
    });
    // Each grant names one topic, subscription or account.
    const pubsub = `serviceAccount:${PUBSUB_AGENT}`;
    expect(
      recorder
        .ofType(T.topicIam)
        .map((r) => [r.inputs.topic, r.inputs.role, r.inputs.member])
        .sort(),
    ).toEqual(
      [
        [names.eventsTopic, "roles/pubsub.publisher", `serviceAccount:${GCS_AGENT}`],
        [names.deadLetterTopic, "roles/pubsub.publisher", pubsub],
      ].sort(),
    );
    expect(recorder.one(T.subscriptionIam).inputs).toMatchObject({
      subscription: names.eventsSubscription,
      role: "roles/pubsub.subscriber",
      member: pubsub,
    });
    expect(recorder.one(T.accountIam).inputs).toMatchObject({
      role: "roles/iam.serviceAccountTokenCreator",
      member: pubsub,
    });

    // Without extra channels the alerts notify the owners' (here one) email channels only; the
    // third alert is the dead letters'.
    expect(recorder.ofType(T.channel).map((r) => r.inputs.labels)).toEqual([
      { email_address: "ivan@meshplane.test" },
    ]);
    const alerts = recorder.ofType(T.alert).map((r) => r.inputs);
    expect(alerts.map((a) => a.notificationChannels)).toEqual([
      [channelName("f2-owner-0")],
      [channelName("f2-owner-0")],
      [channelName("f2-owner-0")],
    ]);
    expect(alerts[2]).toMatchObject({
      severity: "ERROR",
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
    expect(fn.events).toBeDefined();
  });

  it("refuses public invokers, a product without inference and a bad concurrency", () => {
    const base = { context: fraud, bucket: "w" };
    expect(
      () => new gcpBlocks.InferenceFunction("x1", { ...base, invokers: ["allUsers"] }),
    ).toThrow(/invokers: allUsers would make the endpoint public/);
    expect(() => new gcpBlocks.InferenceFunction("x2", { ...base, requestConcurrency: 0 })).toThrow(
      /requestConcurrency/,
    );
    expect(() => new gcpBlocks.InferenceFunction("x3", { ...base, context: sensors })).toThrow(
      /InferenceFunction: context has no spec.inference/,
    );
  });
});
