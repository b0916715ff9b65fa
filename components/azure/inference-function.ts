/**
 * InferenceFunction: the product's optional serverless function, a Function App on the Flex
 * Consumption plan (see planning/inference.ts for why), with read-only access to the product's
 * container, Application Insights telemetry in the product's workspace, alerts to the owners, an
 * HTTP endpoint behind App Service authentication and/or blob-created events from the product's
 * account (dead-lettered when they cannot be delivered). It runs inside the product's function
 * subnet (FunctionNetwork), the one network the storage firewalls let in.
 *
 * The constructor reads as the list of steps; each step is a private method that creates its
 * resources, and what the resources say is planned in planning/inference.ts (the same split as the
 * AWS and GCP functions).
 */
import * as applicationinsights from "@pulumi/azure-native/applicationinsights";
import * as authorization from "@pulumi/azure-native/authorization";
import * as eventgrid from "@pulumi/azure-native/eventgrid";
import * as monitor from "@pulumi/azure-native/monitor";
import * as resources from "@pulumi/azure-native/resources";
import * as storage from "@pulumi/azure-native/storage";
import * as web from "@pulumi/azure-native/web";
import * as pulumi from "@pulumi/pulumi";
import { isCodePackage, parseAzureArtifactUrl, type InferenceSpec } from "#contract";
import type { ProductContext } from "../context";
import { grantBuiltInRole, systemAssignedPrincipalId } from "./identity";
import {
  DEAD_LETTER_ALERT,
  DEAD_LETTER_CONTAINER,
  DEPLOYMENT_CONTAINER,
  FLEX_RUNTIMES,
  accessRestrictions,
  actionGroupShortName,
  authSettings,
  blobCreatedFilter,
  entraIssuer,
  eventDelivery,
  flexScale,
  functionAppSettings,
  functionNames,
  httpEndpointUrl,
  inferenceAlerts,
  oneDeployTemplate,
  type FlexScale,
  type FunctionAccess,
  type LogAlertPlan,
} from "./planning/inference";
import { runtimeStorageLifecycleRules } from "./planning/lifecycle";
import { containerScope, type BuiltInRole } from "./planning/roles";
import {
  flatAccountProtection,
  secureAccountArgs,
  storageFirewall,
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
  /** The product's Log Analytics workspace (Observability): Application Insights stores there. */
  workspaceId: pulumi.Input<string>;
  /**
   * The function's subnet (FunctionNetwork): the app joins it, and its runtime storage's firewall
   * lets it in (as the data lake's does).
   */
  subnetId: pulumi.Input<string>;
  /** Who may call the HTTP endpoint (planning/inference.ts); closed to everyone by default. */
  access?: FunctionAccess;
  /** Encrypt the function's runtime storage with the product's key (every classification but public). */
  customerManagedKey?: CustomerManagedKeyRef;
  /**
   * Resources the runtime storage account must wait for: with a customer-managed key, the grant
   * that lets the identity use the key (the account reads the key as soon as it exists).
   */
  dependsOn?: pulumi.Input<pulumi.Resource>[];
}

/** What every step needs: the child-name prefix, the product and where its resources go. */
interface Placement {
  name: string;
  context: ProductContext;
  resourceGroupName: pulumi.Input<string>;
  location: string;
  tags: Record<string, string>;
}

/** The runtime storage account and the containers the app and Event Grid write to. */
interface RuntimeStorage {
  account: storage.StorageAccount;
  packageContainer: storage.BlobContainer;
}

/** The Function App and the identity it runs as. */
interface FunctionApp {
  app: web.WebApp;
  principalId: pulumi.Output<string>;
}

type CodePackage = InferenceSpec &
  Required<Pick<InferenceSpec, "runtime" | "handler" | "artifact">>;

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
    const at: Placement = {
      name,
      context,
      resourceGroupName: args.resourceGroupName,
      location: args.location ?? context.spec.target.region,
      tags: context.labels,
    };
    const functions = functionNames(inference.handler, inference.triggers);
    this.scale = flexScale(inference, functions);
    this.functionAppName = context.names.azure.functionApp;
    this.runtimeStorageAccountName = context.names.azure.functionStorage;

    const access = args.access ?? {};
    const runtimeStorage = this.runtimeStorage(at, args, args.dependsOn ?? []);
    const insights = this.telemetry(at, args.workspaceId);
    const { app, principalId } = this.functionApp(at, inference, runtimeStorage, insights, {
      tableLocation: args.tableLocation,
      subnetId: args.subnetId,
      access,
      events: functions.events !== undefined,
    });
    this.turnOffBasicAuth(at, app);
    this.requireAuthentication(at, app, access, functions.events !== undefined);
    const grants = this.grantAccess(at, principalId, [
      ["data-reader", "Storage Blob Data Reader", args.containerId],
      ["runtime-storage", "Storage Blob Data Owner", runtimeStorage.account.id],
      ["telemetry", "Monitoring Metrics Publisher", insights.id],
    ]);
    const code = this.deployCode(at, app, inference.artifact, grants);
    const owners = this.ownersActionGroup(at);
    if (functions.events !== undefined) {
      this.blobCreatedEvents(at, args, app, functions.events, {
        code,
        runtimeStorage: runtimeStorage.account,
        owners,
      });
    }
    this.alertOwners(at, insights, owners);

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

  /**
   * Runtime storage: host state and the deployed package, in its own flat-namespace account so
   * the function never needs write access to the data lake. The data lake's secure account
   * settings (planning/storage.ts: redundancy, TLS, key rules, no shared keys), no local users,
   * and a firewall that lets in only trusted services and the function's subnet; versioning
   * (possible here, unlike ADLS Gen2) keeps a week of previous package versions for rollback.
   */
  private runtimeStorage(
    at: Placement,
    args: InferenceFunctionArgs,
    dependsOn: pulumi.Input<pulumi.Resource>[],
  ): RuntimeStorage {
    const { name, resourceGroupName } = at;
    const accountName = this.runtimeStorageAccountName;
    const account = new storage.StorageAccount(
      `${name}-storage`,
      {
        ...secureAccountArgs(at.context.spec.tier, args.customerManagedKey),
        accountName,
        resourceGroupName,
        location: at.location,
        isHnsEnabled: false,
        isLocalUserEnabled: false,
        isSftpEnabled: false,
        networkRuleSet: storageFirewall({}, [args.subnetId]),
        publicNetworkAccess: "Enabled",
        tags: at.tags,
      },
      { parent: this, dependsOn },
    );
    const blobService = new storage.BlobServiceProperties(
      `${name}-storage-blob-service`,
      { accountName, resourceGroupName, blobServicesName: "default", ...flatAccountProtection() },
      { parent: this, dependsOn: [account] },
    );
    new storage.ManagementPolicy(
      `${name}-storage-lifecycle`,
      {
        managementPolicyName: "default",
        accountName,
        resourceGroupName,
        policy: { rules: runtimeStorageLifecycleRules() },
      },
      { parent: this, dependsOn: [blobService] },
    );
    const packageContainer = this.runtimeContainer(at, "package-container", DEPLOYMENT_CONTAINER, [
      account,
    ]);
    return { account, packageContainer };
  }

  private runtimeContainer(
    at: Placement,
    suffix: string,
    containerName: string,
    dependsOn: pulumi.Resource[],
  ): storage.BlobContainer {
    return new storage.BlobContainer(
      `${at.name}-${suffix}`,
      {
        containerName,
        accountName: this.runtimeStorageAccountName,
        resourceGroupName: at.resourceGroupName,
        publicAccess: "None",
      },
      { parent: this, dependsOn },
    );
  }

  /**
   * Application Insights in the product's workspace (Observability: 365 days), with local
   * (instrumentation-key) auth off: telemetry is accepted only from identities holding Monitoring
   * Metrics Publisher. Request traces and dependencies land there (control MP-TRC-001).
   */
  private telemetry(
    at: Placement,
    workspaceId: pulumi.Input<string>,
  ): applicationinsights.Component {
    return new applicationinsights.Component(
      `${at.name}-insights`,
      {
        resourceName: at.context.names.azure.appInsights,
        resourceGroupName: at.resourceGroupName,
        location: at.location,
        kind: "web",
        applicationType: "web",
        ingestionMode: "LogAnalytics",
        workspaceResourceId: workspaceId,
        disableLocalAuth: true,
        tags: at.tags,
      },
      { parent: this },
    );
  }

  /**
   * The Flex Consumption plan and the app on it, loading its package from runtime storage,
   * integrated with the function subnet, and behind access restrictions when ranges are given.
   */
  private functionApp(
    at: Placement,
    inference: CodePackage,
    runtimeStorage: RuntimeStorage,
    insights: applicationinsights.Component,
    app: {
      tableLocation: string;
      subnetId: pulumi.Input<string>;
      access: FunctionAccess;
      events: boolean;
    },
  ): FunctionApp {
    const plan = new web.AppServicePlan(
      `${at.name}-plan`,
      {
        name: at.context.names.azure.functionPlan,
        resourceGroupName: at.resourceGroupName,
        location: at.location,
        kind: "functionapp",
        sku: { name: "FC1", tier: "FlexConsumption" },
        reserved: true,
        tags: at.tags,
      },
      { parent: this },
    );
    const site = new web.WebApp(
      `${at.name}-app`,
      {
        name: this.functionAppName,
        resourceGroupName: at.resourceGroupName,
        location: at.location,
        kind: "functionapp,linux",
        serverFarmId: plan.id,
        httpsOnly: true,
        identity: { type: "SystemAssigned" },
        virtualNetworkSubnetId: app.subnetId,
        siteConfig: {
          minTlsVersion: "1.2",
          scmMinTlsVersion: "1.2",
          ftpsState: "Disabled",
          http20Enabled: true,
          ...accessRestrictions(app.access, app.events),
          appSettings: functionAppSettings({
            runtimeStorageAccountName: this.runtimeStorageAccountName,
            insightsConnectionString: insights.connectionString,
            timeoutSeconds: inference.timeoutSeconds,
            tableLocation: app.tableLocation,
            product: `${at.context.spec.domain}/${at.context.spec.name}`,
          }),
        },
        functionAppConfig: {
          deployment: {
            storage: {
              type: "blobContainer",
              value: runtimeStorage.account.primaryEndpoints.apply(
                (e) => `${e.blob}${DEPLOYMENT_CONTAINER}`,
              ),
              authentication: { type: "SystemAssignedIdentity" },
            },
          },
          runtime: FLEX_RUNTIMES[inference.runtime],
          scaleAndConcurrency: {
            instanceMemoryMB: this.scale.instanceMemoryMB,
            maximumInstanceCount: this.scale.maximumInstanceCount,
            alwaysReady: this.scale.alwaysReady,
          },
        },
        tags: at.tags,
      },
      { parent: this, dependsOn: [runtimeStorage.packageContainer] },
    );
    const principalId = systemAssignedPrincipalId(
      site.identity,
      `InferenceFunction: ${this.functionAppName}`,
    );
    return { app: site, principalId };
  }

  /** Deployment goes through the ARM deployment API only: basic-auth publishing is off. */
  private turnOffBasicAuth(at: Placement, app: web.WebApp): void {
    for (const [suffix, Resource] of [
      ["scm", web.WebAppScmAllowed],
      ["ftp", web.WebAppFtpAllowed],
    ] as const) {
      new Resource(
        `${at.name}-${suffix}-basic-auth`,
        { name: this.functionAppName, resourceGroupName: at.resourceGroupName, allow: false },
        { parent: this, dependsOn: [app] },
      );
    }
  }

  /**
   * App Service authentication on every request: 401 without a valid Entra token (planning/
   * inference.ts `authSettings`), HTTPS only. The issuer is the registration's tenant, by default
   * the deploying subscription's.
   */
  private requireAuthentication(
    at: Placement,
    app: web.WebApp,
    access: FunctionAccess,
    events: boolean,
  ): void {
    const tenant =
      access.entra?.tenantId ?? authorization.getClientConfigOutput({ parent: this }).tenantId;
    new web.WebAppAuthSettingsV2(
      `${at.name}-auth`,
      {
        name: this.functionAppName,
        resourceGroupName: at.resourceGroupName,
        ...authSettings(access, events, pulumi.output(tenant).apply(entraIssuer)),
      },
      { parent: this, dependsOn: [app] },
    );
  }

  /**
   * The function's rights: read the product's container (container scope, not the account), own
   * its runtime storage, publish telemetry.
   */
  private grantAccess(
    at: Placement,
    principalId: pulumi.Output<string>,
    grants: [string, BuiltInRole, pulumi.Input<string>][],
  ): authorization.RoleAssignment[] {
    return grants.map(([suffix, role, scope]) =>
      grantBuiltInRole(`${at.name}-${suffix}`, { principalId, role, scope }, this),
    );
  }

  /**
   * Flex Consumption deploys through "one deploy": the platform fetches the package from the
   * artifact URL and stores it in the deployment container with the app's identity. Azure
   * Resource Manager exposes it as the `onedeploy` extension of the site, which azure-native has
   * no resource type for, so it is applied as a one-resource ARM deployment. The artifact URL is
   * a read SAS (the contract checks its form, `validate` its expiry): a credential, so the
   * template is a secret in the state.
   */
  private deployCode(
    at: Placement,
    app: web.WebApp,
    artifact: string,
    access: authorization.RoleAssignment[],
  ): resources.Deployment {
    return new resources.Deployment(
      `${at.name}-code`,
      {
        deploymentName: at.context.names.azure.functionCodeDeployment,
        resourceGroupName: at.resourceGroupName,
        properties: {
          mode: "Incremental",
          template: pulumi.secret(oneDeployTemplate(this.functionAppName, artifact)),
        },
        tags: at.tags,
      },
      { parent: this, dependsOn: [app, ...access] },
    );
  }

  /**
   * Blob-created events of the product's account, delivered straight to the function (Event
   * Grid's Azure Function destination: no webhook URL and no function key to manage). Events it
   * cannot deliver within a day are dead-lettered into the runtime storage by the topic's own
   * identity (planning/inference.ts `eventDelivery`), and each one alerts the owners.
   */
  private blobCreatedEvents(
    at: Placement,
    args: InferenceFunctionArgs,
    app: web.WebApp,
    functionName: string,
    wiring: {
      code: resources.Deployment;
      runtimeStorage: storage.StorageAccount;
      owners: monitor.ActionGroup;
    },
  ): void {
    const topic = new eventgrid.SystemTopic(
      `${at.name}-events`,
      {
        systemTopicName: at.context.names.azure.eventGridTopic,
        resourceGroupName: at.resourceGroupName,
        location: at.location,
        source: args.dataAccountId,
        topicType: "Microsoft.Storage.StorageAccounts",
        identity: { type: "SystemAssigned" },
        tags: at.tags,
      },
      { parent: this },
    );
    const deadLetters = this.runtimeContainer(at, "dead-letters", DEAD_LETTER_CONTAINER, [
      wiring.runtimeStorage,
    ]);
    const writeDeadLetters = grantBuiltInRole(
      `${at.name}-dead-letter-writer`,
      {
        principalId: systemAssignedPrincipalId(
          topic.identity,
          `InferenceFunction: Event Grid topic ${at.context.names.azure.eventGridTopic}`,
        ),
        role: "Storage Blob Data Contributor",
        scope: wiring.runtimeStorage.id.apply((id) => containerScope(id, DEAD_LETTER_CONTAINER)),
      },
      this,
    );
    new eventgrid.SystemTopicEventSubscription(
      `${at.name}-blob-created`,
      {
        eventSubscriptionName: "blob-created",
        systemTopicName: topic.name,
        resourceGroupName: at.resourceGroupName,
        destination: {
          endpointType: "AzureFunction",
          resourceId: pulumi.interpolate`${app.id}/functions/${functionName}`,
        },
        filter: blobCreatedFilter(args.containerName, args.tablePath),
        eventDeliverySchema: "EventGridSchema",
        ...eventDelivery(wiring.runtimeStorage.id),
      },
      // The function must exist when the subscription is created (after the code deployment),
      // and the topic must be able to write its dead letters.
      { parent: this, dependsOn: [wiring.code, deadLetters, writeDeadLetters] },
    );
    this.deadLetterAlert(at, topic, wiring.owners);
  }

  private deadLetterAlert(
    at: Placement,
    topic: eventgrid.SystemTopic,
    owners: monitor.ActionGroup,
  ): void {
    const { spec } = at.context;
    new monitor.MetricAlert(
      `${at.name}-dead-letters-alert`,
      {
        ruleName: `${this.functionAppName}-dead-letters`,
        resourceGroupName: at.resourceGroupName,
        location: "global",
        description: `${spec.domain}/${spec.name} inference: a blob-created event could not be delivered and was dead-lettered`,
        severity: 1,
        enabled: true,
        scopes: [topic.id],
        evaluationFrequency: "PT5M",
        windowSize: "PT5M",
        criteria: {
          odataType: "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria",
          allOf: [
            {
              criterionType: "StaticThresholdCriterion",
              name: "dead-lettered",
              metricName: DEAD_LETTER_ALERT.metricName,
              metricNamespace: DEAD_LETTER_ALERT.metricNamespace,
              operator: "GreaterThan",
              threshold: DEAD_LETTER_ALERT.threshold,
              timeAggregation: "Total",
            },
          ],
        },
        actions: [{ actionGroupId: owners.id }],
        autoMitigate: true,
        tags: at.tags,
      },
      { parent: this },
    );
  }

  /** An action group of the owners' emails: every alert of the function notifies it. */
  private ownersActionGroup(at: Placement): monitor.ActionGroup {
    const { spec } = at.context;
    return new monitor.ActionGroup(
      `${at.name}-owners`,
      {
        actionGroupName: `${this.functionAppName}-owners`,
        resourceGroupName: at.resourceGroupName,
        location: "global",
        enabled: true,
        groupShortName: actionGroupShortName(spec.name),
        emailReceivers: spec.owners.emails.map((email, index) => ({
          name: `owner-${index + 1}`,
          emailAddress: email,
          useCommonAlertSchema: true,
        })),
        tags: at.tags,
      },
      { parent: this },
    );
  }

  /** The log alerts of planning/inference.ts on the function's requests. */
  private alertOwners(
    at: Placement,
    insights: applicationinsights.Component,
    owners: monitor.ActionGroup,
  ): void {
    for (const alert of inferenceAlerts()) this.logAlert(at, alert, insights, owners);
  }

  private logAlert(
    at: Placement,
    alert: LogAlertPlan,
    insights: applicationinsights.Component,
    owners: monitor.ActionGroup,
  ): void {
    const { spec } = at.context;
    new monitor.ScheduledQueryRule(
      `${at.name}-${alert.suffix}`,
      {
        ruleName: `${this.functionAppName}-${alert.suffix}`,
        resourceGroupName: at.resourceGroupName,
        location: at.location,
        description: `${spec.domain}/${spec.name} inference: ${alert.description}`,
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
        tags: at.tags,
      },
      { parent: this },
    );
  }
}

/**
 * The contract already enforces the form for Azure; the component checks again to stand on its
 * own, and refuses a SAS that has expired (a clock the contract does not read): one deploy would
 * fail to fetch the package.
 */
function validate(inference: InferenceSpec | undefined, now: Date = new Date()): CodePackage {
  if (inference === undefined) {
    throw new Error("InferenceFunction: args.context.spec.inference is not set");
  }
  const { runtime, handler, artifact } = inference;
  if (!isCodePackage(inference) || runtime === undefined || handler === undefined) {
    throw new Error(
      "InferenceFunction: args.context.spec.inference must be a code package (runtime, handler, artifact) on Azure, not an image",
    );
  }
  const parsed = parseAzureArtifactUrl(artifact ?? "");
  if (artifact === undefined || typeof parsed === "string") {
    throw new Error(
      `InferenceFunction: args.context.spec.inference.artifact: ${typeof parsed === "string" ? parsed : "missing"}`,
    );
  }
  if (parsed.expiresAt.getTime() <= now.getTime()) {
    throw new Error(
      `InferenceFunction: args.context.spec.inference.artifact: the SAS expired at ${parsed.expiresAt.toISOString()}; issue a new read SAS for ${parsed.container}/${parsed.blob} and update the spec`,
    );
  }
  return { ...inference, runtime, handler, artifact };
}
