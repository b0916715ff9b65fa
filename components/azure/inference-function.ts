/**
 * InferenceFunction: the product's optional serverless function, a Function App on the Flex
 * Consumption plan (see planning/inference.ts for why), with read-only access to the product's
 * container, Application Insights telemetry, alerts to the owners, an HTTP endpoint and/or
 * blob-created events from the product's account.
 */
import * as applicationinsights from "@pulumi/azure-native/applicationinsights";
import * as authorization from "@pulumi/azure-native/authorization";
import * as eventgrid from "@pulumi/azure-native/eventgrid";
import * as monitor from "@pulumi/azure-native/monitor";
import * as operationalinsights from "@pulumi/azure-native/operationalinsights";
import * as resources from "@pulumi/azure-native/resources";
import * as storage from "@pulumi/azure-native/storage";
import * as web from "@pulumi/azure-native/web";
import * as pulumi from "@pulumi/pulumi";
import { isCodePackage, type InferenceSpec } from "#contract";
import type { ProductContext } from "../context";
import {
  FLEX_RUNTIMES,
  FUNCTION_TIMEOUT_SETTING,
  actionGroupShortName,
  flexScale,
  functionNames,
  functionTimeout,
  httpEndpointUrl,
  inferenceAlerts,
  type FlexScale,
} from "./planning/inference";
import { runtimeStorageLifecycleRules } from "./planning/lifecycle";
import { roleDefinitionId, type BuiltInRole } from "./planning/roles";
import {
  STORAGE_SKUS,
  flatAccountProtection,
  storageEncryption,
  type CustomerManagedKeyRef,
} from "./planning/storage";

export interface InferenceFunctionArgs {
  context: ProductContext;
  resourceGroupName: pulumi.Input<string>;
  /** Defaults to the product's region (context.spec.target.region). */
  location?: string;
  /** The product's data lake account: source of blob-created events. */
  dataAccountId: pulumi.Input<string>;
  /** The product's container: the function may read it, and nothing else of the product. */
  containerId: pulumi.Input<string>;
  containerName: string;
  /** abfss:// location of the table, handed to the code as MESHPLANE_TABLE_LOCATION. */
  tableLocation: string;
  /** Path of the table inside the container; events are filtered to it. */
  tablePath: string;
  /** Encrypt the function's runtime storage with the product's key (restricted products). */
  customerManagedKey?: CustomerManagedKeyRef;
  /**
   * Resources the runtime storage account must wait for: with a customer-managed key, the grant
   * that lets the identity use the key (the account reads the key as soon as it exists).
   */
  dependsOn?: pulumi.Input<pulumi.Resource>[];
}

/** Container of the function's storage account that holds the deployed code package. */
export const DEPLOYMENT_CONTAINER = "app-package";

export class InferenceFunction extends pulumi.ComponentResource {
  public readonly functionAppName: string;
  public readonly functionAppId: pulumi.Output<string>;
  public readonly defaultHostName: pulumi.Output<string>;
  public readonly principalId: pulumi.Output<string>;
  /** https://<host>/api/<function> when the http trigger is on. */
  public readonly endpointUrl: pulumi.Output<string> | undefined;
  public readonly appInsightsId: pulumi.Output<string>;
  public readonly runtimeStorageAccountName: string;
  public readonly scale: FlexScale;

  constructor(name: string, args: InferenceFunctionArgs, opts?: pulumi.ComponentResourceOptions) {
    super("meshplane:azure:InferenceFunction", name, {}, opts);
    const { context } = args;
    const inference = validate(context.spec.inference);
    const location = args.location ?? context.spec.target.region;
    const names = context.names.azure;
    const tags = context.labels;
    const rg = args.resourceGroupName;
    const client = authorization.getClientConfigOutput({ parent: this });
    const role = (r: BuiltInRole) => client.subscriptionId.apply((id) => roleDefinitionId(id, r));
    const functions = functionNames(inference.handler, inference.triggers);
    this.scale = flexScale(inference, functions);
    this.functionAppName = names.functionApp;
    this.runtimeStorageAccountName = names.functionStorage;

    // Runtime storage: host state and the deployed package, in its own flat-namespace account so
    // the function never needs write access to the data lake. Same redundancy, TLS, network and
    // key rules as the data lake; versioning (possible here, unlike ADLS Gen2) keeps a week of
    // previous package versions for rollback.
    const cmk = args.customerManagedKey;
    const runtimeStorage = new storage.StorageAccount(
      `${name}-storage`,
      {
        accountName: this.runtimeStorageAccountName,
        resourceGroupName: rg,
        location,
        kind: "StorageV2",
        sku: { name: STORAGE_SKUS[context.spec.tier] },
        accessTier: "Hot",
        isHnsEnabled: false,
        minimumTlsVersion: "TLS1_2",
        enableHttpsTrafficOnly: true,
        allowBlobPublicAccess: false,
        allowSharedKeyAccess: false,
        defaultToOAuthAuthentication: true,
        allowCrossTenantReplication: false,
        publicNetworkAccess: "Enabled",
        encryption: storageEncryption(cmk),
        ...(cmk === undefined
          ? {}
          : { identity: { type: "UserAssigned", userAssignedIdentities: [cmk.identityId] } }),
        tags,
      },
      { parent: this, dependsOn: args.dependsOn ?? [] },
    );
    const runtimeBlobService = new storage.BlobServiceProperties(
      `${name}-storage-blob-service`,
      {
        accountName: this.runtimeStorageAccountName,
        resourceGroupName: rg,
        blobServicesName: "default",
        ...flatAccountProtection(),
      },
      { parent: this, dependsOn: [runtimeStorage] },
    );
    new storage.ManagementPolicy(
      `${name}-storage-lifecycle`,
      {
        managementPolicyName: "default",
        accountName: this.runtimeStorageAccountName,
        resourceGroupName: rg,
        policy: { rules: runtimeStorageLifecycleRules() },
      },
      { parent: this, dependsOn: [runtimeBlobService] },
    );
    const packageContainer = new storage.BlobContainer(
      `${name}-package-container`,
      {
        containerName: DEPLOYMENT_CONTAINER,
        accountName: this.runtimeStorageAccountName,
        resourceGroupName: rg,
        publicAccess: "None",
      },
      { parent: this, dependsOn: [runtimeStorage] },
    );

    // Workspace-based Application Insights with local (instrumentation-key) auth off: telemetry is
    // accepted only from identities holding Monitoring Metrics Publisher.
    const workspace = new operationalinsights.Workspace(
      `${name}-logs`,
      {
        workspaceName: names.logAnalytics,
        resourceGroupName: rg,
        location,
        sku: { name: "PerGB2018" },
        retentionInDays: 30,
        features: { disableLocalAuth: true },
        tags,
      },
      { parent: this },
    );
    const insights = new applicationinsights.Component(
      `${name}-insights`,
      {
        resourceName: names.appInsights,
        resourceGroupName: rg,
        location,
        kind: "web",
        applicationType: "web",
        ingestionMode: "LogAnalytics",
        workspaceResourceId: workspace.id,
        disableLocalAuth: true,
        tags,
      },
      { parent: this },
    );

    const plan = new web.AppServicePlan(
      `${name}-plan`,
      {
        name: names.functionPlan,
        resourceGroupName: rg,
        location,
        kind: "functionapp",
        sku: { name: "FC1", tier: "FlexConsumption" },
        reserved: true,
        tags,
      },
      { parent: this },
    );

    const runtime = FLEX_RUNTIMES[inference.runtime];
    const app = new web.WebApp(
      `${name}-app`,
      {
        name: this.functionAppName,
        resourceGroupName: rg,
        location,
        kind: "functionapp,linux",
        serverFarmId: plan.id,
        httpsOnly: true,
        identity: { type: "SystemAssigned" },
        siteConfig: {
          minTlsVersion: "1.2",
          scmMinTlsVersion: "1.2",
          ftpsState: "Disabled",
          http20Enabled: true,
          appSettings: [
            // Identity-based host storage: no connection string.
            { name: "AzureWebJobsStorage__accountName", value: this.runtimeStorageAccountName },
            { name: "AzureWebJobsStorage__credential", value: "managedidentity" },
            { name: "APPLICATIONINSIGHTS_CONNECTION_STRING", value: insights.connectionString },
            { name: "APPLICATIONINSIGHTS_AUTHENTICATION_STRING", value: "Authorization=AAD" },
            // The spec's timeout, over whatever host.json in the package says.
            { name: FUNCTION_TIMEOUT_SETTING, value: functionTimeout(inference.timeoutSeconds) },
            { name: "MESHPLANE_TABLE_LOCATION", value: args.tableLocation },
            { name: "MESHPLANE_PRODUCT", value: `${context.spec.domain}/${context.spec.name}` },
          ],
        },
        functionAppConfig: {
          deployment: {
            storage: {
              type: "blobContainer",
              value: runtimeStorage.primaryEndpoints.apply(
                (e) => `${e.blob}${DEPLOYMENT_CONTAINER}`,
              ),
              authentication: { type: "SystemAssignedIdentity" },
            },
          },
          runtime,
          scaleAndConcurrency: {
            instanceMemoryMB: this.scale.instanceMemoryMB,
            maximumInstanceCount: this.scale.maximumInstanceCount,
            alwaysReady: this.scale.alwaysReady,
          },
        },
        tags,
      },
      { parent: this, dependsOn: [packageContainer] },
    );
    const principalId = app.identity.apply((identity) => {
      if (identity?.principalId === undefined) {
        throw new Error(
          `InferenceFunction: ${this.functionAppName} has no system-assigned identity`,
        );
      }
      return identity.principalId;
    });

    // Deployment goes through the ARM deployment API only: basic-auth publishing is off.
    for (const [suffix, Resource] of [
      ["scm", web.WebAppScmAllowed],
      ["ftp", web.WebAppFtpAllowed],
    ] as const) {
      new Resource(
        `${name}-${suffix}-basic-auth`,
        { name: this.functionAppName, resourceGroupName: rg, allow: false },
        { parent: this, dependsOn: [app] },
      );
    }

    // The function's rights: read the product's container (container scope, not the account),
    // own its runtime storage, publish telemetry.
    const grants: [string, BuiltInRole, pulumi.Input<string>][] = [
      ["data-reader", "Storage Blob Data Reader", args.containerId],
      ["runtime-storage", "Storage Blob Data Owner", runtimeStorage.id],
      ["telemetry", "Monitoring Metrics Publisher", insights.id],
    ];
    const access = grants.map(
      ([suffix, roleName, scope]) =>
        new authorization.RoleAssignment(
          `${name}-${suffix}`,
          {
            principalId,
            principalType: "ServicePrincipal",
            roleDefinitionId: role(roleName),
            scope,
          },
          { parent: this },
        ),
    );

    // Flex Consumption deploys through "one deploy": the platform fetches the package from the
    // artifact URL and stores it in the deployment container with the app's identity. Azure
    // Resource Manager exposes it as the `onedeploy` extension of the site, which azure-native
    // has no resource type for, so it is applied as a one-resource ARM deployment. The artifact
    // URL must be readable by the platform (a SAS URL or a public blob).
    const code = new resources.Deployment(
      `${name}-code`,
      {
        deploymentName: names.functionCodeDeployment,
        resourceGroupName: rg,
        properties: {
          mode: "Incremental",
          template: oneDeployTemplate(this.functionAppName, inference.artifact),
        },
        tags,
      },
      { parent: this, dependsOn: [app, ...access] },
    );

    if (functions.events !== undefined) {
      // Blob-created events of the product's account, delivered straight to the function (Event
      // Grid's Azure Function destination: no webhook URL and no function key to manage).
      const topic = new eventgrid.SystemTopic(
        `${name}-events`,
        {
          systemTopicName: names.eventGridTopic,
          resourceGroupName: rg,
          location,
          source: args.dataAccountId,
          topicType: "Microsoft.Storage.StorageAccounts",
          tags,
        },
        { parent: this },
      );
      new eventgrid.SystemTopicEventSubscription(
        `${name}-blob-created`,
        {
          eventSubscriptionName: "blob-created",
          systemTopicName: topic.name,
          resourceGroupName: rg,
          destination: {
            endpointType: "AzureFunction",
            resourceId: pulumi.interpolate`${app.id}/functions/${functions.events}`,
          },
          filter: {
            includedEventTypes: ["Microsoft.Storage.BlobCreated"],
            isSubjectCaseSensitive: true,
            subjectBeginsWith: `/blobServices/default/containers/${args.containerName}/blobs/${args.tablePath}/`,
          },
          eventDeliverySchema: "EventGridSchema",
          retryPolicy: { maxDeliveryAttempts: 30, eventTimeToLiveInMinutes: 1440 },
        },
        // The function must exist when the subscription is created: after the code deployment.
        { parent: this, dependsOn: [code] },
      );
    }

    const owners = new monitor.ActionGroup(
      `${name}-owners`,
      {
        actionGroupName: `${this.functionAppName}-owners`,
        resourceGroupName: rg,
        location: "global",
        enabled: true,
        groupShortName: actionGroupShortName(context.spec.name),
        emailReceivers: context.spec.owners.emails.map((email, index) => ({
          name: `owner-${index + 1}`,
          emailAddress: email,
          useCommonAlertSchema: true,
        })),
        tags,
      },
      { parent: this },
    );
    for (const alert of inferenceAlerts()) {
      new monitor.ScheduledQueryRule(
        `${name}-${alert.suffix}`,
        {
          ruleName: `${this.functionAppName}-${alert.suffix}`,
          resourceGroupName: rg,
          location,
          description: `${context.spec.domain}/${context.spec.name} inference: ${alert.description}`,
          severity: alert.severity,
          enabled: true,
          kind: "LogAlert",
          scopes: [insights.id],
          evaluationFrequency: "PT5M",
          windowSize: "PT5M",
          criteria: {
            allOf: [
              {
                query: alert.query,
                timeAggregation: "Maximum",
                metricMeasureColumn: alert.metricMeasureColumn,
                operator: "GreaterThan",
                threshold: alert.threshold,
                failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 },
              },
            ],
          },
          actions: { actionGroups: [owners.id] },
          autoMitigate: true,
          tags,
        },
        { parent: this },
      );
    }

    this.functionAppId = app.id;
    this.defaultHostName = app.defaultHostName;
    this.principalId = principalId;
    this.appInsightsId = insights.id;
    const httpFunction = functions.http;
    this.endpointUrl =
      httpFunction === undefined
        ? undefined
        : app.defaultHostName.apply((host) => httpEndpointUrl(host, httpFunction));
    this.registerOutputs({
      functionAppName: this.functionAppName,
      functionAppId: this.functionAppId,
      defaultHostName: this.defaultHostName,
      principalId: this.principalId,
      endpointUrl: this.endpointUrl,
      appInsightsId: this.appInsightsId,
    });
  }
}

type CodePackage = InferenceSpec &
  Required<Pick<InferenceSpec, "runtime" | "handler" | "artifact">>;

/** The contract already enforces this for Azure; the component checks again to stand on its own. */
function validate(inference: InferenceSpec | undefined): CodePackage {
  if (inference === undefined) {
    throw new Error("InferenceFunction: args.context.spec.inference is not set");
  }
  const { runtime, handler, artifact } = inference;
  if (!isCodePackage(inference) || runtime === undefined || handler === undefined) {
    throw new Error(
      "InferenceFunction: args.context.spec.inference must be a code package (runtime, handler, artifact) on Azure, not an image",
    );
  }
  if (artifact?.startsWith("https://") !== true) {
    throw new Error(
      "InferenceFunction: args.context.spec.inference.artifact must be an https:// URL",
    );
  }
  return { ...inference, runtime, handler, artifact };
}

/** ARM template with the site's `onedeploy` extension, which deploys a package from a URL. */
export function oneDeployTemplate(
  functionAppName: string,
  packageUri: string,
): Record<string, unknown> {
  return {
    $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
    contentVersion: "1.0.0.0",
    resources: [
      {
        type: "Microsoft.Web/sites/extensions",
        apiVersion: "2024-04-01",
        name: `${functionAppName}/onedeploy`,
        properties: { packageUri, remoteBuild: false },
      },
    ],
  };
}
