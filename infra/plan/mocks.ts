/**
 * Pulumi mocks for plan previews: no cloud, no credentials, no CLI. Every resource the program
 * registers is recorded with its resolved inputs; computed attributes (ids, ARNs, endpoints,
 * service-account emails) get plausible placeholder values so dependent resources see realistic
 * inputs. Provider functions (invokes) answer as a freshly configured account would: the caller's
 * identity and region, and the domain's catalog as existing — the Glue database on AWS, the
 * BigQuery dataset (in the target region's multi-region) on GCP — because the DomainCatalog stack
 * is deployed once per domain, before its products.
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import * as pulumi from "@pulumi/pulumi";

export interface RecordedResource {
  type: string;
  name: string;
  custom: boolean;
  inputs: Record<string, unknown>;
}

/** Placeholder account identities: they appear in ARNs and resource ids of the preview only. */
const PREVIEW_ACCOUNT = {
  aws: "000000000000",
  azureSubscription: "00000000-0000-4000-8000-000000000000",
  azureTenant: "00000000-0000-4000-8000-000000000001",
  gcpProject: "meshplane-preview",
} as const;

type Inputs = Record<string, unknown>;

const text = (value: unknown): string | undefined =>
  typeof value === "string" ? value : undefined;

/** The first of these inputs that holds a string: the physical name most resource types take. */
const NAME_INPUTS = [
  "name",
  "bucket",
  "accountName",
  "containerName",
  "vaultName",
  "keyName",
  "resourceName",
  "resourceGroupName",
  "functionName",
  "roleName",
  "accountId",
  "datasetId",
  "tableId",
  "connectionId",
  "keyRingName",
  "workspaceName",
  "ruleName",
  "actionGroupName",
  "systemTopicName",
  "backupPolicyName",
] as const;

function physicalName(args: pulumi.runtime.MockResourceArgs): string {
  const inputs = args.inputs as Inputs;
  for (const key of NAME_INPUTS) {
    const value = text(inputs[key]);
    if (value !== undefined) return value;
  }
  return args.name;
}

/** Where Glue reports an Iceberg table's first metadata file (what AWS computes on create). */
function glueTableOutputs(inputs: Inputs): Inputs {
  const format = inputs.openTableFormatInput as
    { icebergInput?: { icebergTableInput?: { location?: unknown } } } | undefined;
  const location = text(format?.icebergInput?.icebergTableInput?.location);
  if (location === undefined) return {};
  const metadata = `${location.replace(/\/$/, "")}/metadata/00000-preview.metadata.json`;
  return { parameters: { table_type: "ICEBERG", metadata_location: metadata } };
}

/** ARNs in each service's own format: policies and dependent resources parse them. */
function awsArn(type: string, name: string, region: string, inputs: Inputs): string {
  const account = PREVIEW_ACCOUNT.aws;
  switch (type) {
    case "aws:s3/bucket:Bucket":
      return `arn:aws:s3:::${name}`;
    case "aws:kms/key:Key":
      return `arn:aws:kms:${region}:${account}:key/${name}`;
    case "aws:backup/vault:Vault":
      return `arn:aws:backup:${region}:${account}:backup-vault:${name}`;
    case "aws:iam/role:Role":
      return `arn:aws:iam::${account}:role/${name}`;
    case "aws:cloudwatch/logGroup:LogGroup":
      return `arn:aws:logs:${region}:${account}:log-group:${name}`;
    case "aws:lambda/function:Function":
      return `arn:aws:lambda:${region}:${account}:function:${name}`;
    case "aws:lambda/alias:Alias":
      return `arn:aws:lambda:${region}:${account}:function:${text(inputs.functionName) ?? ""}:${name}`;
    case "aws:sns/topic:Topic":
      return `arn:aws:sns:${region}:${account}:${name}`;
    default: {
      const service = type.split(":")[1]?.split("/")[0] ?? "mock";
      return `arn:aws:${service}:${region}:${account}:${name}`;
    }
  }
}

function awsOutputs(type: string, name: string, defaultRegion: string, inputs: Inputs): Inputs {
  // Resources pinned to another region (replicas) say so in their `region` input.
  const region = text(inputs.region) ?? defaultRegion;
  return {
    ...(type === "aws:glue/catalogTable:CatalogTable" ? glueTableOutputs(inputs) : {}),
    arn: awsArn(type, name, region, inputs),
    keyId: name,
    bucket: name,
    bucketDomainName: `${name}.s3.amazonaws.com`,
    invokeArn: `arn:aws:apigateway:${region}:lambda:path/functions/${name}/invocations`,
    version: "1",
    functionUrl: `https://${name}.lambda-url.${region}.on.aws/`,
  };
}

function azureOutputs(type: string, name: string, inputs: Inputs): Inputs {
  const principal = { principalId: `${name}-principal`, tenantId: PREVIEW_ACCOUNT.azureTenant };
  const identity =
    inputs.identity !== undefined ? { ...(inputs.identity as object), ...principal } : undefined;
  return {
    name,
    ...principal,
    clientId: `${name}-client`,
    ...(identity === undefined ? {} : { identity }),
    primaryEndpoints: {
      blob: `https://${name}.blob.core.windows.net/`,
      dfs: `https://${name}.dfs.core.windows.net/`,
    },
    ...(type === "azure-native:keyvault:Vault"
      ? {
          properties: {
            ...(inputs.properties as object),
            vaultUri: `https://${name}.vault.azure.net/`,
          },
        }
      : {}),
    defaultHostName: `${name}.azurewebsites.net`,
    connectionString: `InstrumentationKey=${name}`,
  };
}

function gcpOutputs(type: string, name: string): Inputs {
  const project = PREVIEW_ACCOUNT.gcpProject;
  switch (type) {
    case "gcp:bigquery/connection:Connection":
      return {
        cloudResource: {
          serviceAccountId: `bqcx-${name}@gcp-sa-bigquery-condel.iam.gserviceaccount.com`,
        },
      };
    case "gcp:serviceaccount/account:Account":
      return { email: `${name}@${project}.iam.gserviceaccount.com` };
    case "gcp:cloudrunv2/service:Service":
      return { uri: `https://${name}-preview.a.run.app` };
    case "gcp:monitoring/notificationChannel:NotificationChannel":
      return { name: `projects/${project}/notificationChannels/${name}` };
    default:
      return { project, selfLink: `https://www.googleapis.com/${type}/${name}` };
  }
}

/** What the LocalWarehouse dynamic provider would return, without touching the disk. */
function localWarehouseOutputs(inputs: Inputs): Inputs {
  const root = text(inputs.root) ?? "/";
  const directory = join(root, ...(text(inputs.path) ?? "").split("/"));
  const storageUri = pathToFileURL(directory).href;
  return {
    directory,
    storageUri,
    metadataLocation: `${storageUri}/metadata/v1.metadata.json`,
    metadataVersion: 1,
    tableUuid: "00000000-0000-4000-8000-00000000beef",
  };
}

function computedOutputs(args: pulumi.runtime.MockResourceArgs, region: string): Inputs {
  const name = physicalName(args);
  const base = { id: `${args.name}-id`, name };
  const [provider] = args.type.split(":");
  switch (provider) {
    case "aws":
      return { ...base, ...awsOutputs(args.type, name, region, args.inputs as Inputs) };
    case "azure-native":
      return { ...base, ...azureOutputs(args.type, name, args.inputs as Inputs) };
    case "gcp":
      return { ...base, ...gcpOutputs(args.type, name) };
    case "pulumi-nodejs":
      return args.type.endsWith(":LocalWarehouse")
        ? { ...base, ...localWarehouseOutputs(args.inputs as Inputs) }
        : base;
    default:
      return base;
  }
}

/**
 * The provider echoes a resource's inputs, except objects the cloud completes: a managed identity
 * gets its principal id, a Key Vault its URI. The computed versions already hold the inputs.
 */
const COMPLETED_BY_CLOUD = ["identity", "properties"] as const;

function assigned(computed: Inputs): Inputs {
  return Object.fromEntries(
    COMPLETED_BY_CLOUD.filter((key) => computed[key] !== undefined).map((key) => [
      key,
      computed[key],
    ]),
  );
}

/** BigQuery multi-region that holds a dataset for buckets in `region`. */
function datasetLocation(region: string): string {
  if (region.startsWith("europe-")) return "EU";
  if (region.startsWith("us-") || region.startsWith("northamerica-")) return "US";
  return region;
}

type Invoke = (inputs: Inputs) => Inputs;

function invokes(region: string): Record<string, Invoke> {
  const gcsAgent = "service-000000000000@gs-project-accounts.iam.gserviceaccount.com";
  const stsAgent = "project-000000000000@storage-transfer-service.iam.gserviceaccount.com";
  return {
    "aws:index/getCallerIdentity:getCallerIdentity": () => ({
      accountId: PREVIEW_ACCOUNT.aws,
      arn: `arn:aws:iam::${PREVIEW_ACCOUNT.aws}:user/meshplane-preview`,
      userId: "meshplane-preview",
      id: PREVIEW_ACCOUNT.aws,
    }),
    "aws:cloudcontrol/getResource:getResource": (inputs) => {
      const identifier = text(inputs.identifier) ?? "";
      if (inputs.typeName !== "AWS::Glue::Database") {
        throw new Error(`the plan preview cannot look up ${String(inputs.typeName)} resources`);
      }
      return {
        id: identifier,
        identifier,
        typeName: inputs.typeName,
        region: text(inputs.region) ?? region,
        properties: JSON.stringify({ CatalogId: PREVIEW_ACCOUNT.aws, DatabaseName: identifier }),
      };
    },
    "aws:index/getRegion:getRegion": (inputs) => {
      const name = text(inputs.region) ?? text(inputs.name) ?? region;
      return { name, region: name, id: name, endpoint: `ec2.${name}.amazonaws.com` };
    },
    "aws:index/getPartition:getPartition": () => ({
      partition: "aws",
      dnsSuffix: "amazonaws.com",
      reverseDnsPrefix: "com.amazonaws",
      id: "aws",
    }),
    "azure-native:authorization:getClientConfig": () => ({
      subscriptionId: PREVIEW_ACCOUNT.azureSubscription,
      tenantId: PREVIEW_ACCOUNT.azureTenant,
      clientId: "meshplane-preview",
      objectId: "meshplane-preview-object",
    }),
    "gcp:organizations/getClientConfig:getClientConfig": () => ({
      project: PREVIEW_ACCOUNT.gcpProject,
      region,
      zone: "",
      accessToken: "",
      id: PREVIEW_ACCOUNT.gcpProject,
      defaultLabels: {},
    }),
    "gcp:organizations/getProject:getProject": (inputs) => ({
      projectId: inputs.projectId,
      number: "000000000000",
      id: `projects/${text(inputs.projectId) ?? PREVIEW_ACCOUNT.gcpProject}`,
    }),
    "gcp:storage/getProjectServiceAccount:getProjectServiceAccount": (inputs) => ({
      emailAddress: gcsAgent,
      member: `serviceAccount:${gcsAgent}`,
      id: gcsAgent,
      project: inputs.project,
    }),
    "gcp:storage/getTransferProjectServiceAccount:getTransferProjectServiceAccount": (inputs) => ({
      email: stsAgent,
      member: `serviceAccount:${stsAgent}`,
      id: stsAgent,
      subjectId: "1",
      project: inputs.project,
    }),
    "gcp:bigquery/getDataset:getDataset": (inputs) => ({
      datasetId: inputs.datasetId,
      location: datasetLocation(region),
      project: inputs.project,
    }),
  };
}

/**
 * Installs the mocks; call it before importing anything that creates resources. `region` is the
 * spec's target region (what a provider configured for it would report).
 */
export function installPlanMocks(region: string): RecordedResource[] {
  const recorded: RecordedResource[] = [];
  const answers = invokes(region);
  void pulumi.runtime.setMocks(
    {
      newResource(args) {
        const inputs = args.inputs as Inputs;
        recorded.push({ type: args.type, name: args.name, custom: args.custom ?? true, inputs });
        const computed = computedOutputs(args, region);
        return { id: `${args.name}-id`, state: { ...computed, ...inputs, ...assigned(computed) } };
      },
      call(args) {
        const answer = answers[args.token];
        if (answer === undefined) {
          throw new Error(`the plan preview has no mock for the provider function ${args.token}`);
        }
        return answer(args.inputs as Inputs);
      },
    },
    "meshplane",
    "preview",
    false,
  );
  return recorded;
}
