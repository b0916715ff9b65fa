/**
 * Test harness for the Azure components: Pulumi mocks that answer like Azure Resource Manager
 * (resource ids, names, endpoints, managed identities), a capture of every resource with the
 * options it was registered with (retainOnDelete, protect), which mocks alone do not record, and
 * the spec of every tier × classification × inference case.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Classification, Tier } from "#contract";
import { productContext, type ProductContext } from "#components/context";
import { matrixSpec } from "#test/support/matrix";
import { installMocks, valueOf, type MockRecorder } from "#test/support/pulumi-mocks";
import { exampleInput, variant } from "#test/support/specs";

export const SUBSCRIPTION = "00000000-0000-4000-8000-000000000000";
export const TENANT = "11111111-1111-4111-8111-111111111111";

/** Name input of each azure-native type whose `name` output the components read. */
const NAME_INPUTS: Record<string, string | undefined> = {
  "azure-native:resources:ResourceGroup": "resourceGroupName",
  "azure-native:storage:StorageAccount": "accountName",
  "azure-native:storage:BlobContainer": "containerName",
  "azure-native:keyvault:Vault": "vaultName",
  "azure-native:keyvault:Key": "keyName",
  "azure-native:managedidentity:UserAssignedIdentity": "resourceName",
  "azure-native:dataprotection:BackupVault": "vaultName",
  "azure-native:dataprotection:BackupPolicy": "backupPolicyName",
  "azure-native:operationalinsights:Workspace": "workspaceName",
  "azure-native:applicationinsights:Component": "resourceName",
  "azure-native:web:AppServicePlan": "name",
  "azure-native:web:WebApp": "name",
  "azure-native:eventgrid:SystemTopic": "systemTopicName",
  "azure-native:monitor:ActionGroup": "actionGroupName",
  "azure-native:monitor:ScheduledQueryRule": "ruleName",
};

/**
 * The shared mocks give every resource the id `<logical name>-id` (the id is not part of the
 * state a mock can override), so tests check wiring as "this scope is that resource's id".
 */
export function idOf(logicalName: string): string {
  return `${logicalName}-id`;
}

export function roleId(guid: string): string {
  return `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
}

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

export const TABLE_METADATA_TYPE = "pulumi-nodejs:dynamic/meshplane/azure:IcebergTableMetadata";

/** The first metadata file IcebergTableMetadata's provider would write for a table at `location`. */
export function mockMetadataLocation(location: string): string {
  return `${location}/metadata/00000-00000000-0000-4000-8000-000000000000.metadata.json`;
}

/** Outputs Azure computes: physical names, endpoints, identities, host names. */
function azureOutputs(args: pulumi.runtime.MockResourceArgs): Record<string, unknown> {
  const inputs = args.inputs as Record<string, unknown>;
  if (args.type === TABLE_METADATA_TYPE) {
    return {
      metadataLocation: mockMetadataLocation(text(inputs.location)),
      tableUuid: "00000000-0000-4000-8000-0000000000aa",
    };
  }
  const nameInput = NAME_INPUTS[args.type];
  if (nameInput === undefined) return {};
  const name = text(inputs[nameInput]);
  const principal = { principalId: `${name}-principal`, tenantId: TENANT };
  switch (args.type) {
    case "azure-native:storage:StorageAccount":
      return {
        name,
        primaryEndpoints: {
          blob: `https://${name}.blob.core.windows.net/`,
          dfs: `https://${name}.dfs.core.windows.net/`,
        },
      };
    case "azure-native:keyvault:Vault":
      return {
        name,
        properties: {
          ...(inputs.properties as object),
          vaultUri: `https://${name}.vault.azure.net/`,
        },
      };
    case "azure-native:managedidentity:UserAssignedIdentity":
      return { name, ...principal, clientId: `${name}-client` };
    case "azure-native:dataprotection:BackupVault":
    case "azure-native:eventgrid:SystemTopic":
    case "azure-native:web:WebApp":
      return {
        name,
        identity: { ...(inputs.identity as object), ...principal },
        defaultHostName: `${name}.azurewebsites.net`,
      };
    case "azure-native:applicationinsights:Component":
      return { name, connectionString: `InstrumentationKey=${name}` };
    default:
      return { name };
  }
}

export function installAzureMocks(): MockRecorder {
  return installMocks({
    outputs: azureOutputs,
    invokes: {
      "azure-native:authorization:getClientConfig": () => ({
        subscriptionId: SUBSCRIPTION,
        tenantId: TENANT,
        clientId: "deployer",
        objectId: "deployer-object",
      }),
    },
  });
}

const PARENT_TYPE = "meshplane:test:Parent";

export interface Captured {
  type: string;
  name: string;
  retainOnDelete: boolean;
  protect: boolean;
  ignoreChanges: string[];
}

/**
 * A parent component whose transformation sees every descendant with its options. `settle()`
 * waits until every captured resource is registered with the mocks.
 */
export function captureParent(name: string): {
  parent: pulumi.ComponentResource;
  captured: Captured[];
  settle: () => Promise<void>;
} {
  const captured: Captured[] = [];
  const all: pulumi.Resource[] = [];
  const parent = new pulumi.ComponentResource(
    PARENT_TYPE,
    name,
    {},
    {
      transformations: [
        (args) => {
          // A component's transformations also see the component itself.
          if (args.type === PARENT_TYPE) return undefined;
          all.push(args.resource);
          captured.push({
            type: args.type,
            name: args.name,
            retainOnDelete: args.opts.retainOnDelete === true,
            protect: args.opts.protect === true,
            ignoreChanges: args.opts.ignoreChanges ?? [],
          });
          return undefined;
        },
      ],
    },
  );
  const settle = async (): Promise<void> => {
    await Promise.all(all.map((resource) => valueOf(resource.urn)));
  };
  return { parent, captured, settle };
}

export function contextOf(spec: unknown, environment = "prod"): ProductContext {
  return productContext({ spec, environment });
}

export const exampleContext = (file: string): ProductContext => contextOf(exampleInput(file));

/** A read SAS URL of a package blob, valid until 2099: what the contract accepts on Azure. */
export function sasUrl(path: string, account = "acmeartifacts"): string {
  return `https://${account}.blob.core.windows.net/${path}?sv=2025-05-05&spr=https&se=2099-12-31T00:00:00Z&sr=b&sp=r&sig=c2lnbmF0dXJl`;
}

/** The Azure function shapes of the matrix: which triggers, and so which scaling group. */
export type InferenceKind = "none" | "http" | "events" | "both";

/**
 * customer-360 (gold, restricted, python http function, 40 max / 2 warm instances) turned into any
 * case of the matrix, in `region`. `events`: a node function on blob-created events only, no
 * instance cap (Flex's default applies) and one warm instance for its function group. `both`: a
 * java function with both triggers, capped at 10, nothing warm.
 */
export function caseContext(
  tier: Tier,
  classification: Classification,
  inference: InferenceKind,
  region = "eastasia",
): ProductContext {
  const spec = matrixSpec("customer-360.yaml", tier, classification, (s) => {
    s.target.region = region;
    if (inference === "none") delete s.inference;
    if (inference === "events") {
      s.inference = {
        runtime: "nodejs22",
        handler: "index.enrich",
        artifact: sasUrl("releases/enrich-1.0.0.zip"),
        memoryMb: 512,
        timeoutSeconds: 120,
        provisionedConcurrency: 1,
        triggers: ["object-created"],
      };
    }
    if (inference === "both") {
      s.inference = {
        runtime: "java21",
        handler: "com.acme.Score.run",
        artifact: sasUrl("releases/score-3.1.0.zip"),
        memoryMb: 4096,
        timeoutSeconds: 60,
        reservedConcurrency: 10,
        triggers: ["http", "object-created"],
      };
    }
  });
  return contextOf(spec);
}
export const variantContext = (
  file: string,
  change: Parameters<typeof variant>[1],
): ProductContext => contextOf(variant(file, change));

/** Inputs of the only resource of a type whose logical name ends with `suffix`. */
export function inputsOf(
  recorder: MockRecorder,
  type: string,
  suffix = "",
): Record<string, unknown> {
  const found = recorder.ofType(type).filter((r) => r.name.endsWith(suffix));
  if (found.length !== 1) {
    throw new Error(`expected one ${type} named *${suffix}, found ${found.length}`);
  }
  return (found[0] as { inputs: Record<string, unknown> }).inputs;
}
