/**
 * InferenceFunction under Pulumi mocks: Flex Consumption app in the function subnet, firewalled
 * runtime storage, authentication, grants, telemetry, triggers with dead letters, alerts.
 */
import { beforeEach, describe, expect, it } from "vitest";
import type { ProductContext } from "#components/context";
import { valueOf } from "#test/support/pulumi-mocks";
import {
  captureParent,
  exampleContext,
  idOf,
  installAzureMocks,
  inputsOf,
  roleId,
  sasUrl,
  variantContext,
} from "./harness";

const recorder = installAzureMocks();
const { InferenceFunction } = await import("#components/azure/inference-function");

const RG = "rg-test";
const DATA_ACCOUNT = "/data-account-id";
const CONTAINER = "/data-container-id";
const CMK = { keyVaultUri: "https://kv.vault.azure.net/", keyName: "storage", identityId: "/uami" };
const WORKSPACE = "/workspace-id";
/** Pulumi's wire form of a secret: `{ [SECRET_SIG_KEY]: SECRET_SIG, value }` (runtime/rpc.ts). */
const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const SUBNET = "/vnet-id/subnets/functions";

/** The wiring every InferenceFunction of these tests gets besides its context. */
function wiring(containerName = "wh") {
  return {
    resourceGroupName: RG,
    dataAccountId: DATA_ACCOUNT,
    containerId: CONTAINER,
    containerName,
    tableLocation: "abfss://wh@st.dfs.core.windows.net/d/n",
    tablePath: "d/n",
    workspaceId: WORKSPACE,
    subnetId: SUBNET,
  };
}

interface Case {
  label: string;
  context: () => ProductContext;
  cmk: boolean;
  runtime: { name: string; version: string };
  memory: number;
  /** The host's functionTimeout for the spec's timeoutSeconds. */
  timeout: string;
  maxInstances: number;
  alwaysReady: { name: string; instanceCount: number }[];
  http: string | undefined;
  events: string | undefined;
}

const CASES: Case[] = [
  {
    label: "customer-360: python, http, 40 max / 2 warm, restricted key",
    context: () => exampleContext("customer-360.yaml"),
    cmk: true,
    runtime: { name: "python", version: "3.12" },
    memory: 2048,
    timeout: "00:00:30",
    maxInstances: 40,
    alwaysReady: [{ name: "http", instanceCount: 2 }],
    http: "propensity",
    events: undefined,
  },
  {
    label: "node, object-created only, default limit, nothing warm",
    context: () =>
      variantContext("country-codes.yaml", (s) => {
        s.inference = {
          runtime: "nodejs22",
          handler: "index.enrich",
          artifact: sasUrl("rel/enrich.zip", "artifacts"),
          memoryMb: 512,
          timeoutSeconds: 60,
          triggers: ["object-created"],
        };
      }),
    cmk: false,
    runtime: { name: "node", version: "22" },
    memory: 512,
    timeout: "00:01:00",
    maxInstances: 100,
    alwaysReady: [],
    http: undefined,
    events: "enrich",
  },
  {
    label: "java, both triggers, 4096 MB",
    context: () =>
      variantContext("customer-360.yaml", (s) => {
        s.classification = "confidential";
        s.inference = {
          runtime: "java21",
          handler: "com.acme.Score.run",
          artifact: sasUrl("rel/score.zip", "artifacts"),
          memoryMb: 4096,
          timeoutSeconds: 30,
          reservedConcurrency: 10,
          provisionedConcurrency: 1,
          triggers: ["http", "object-created"],
        };
      }),
    cmk: false,
    runtime: { name: "java", version: "21" },
    memory: 4096,
    timeout: "00:00:30",
    maxInstances: 10,
    alwaysReady: [{ name: "http", instanceCount: 1 }],
    http: "run",
    events: "run_events",
  },
];

beforeEach(() => {
  recorder.reset();
});

describe("InferenceFunction", () => {
  it.each(CASES)("$label", async (c) => {
    const context = c.context();
    const names = context.names.azure;
    const tags = context.labels;
    const { parent, captured, settle } = captureParent(`p-${c.label}`);
    const fn = new InferenceFunction(
      "fn",
      { context, ...wiring(names.container), ...(c.cmk ? { customerManagedKey: CMK } : {}) },
      { parent },
    );
    await settle();
    const location = context.spec.target.region;

    // Runtime storage: flat namespace, same guard rails as the lake, versioned, and a firewall
    // that lets in trusted services and the function's subnet only.
    const runtimeStorage = inputsOf(recorder, "azure-native:storage:StorageAccount");
    expect(runtimeStorage).toMatchObject({
      accountName: names.functionStorage,
      kind: "StorageV2",
      isHnsEnabled: false,
      minimumTlsVersion: "TLS1_2",
      enableHttpsTrafficOnly: true,
      allowBlobPublicAccess: false,
      allowSharedKeyAccess: false,
      isLocalUserEnabled: false,
      isSftpEnabled: false,
      networkRuleSet: {
        defaultAction: "Deny",
        bypass: "AzureServices, Logging, Metrics",
        ipRules: [],
        virtualNetworkRules: [{ virtualNetworkResourceId: SUBNET, action: "Allow" }],
      },
      encryption: {
        keySource: c.cmk ? "Microsoft.Keyvault" : "Microsoft.Storage",
        requireInfrastructureEncryption: true,
      },
      tags,
    });
    expect(inputsOf(recorder, "azure-native:storage:BlobServiceProperties")).toMatchObject({
      accountName: names.functionStorage,
      isVersioningEnabled: true,
      deleteRetentionPolicy: { enabled: true, days: 7 },
      containerDeleteRetentionPolicy: { enabled: true, days: 7 },
    });
    const containers = recorder.ofType("azure-native:storage:BlobContainer").map((r) => r.inputs);
    expect(containers).toEqual(
      ["app-package", ...(c.events === undefined ? [] : ["event-dead-letters"])].map(
        (containerName) => ({
          containerName,
          accountName: names.functionStorage,
          resourceGroupName: RG,
          publicAccess: "None",
        }),
      ),
    );

    expect(inputsOf(recorder, "azure-native:web:AppServicePlan")).toEqual({
      name: names.functionPlan,
      resourceGroupName: RG,
      location,
      kind: "functionapp",
      sku: { name: "FC1", tier: "FlexConsumption" },
      reserved: true,
      tags,
    });

    const app = inputsOf(recorder, "azure-native:web:WebApp");
    expect(app).toMatchObject({
      name: names.functionApp,
      kind: "functionapp,linux",
      serverFarmId: idOf("fn-plan"),
      httpsOnly: true,
      identity: { type: "SystemAssigned" },
      virtualNetworkSubnetId: SUBNET,
      siteConfig: { minTlsVersion: "1.2", scmMinTlsVersion: "1.2", ftpsState: "Disabled" },
      tags,
    });
    expect(app.siteConfig).not.toHaveProperty("ipSecurityRestrictions");

    // Every request needs an Entra token; with no registration given, none is valid.
    expect(inputsOf(recorder, "azure-native:web:WebAppAuthSettingsV2")).toEqual({
      name: names.functionApp,
      resourceGroupName: RG,
      platform: { enabled: true },
      globalValidation: {
        requireAuthentication: true,
        unauthenticatedClientAction: "Return401",
        ...(c.events === undefined ? {} : { excludedPaths: ["/runtime/webhooks/eventgrid"] }),
      },
      httpSettings: { requireHttps: true },
    });
    expect(app.functionAppConfig).toEqual({
      deployment: {
        storage: {
          type: "blobContainer",
          value: `https://${names.functionStorage}.blob.core.windows.net/app-package`,
          authentication: { type: "SystemAssignedIdentity" },
        },
      },
      runtime: c.runtime,
      scaleAndConcurrency: {
        instanceMemoryMB: c.memory,
        maximumInstanceCount: c.maxInstances,
        alwaysReady: c.alwaysReady,
      },
    });
    const settings = (app.siteConfig as { appSettings: { name: string; value: string }[] })
      .appSettings;
    expect(Object.fromEntries(settings.map((s) => [s.name, s.value]))).toEqual({
      AzureWebJobsStorage__accountName: names.functionStorage,
      AzureWebJobsStorage__credential: "managedidentity",
      APPLICATIONINSIGHTS_CONNECTION_STRING: `InstrumentationKey=${names.appInsights}`,
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: "Authorization=AAD",
      AzureFunctionsJobHost__functionTimeout: c.timeout,
      MESHPLANE_TABLE_LOCATION: "abfss://wh@st.dfs.core.windows.net/d/n",
      MESHPLANE_PRODUCT: `${context.spec.domain}/${context.spec.name}`,
    });

    // Grants: read the product's container only; own the runtime storage; publish telemetry.
    const principal = `${names.functionApp}-principal`;
    const grants = recorder
      .ofType("azure-native:authorization:RoleAssignment")
      .map((r) => r.inputs)
      .filter((g) => g.principalId === principal)
      .sort((a, b) => String(a.scope).localeCompare(String(b.scope)));
    expect(grants).toEqual(
      [
        {
          principalId: principal,
          principalType: "ServicePrincipal",
          roleDefinitionId: roleId("2a2b9908-6ea1-4ae2-8e65-a410df84e7d1"),
          scope: CONTAINER,
        },
        {
          principalId: principal,
          principalType: "ServicePrincipal",
          roleDefinitionId: roleId("b7e6dc6d-f1e8-4753-8033-0f276bb0955b"),
          scope: idOf("fn-storage"),
        },
        {
          principalId: principal,
          principalType: "ServicePrincipal",
          roleDefinitionId: roleId("3913510d-42f4-4e42-8a64-420c390055eb"),
          scope: idOf("fn-insights"),
        },
      ].sort((a, b) => a.scope.localeCompare(b.scope)),
    );
    expect(grants.map((g) => g.scope)).not.toContain(DATA_ACCOUNT);

    // The workspace is the product's (Observability), not the function's.
    expect(recorder.ofType("azure-native:operationalinsights:Workspace")).toEqual([]);
    expect(inputsOf(recorder, "azure-native:applicationinsights:Component")).toMatchObject({
      resourceName: names.appInsights,
      resourceGroupName: RG,
      location,
      kind: "web",
      applicationType: "web",
      ingestionMode: "LogAnalytics",
      workspaceResourceId: WORKSPACE,
      disableLocalAuth: true,
      tags,
    });

    const code = inputsOf(recorder, "azure-native:resources:Deployment");
    expect(code).toMatchObject({
      deploymentName: names.functionCodeDeployment,
      resourceGroupName: RG,
    });
    // The template carries the SAS, a credential: it is sent (and stored) as a secret, which the
    // engine sees as Pulumi's secret envelope around the deployment's properties.
    expect(code.properties).toMatchObject({ [SECRET_SIG_KEY]: SECRET_SIG });
    expect((code.properties as { value: unknown }).value).toMatchObject({
      mode: "Incremental",
      template: {
        resources: [
          {
            type: "Microsoft.Web/sites/extensions",
            name: `${names.functionApp}/onedeploy`,
            properties: { packageUri: context.spec.inference?.artifact, remoteBuild: false },
          },
        ],
      },
    });

    for (const type of ["azure-native:web:WebAppScmAllowed", "azure-native:web:WebAppFtpAllowed"]) {
      expect(inputsOf(recorder, type)).toEqual({
        name: names.functionApp,
        resourceGroupName: RG,
        allow: false,
      });
    }

    // Object-created: a system topic on the product's account, delivered to the function.
    const topics = recorder.ofType("azure-native:eventgrid:SystemTopic");
    const subscriptions = recorder.ofType("azure-native:eventgrid:SystemTopicEventSubscription");
    const deadLetterAlerts = recorder.ofType("azure-native:monitor:MetricAlert");
    if (c.events === undefined) {
      expect(topics).toHaveLength(0);
      expect(subscriptions).toHaveLength(0);
      expect(deadLetterAlerts).toHaveLength(0);
    } else {
      expect(topics.map((t) => t.inputs)).toEqual([
        {
          systemTopicName: names.eventGridTopic,
          resourceGroupName: RG,
          location,
          source: DATA_ACCOUNT,
          topicType: "Microsoft.Storage.StorageAccounts",
          identity: { type: "SystemAssigned" },
          tags,
        },
      ]);
      expect(subscriptions.map((s) => s.inputs)).toEqual([
        {
          eventSubscriptionName: "blob-created",
          systemTopicName: names.eventGridTopic,
          resourceGroupName: RG,
          destination: {
            endpointType: "AzureFunction",
            resourceId: `${idOf("fn-app")}/functions/${c.events}`,
          },
          filter: {
            includedEventTypes: ["Microsoft.Storage.BlobCreated"],
            isSubjectCaseSensitive: true,
            subjectBeginsWith: `/blobServices/default/containers/${names.container}/blobs/d/n/`,
          },
          eventDeliverySchema: "EventGridSchema",
          retryPolicy: { maxDeliveryAttempts: 30, eventTimeToLiveInMinutes: 1440 },
          deadLetterWithResourceIdentity: {
            identity: { type: "SystemAssigned" },
            deadLetterDestination: {
              endpointType: "StorageBlob",
              resourceId: idOf("fn-storage"),
              blobContainerName: "event-dead-letters",
            },
          },
        },
      ]);
      // The topic's identity may write into the dead-letter container, nowhere else.
      expect(
        recorder
          .ofType("azure-native:authorization:RoleAssignment")
          .map((r) => r.inputs)
          .filter((g) => g.principalId === `${names.eventGridTopic}-principal`),
      ).toEqual([
        {
          principalId: `${names.eventGridTopic}-principal`,
          principalType: "ServicePrincipal",
          roleDefinitionId: roleId("ba92f5b4-2d11-453d-a403-e96b0029c9fe"),
          scope: `${idOf("fn-storage")}/blobServices/default/containers/event-dead-letters`,
        },
      ]);
      expect(deadLetterAlerts.map((a) => a.inputs)).toEqual([
        expect.objectContaining({
          scopes: [idOf("fn-events")],
          severity: 1,
          evaluationFrequency: "PT5M",
          windowSize: "PT5M",
          criteria: {
            odataType: "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria",
            allOf: [
              {
                criterionType: "StaticThresholdCriterion",
                name: "dead-lettered",
                metricName: "DeadLetteredCount",
                metricNamespace: "Microsoft.EventGrid/systemTopics",
                operator: "GreaterThan",
                threshold: 0,
                timeAggregation: "Total",
              },
            ],
          },
          actions: [{ actionGroupId: idOf("fn-owners") }],
          tags,
        }),
      ]);
    }

    // Alerts go to the owners.
    expect(inputsOf(recorder, "azure-native:monitor:ActionGroup")).toMatchObject({
      location: "global",
      enabled: true,
      emailReceivers: context.spec.owners.emails.map((email, i) => ({
        name: `owner-${i + 1}`,
        emailAddress: email,
        useCommonAlertSchema: true,
      })),
    });
    const alerts = recorder.ofType("azure-native:monitor:ScheduledQueryRule").map((r) => r.inputs);
    expect(alerts).toHaveLength(2);
    for (const alert of alerts) {
      expect(alert).toMatchObject({
        kind: "LogAlert",
        scopes: [idOf("fn-insights")],
        evaluationFrequency: "PT5M",
        windowSize: "PT5M",
        actions: { actionGroups: [idOf("fn-owners")] },
        tags,
      });
    }
    const criteria = alerts.map(
      (a) => (a.criteria as { allOf: Record<string, unknown>[] }).allOf[0],
    );
    expect(criteria).toEqual([
      expect.objectContaining({
        metricMeasureColumn: "p99DurationMs",
        operator: "GreaterThan",
        threshold: 500,
        timeAggregation: "Maximum",
      }),
      expect.objectContaining({
        metricMeasureColumn: "failureRatePercent",
        operator: "GreaterThan",
        threshold: 1,
        timeAggregation: "Maximum",
      }),
    ]);

    expect(fn.scale.maximumInstanceCount).toBe(c.maxInstances);
    const endpoint = fn.endpointUrl === undefined ? undefined : await valueOf(fn.endpointUrl);
    expect(endpoint).toBe(
      c.http === undefined
        ? undefined
        : `https://${names.functionApp}.azurewebsites.net/api/${c.http}`,
    );
    // No data store in here: nothing is retained or protected.
    expect(captured.filter((r) => r.retainOnDelete || r.protect)).toEqual([]);
  });

  it("accepts the Entra registration's tokens and restricts access to the given ranges", async () => {
    const context = exampleContext("customer-360.yaml");
    const { parent, settle } = captureParent("p-entra");
    new InferenceFunction(
      "fn",
      {
        context,
        ...wiring(),
        access: {
          entra: { clientId: "app-client", tenantId: "tenant-x" },
          allowedIpRanges: ["203.0.113.0/24"],
        },
      },
      { parent },
    );
    await settle();
    expect(inputsOf(recorder, "azure-native:web:WebAppAuthSettingsV2")).toMatchObject({
      identityProviders: {
        azureActiveDirectory: {
          enabled: true,
          registration: {
            clientId: "app-client",
            openIdIssuer: "https://login.microsoftonline.com/tenant-x/v2.0",
          },
          validation: { allowedAudiences: ["api://app-client", "app-client"] },
        },
      },
    });
    expect(inputsOf(recorder, "azure-native:web:WebApp").siteConfig).toMatchObject({
      ipSecurityRestrictions: [
        { name: "allow-1", ipAddress: "203.0.113.0/24", action: "Allow", priority: 100 },
      ],
      ipSecurityRestrictionsDefaultAction: "Deny",
    });
  });

  it("issues tokens of the deploying tenant when the registration names none", async () => {
    const context = exampleContext("customer-360.yaml");
    const { parent, settle } = captureParent("p-tenant");
    new InferenceFunction(
      "fn",
      { context, ...wiring(), access: { entra: { clientId: "app-client" } } },
      { parent },
    );
    await settle();
    expect(inputsOf(recorder, "azure-native:web:WebAppAuthSettingsV2")).toMatchObject({
      identityProviders: {
        azureActiveDirectory: {
          registration: {
            openIdIssuer:
              "https://login.microsoftonline.com/11111111-1111-4111-8111-111111111111/v2.0",
          },
        },
      },
    });
  });

  it("needs an inference spec", () => {
    const context = exampleContext("country-codes.yaml");
    expect(() => new InferenceFunction("none", { context, ...wiring() })).toThrow(
      /InferenceFunction: args.context.spec.inference is not set/,
    );
  });

  it("needs a code package, not an image", () => {
    const context = exampleContext("customer-360.yaml");
    const image = {
      ...context,
      spec: {
        ...context.spec,
        inference: {
          memoryMb: 2048,
          timeoutSeconds: 30,
          provisionedConcurrency: 0,
          triggers: ["http" as const],
          image: "acme.azurecr.io/score:1",
        },
      },
    };
    expect(() => new InferenceFunction("image", { context: image, ...wiring() })).toThrow(
      /must be a code package/,
    );
  });

  it.each([
    [
      "an expired SAS",
      sasUrl("rel/p.zip").replace("2099-12-31T00:00:00Z", "2020-01-01T00:00:00Z"),
      /artifact: the SAS expired at 2020-01-01T00:00:00.000Z; issue a new read SAS for rel\/p.zip/,
    ],
    [
      "a URL without a SAS",
      "https://acme.blob.core.windows.net/rel/p.zip",
      /artifact: the artifact URL carries no shared access signature \(missing sv, sp, se, sig\)/,
    ],
  ])("refuses %s", (_label, artifact, message) => {
    const context = exampleContext("customer-360.yaml");
    const expired = {
      ...context,
      spec: {
        ...context.spec,
        inference: { ...(context.spec.inference ?? { memoryMb: 2048 }), artifact } as NonNullable<
          typeof context.spec.inference
        >,
      },
    };
    expect(() => new InferenceFunction("expired", { context: expired, ...wiring() })).toThrow(
      message,
    );
  });
});
