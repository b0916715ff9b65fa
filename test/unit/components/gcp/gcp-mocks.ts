/**
 * GCP mocks shared by the component test files: the invokes the GCP components call, plausible
 * computed outputs, the domain datasets that "exist", and the spec of every tier ×
 * classification × inference case. Each test file runs in its own process and calls
 * `installGcpMocks()` once, before importing the components.
 */
import type * as pulumi from "@pulumi/pulumi";
import { resourceNames, type Classification, type Tier } from "#contract";
import { productContext, type ProductContext } from "#components/context";
import { matrixSpec } from "#test/support/matrix";
import { installMocks, type MockRecorder } from "#test/support/pulumi-mocks";

/** The GCP resource types the component tests look for, by a short name. */
export const GCP_TYPES = {
  bucket: "gcp:storage/bucket:Bucket",
  bucketIam: "gcp:storage/bucketIAMMember:BucketIAMMember",
  transfer: "gcp:storage/transferJob:TransferJob",
  keyRing: "gcp:kms/keyRing:KeyRing",
  key: "gcp:kms/cryptoKey:CryptoKey",
  keyIam: "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember",
  dataset: "gcp:bigquery/dataset:Dataset",
  connection: "gcp:bigquery/connection:Connection",
  table: "gcp:bigquery/table:Table",
  tableMetadata: "pulumi-nodejs:dynamic/meshplane/gcp:BigQueryTableMetadata",
  account: "gcp:serviceaccount/account:Account",
  service: "gcp:cloudrunv2/service:Service",
  serviceIam: "gcp:cloudrunv2/serviceIamMember:ServiceIamMember",
  projectIam: "gcp:projects/iAMMember:IAMMember",
  trigger: "gcp:eventarc/trigger:Trigger",
  topic: "gcp:pubsub/topic:Topic",
  topicIam: "gcp:pubsub/topicIAMMember:TopicIAMMember",
  subscription: "gcp:pubsub/subscription:Subscription",
  subscriptionIam: "gcp:pubsub/subscriptionIAMMember:SubscriptionIAMMember",
  accountIam: "gcp:serviceaccount/iAMMember:IAMMember",
  notification: "gcp:storage/notification:Notification",
  logBucket: "gcp:logging/projectBucketConfig:ProjectBucketConfig",
  logSink: "gcp:logging/projectSink:ProjectSink",
  channel: "gcp:monitoring/notificationChannel:NotificationChannel",
  alert: "gcp:monitoring/alertPolicy:AlertPolicy",
} as const;

export const PROJECT = "acme-data";
export const GCS_AGENT = "service-123456@gs-project-accounts.iam.gserviceaccount.com";
export const STS_AGENT = "project-123456@storage-transfer-service.iam.gserviceaccount.com";
export const CONNECTION_SA = "bqcx-123456-abcd@gcp-sa-bigquery-condel.iam.gserviceaccount.com";
export const PROJECT_NUMBER = "123456";
export const PUBSUB_AGENT = `service-${PROJECT_NUMBER}@gcp-sa-pubsub.iam.gserviceaccount.com`;

/** Datasets the getDataset invoke finds, by id → location. Tests may add or remove entries. */
export const datasets = new Map<string, string>(
  ["payments", "iot"].map((domain) => [datasetOf(domain), "EU"]),
);

/** The dataset id of a domain in prod (contract/naming.ts). */
export function datasetOf(domain: string, environment = "prod"): string {
  return resourceNames({ domain, name: "any", environment }).gcp.bigqueryDataset;
}

/** The `name` the mocks give the notification channel with this logical name. */
export function channelName(logicalName: string): string {
  return `projects/${PROJECT}/notificationChannels/${logicalName}-id`;
}

/** The file BigQueryTableMetadata's provider finds after BigQuery's first export. */
export function exportedMetadataOf(storageUri: string): string {
  return `${storageUri}/metadata/v1.metadata.json`;
}

function outputs(args: pulumi.runtime.MockResourceArgs): Record<string, unknown> {
  const inputs = args.inputs as Record<string, unknown>;
  switch (args.type) {
    case GCP_TYPES.tableMetadata:
      return { metadataLocation: exportedMetadataOf(String(inputs.storageUri)) };
    case "gcp:bigquery/connection:Connection":
      return { cloudResource: { serviceAccountId: CONNECTION_SA } };
    case "gcp:serviceaccount/account:Account": {
      const email = `${String(inputs.accountId)}@${PROJECT}.iam.gserviceaccount.com`;
      return { email, name: `projects/${PROJECT}/serviceAccounts/${email}` };
    }
    case "gcp:cloudrunv2/service:Service":
      return { uri: `https://${String(inputs.name)}-abc123-ew.a.run.app` };
    case "gcp:kms/cryptoKey:CryptoKey":
      return {};
    case "gcp:monitoring/notificationChannel:NotificationChannel":
      // The API names a channel by project and a server-assigned id.
      return { name: channelName(args.name) };
    default:
      return {};
  }
}

export function installGcpMocks(): MockRecorder {
  return installMocks({
    outputs,
    invokes: {
      "gcp:organizations/getClientConfig:getClientConfig": () => ({
        project: PROJECT,
        region: "",
        zone: "",
        accessToken: "",
        id: PROJECT,
        defaultLabels: {},
      }),
      "gcp:organizations/getProject:getProject": (inputs) => ({
        projectId: inputs.projectId,
        number: PROJECT_NUMBER,
        id: `projects/${String(inputs.projectId)}`,
      }),
      "gcp:storage/getProjectServiceAccount:getProjectServiceAccount": (inputs) => ({
        emailAddress: GCS_AGENT,
        member: `serviceAccount:${GCS_AGENT}`,
        id: GCS_AGENT,
        project: inputs.project,
      }),
      "gcp:storage/getTransferProjectServiceAccount:getTransferProjectServiceAccount": (
        inputs,
      ) => ({
        email: STS_AGENT,
        member: `serviceAccount:${STS_AGENT}`,
        id: STS_AGENT,
        subjectId: "1",
        project: inputs.project,
      }),
      "gcp:bigquery/getDataset:getDataset": (inputs) => {
        const id = String(inputs.datasetId);
        const location = datasets.get(id);
        if (location === undefined) {
          throw new Error(`googleapi: Error 404: Not found: Dataset ${PROJECT}:${id}, notFound`);
        }
        return { datasetId: id, location, project: inputs.project };
      },
    },
  });
}

/**
 * Resolves once resource registration has gone quiet: resources register asynchronously (after
 * their inputs resolve), so tests wait until the recorder stops growing.
 */
export async function settled(recorder: MockRecorder, quietMs = 60): Promise<void> {
  let count = -1;
  while (count !== recorder.resources.length) {
    count = recorder.resources.length;
    await new Promise((resolve) => setTimeout(resolve, quietMs));
  }
}

/** The one recorded resource of a type with this logical name. */
export function named(recorder: MockRecorder, type: string, name: string) {
  const found = recorder.ofType(type).filter((r) => r.name === name);
  if (found.length !== 1)
    throw new Error(`expected one ${type} named ${name}, found ${found.length}`);
  return found[0] as (typeof found)[number];
}

/** The GCP function shapes of the matrix: which triggers, and the Cloud Run size they ask for. */
export type InferenceKind = "none" | "http" | "events" | "both";

/** Where a case runs: fraud-scores' own region, or the US with the secondary region spelled out. */
export type Placement = "europe" | "us";

/**
 * fraud-scores (gold, confidential, 2 GiB http service, 20 max / 1 warm instances) turned into any
 * case of the matrix. `events`: object-created only, 8 GiB, no instance cap (the default applies),
 * nothing warm. `both`: both triggers, 10 GiB, 5 instances, all warm, the longest timeout. `us`
 * moves the product to us-east1 with us-central1 named as its secondary region (gold only).
 */
export function caseContext(
  tier: Tier,
  classification: Classification,
  inference: InferenceKind,
  placement: Placement = "europe",
): ProductContext {
  const spec = matrixSpec("fraud-scores.yaml", tier, classification, (s) => {
    if (placement === "us") {
      s.target = { cloud: "gcp", region: "us-east1", secondaryRegion: "us-central1" };
    }
    if (inference === "none") delete s.inference;
    if (inference === "events") {
      s.inference = {
        image: "europe-docker.pkg.dev/acme-ml/models/enricher:2.0.0",
        memoryMb: 8192,
        timeoutSeconds: 300,
        triggers: ["object-created"],
      };
    }
    if (inference === "both") {
      s.inference = {
        image: "europe-docker.pkg.dev/acme-ml/models/scorer:1.0.0",
        memoryMb: 10240,
        timeoutSeconds: 900,
        reservedConcurrency: 5,
        provisionedConcurrency: 5,
        triggers: ["http", "object-created"],
      };
    }
  });
  return productContext({ spec, environment: "prod" });
}
