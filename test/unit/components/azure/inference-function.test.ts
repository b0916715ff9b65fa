/** InferenceFunction under Pulumi mocks: Flex Consumption app, grants, telemetry, triggers, alerts. */
import { beforeEach, describe, expect, it } from "vitest";
import type { ProductContext } from "../../../../components/context";
import { valueOf } from "../../../support/pulumi-mocks";
import {
  captureParent,
  exampleContext,
  idOf,
  installAzureMocks,
  inputsOf,
  roleId,
  variantContext,
} from "./harness";

const recorder = installAzureMocks();
const { InferenceFunction } = await import("../../../../components/azure/inference-function");

const RG = "rg-test";
const DATA_ACCOUNT = "/data-account-id";
const CONTAINER = "/data-container-id";
const CMK = { keyVaultUri: "https://kv.vault.azure.net/", keyName: "storage", identityId: "/uami" };

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
          artifact: "https://artifacts.blob.core.windows.net/r/enrich.zip",
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
          artifact: "https://artifacts.blob.core.windows.net/r/score.zip",
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
      {
        context,
        resourceGroupName: RG,
        dataAccountId: DATA_ACCOUNT,
        containerId: CONTAINER,
        containerName: names.container,
        tableLocation: "abfss://wh@st.dfs.core.windows.net/d/n",
        tablePath: "d/n",
        ...(c.cmk ? { customerManagedKey: CMK } : {}),
      },
      { parent },
    );
    await settle();
    const location = context.spec.target.region;

    // Runtime storage: flat namespace, same guard rails as the lake, versioned.
    const runtimeStorage = inputsOf(recorder, "azure-native:storage:StorageAccount");
    expect(runtimeStorage).toMatchObject({
      accountName: names.functionStorage,
      kind: "StorageV2",
      isHnsEnabled: false,
      minimumTlsVersion: "TLS1_2",
      enableHttpsTrafficOnly: true,
      allowBlobPublicAccess: false,
      allowSharedKeyAccess: false,
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
    expect(inputsOf(recorder, "azure-native:storage:BlobContainer")).toEqual({
      containerName: "app-package",
      accountName: names.functionStorage,
      resourceGroupName: RG,
      publicAccess: "None",
    });

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
      siteConfig: { minTlsVersion: "1.2", scmMinTlsVersion: "1.2", ftpsState: "Disabled" },
      tags,
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

    expect(inputsOf(recorder, "azure-native:operationalinsights:Workspace")).toEqual({
      workspaceName: names.logAnalytics,
      resourceGroupName: RG,
      location,
      sku: { name: "PerGB2018" },
      retentionInDays: 30,
      features: { disableLocalAuth: true },
      tags,
    });
    expect(inputsOf(recorder, "azure-native:applicationinsights:Component")).toMatchObject({
      resourceName: names.appInsights,
      resourceGroupName: RG,
      location,
      kind: "web",
      applicationType: "web",
      ingestionMode: "LogAnalytics",
      workspaceResourceId: idOf("fn-logs"),
      disableLocalAuth: true,
      tags,
    });

    const code = inputsOf(recorder, "azure-native:resources:Deployment");
    expect(code).toMatchObject({
      deploymentName: names.functionCodeDeployment,
      resourceGroupName: RG,
      properties: {
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
    if (c.events === undefined) {
      expect(topics).toHaveLength(0);
      expect(subscriptions).toHaveLength(0);
    } else {
      expect(topics.map((t) => t.inputs)).toEqual([
        {
          systemTopicName: names.eventGridTopic,
          resourceGroupName: RG,
          location,
          source: DATA_ACCOUNT,
          topicType: "Microsoft.Storage.StorageAccounts",
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
        },
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

  it("needs an inference spec", () => {
    const context = exampleContext("country-codes.yaml");
    expect(
      () =>
        new InferenceFunction("none", {
          context,
          resourceGroupName: RG,
          dataAccountId: DATA_ACCOUNT,
          containerId: CONTAINER,
          containerName: "wh",
          tableLocation: "abfss://x",
          tablePath: "d/n",
        }),
    ).toThrow(/InferenceFunction: args.context.spec.inference is not set/);
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
    expect(
      () =>
        new InferenceFunction("image", {
          context: image,
          resourceGroupName: RG,
          dataAccountId: DATA_ACCOUNT,
          containerId: CONTAINER,
          containerName: "wh",
          tableLocation: "abfss://x",
          tablePath: "d/n",
        }),
    ).toThrow(/must be a code package/);
  });
});
