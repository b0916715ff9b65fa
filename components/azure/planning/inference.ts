/**
 * Planning for the inference Function App on the Flex Consumption plan. Pure.
 *
 * Why Flex Consumption: it is the serverless Functions plan Microsoft recommends for new apps (the
 * Linux Consumption plan gets no new language versions and is being retired), it scales to zero,
 * lets us choose the instance memory, cap scale-out (`maximumInstanceCount`) and keep instances
 * warm (`alwaysReady`), which are the three knobs the contract's inference spec describes, and it
 * loads its code package from a blob container through the app's managed identity, so no storage
 * key or connection string exists anywhere.
 */
import type { WebAppAuthSettingsV2Args } from "@pulumi/azure-native/web";
import type * as inputs from "@pulumi/azure-native/types/input";
import type * as pulumi from "@pulumi/pulumi";
import type { InferenceRuntime, InferenceSpec, InferenceTrigger } from "#contract";
import { AZURE_FLEX_MEMORY_MB, INFERENCE_ALERT_THRESHOLDS } from "#contract";
import { concurrencyLimits } from "../../inference";
import { ipRangeProblem } from "./storage";

/** Portable runtime → Flex Consumption `functionAppConfig.runtime`. */
export const FLEX_RUNTIMES: Readonly<
  Record<InferenceRuntime, { name: "python" | "node" | "java"; version: string }>
> = {
  "python3.12": { name: "python", version: "3.12" },
  "python3.13": { name: "python", version: "3.13" },
  nodejs22: { name: "node", version: "22" },
  java21: { name: "java", version: "21" },
};

/** Flex Consumption's own default maximum instance count, used when no limit is given. */
export const DEFAULT_MAXIMUM_INSTANCE_COUNT = 100;

/**
 * Function names inside the package. The handler's last dotted segment names the function
 * (`function_app.propensity` → `propensity`, the Python v2 decorator or Node registration name).
 * An app cannot have one function with both an HTTP and an Event Grid trigger, so when both
 * triggers are asked for, the Event Grid function is `<name>_events`.
 */
export function functionNames(
  handler: string,
  triggers: readonly InferenceTrigger[],
): { http: string | undefined; events: string | undefined } {
  const name = handler.split(".").pop() ?? handler;
  const http = triggers.includes("http");
  const events = triggers.includes("object-created");
  return {
    http: http ? name : undefined,
    events: events ? (http ? `${name}_events` : name) : undefined,
  };
}

export interface FlexScale {
  instanceMemoryMB: number;
  maximumInstanceCount: number;
  alwaysReady: { name: string; instanceCount: number }[];
}

/**
 * memoryMb → instance memory; reservedConcurrency → maximum instances (the upper bound of
 * concurrent executions for runtimes that run one execution per instance, as Python does by
 * default; without it Flex's default of 100, or the always-ready count if higher);
 * provisionedConcurrency → always-ready instances for the group that serves the trigger
 * ("http" for all HTTP functions, "function:<name>" for an Event Grid function).
 */
export function flexScale(
  inference: InferenceSpec,
  names: ReturnType<typeof functionNames>,
): FlexScale {
  if (!(AZURE_FLEX_MEMORY_MB as readonly number[]).includes(inference.memoryMb)) {
    throw new Error(
      `inference.memoryMb must be one of ${AZURE_FLEX_MEMORY_MB.join(", ")} on Flex Consumption, not ${inference.memoryMb}`,
    );
  }
  const { cap, warm } = concurrencyLimits(inference, DEFAULT_MAXIMUM_INSTANCE_COUNT);
  const group = names.http !== undefined ? "http" : `function:${names.events ?? ""}`;
  return {
    instanceMemoryMB: inference.memoryMb,
    maximumInstanceCount: cap,
    alwaysReady: warm > 0 ? [{ name: group, instanceCount: warm }] : [],
  };
}

/**
 * The spec's `timeoutSeconds` as the Functions host's `functionTimeout` (a TimeSpan, hh:mm:ss).
 * The host reads it from host.json, which the code package owns, or from the app setting
 * `AzureFunctionsJobHost__functionTimeout`, which overrides host.json; the component sets the app
 * setting, so the spec's timeout holds whatever the package says. Without it Flex Consumption
 * lets an execution run 30 minutes (its default), twice the contract's longest timeout.
 */
export const FUNCTION_TIMEOUT_SETTING = "AzureFunctionsJobHost__functionTimeout";

export function functionTimeout(timeoutSeconds: number): string {
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1 || timeoutSeconds >= 86_400) {
    throw new Error(
      `inference.timeoutSeconds must be a whole number of seconds from 1 to 86399, not ${timeoutSeconds}`,
    );
  }
  const two = (n: number) => String(n).padStart(2, "0");
  const hours = Math.floor(timeoutSeconds / 3600);
  const minutes = Math.floor((timeoutSeconds % 3600) / 60);
  return `${two(hours)}:${two(minutes)}:${two(timeoutSeconds % 60)}`;
}

/** Container of the function's storage account that holds the deployed code package. */
export const DEPLOYMENT_CONTAINER = "app-package";

export interface AppSettingsArgs {
  runtimeStorageAccountName: string;
  insightsConnectionString: pulumi.Input<string>;
  timeoutSeconds: number;
  /** abfss:// location of the table (MESHPLANE_TABLE_LOCATION). */
  tableLocation: string;
  /** `<domain>/<name>` (MESHPLANE_PRODUCT). */
  product: string;
}

/** The app's settings: identity-based host storage and telemetry, the timeout, the product. */
export function functionAppSettings(
  args: AppSettingsArgs,
): { name: string; value: pulumi.Input<string> }[] {
  return [
    // Identity-based host storage: no connection string.
    { name: "AzureWebJobsStorage__accountName", value: args.runtimeStorageAccountName },
    { name: "AzureWebJobsStorage__credential", value: "managedidentity" },
    { name: "APPLICATIONINSIGHTS_CONNECTION_STRING", value: args.insightsConnectionString },
    { name: "APPLICATIONINSIGHTS_AUTHENTICATION_STRING", value: "Authorization=AAD" },
    // The spec's timeout, over whatever host.json in the package says.
    { name: FUNCTION_TIMEOUT_SETTING, value: functionTimeout(args.timeoutSeconds) },
    { name: "MESHPLANE_TABLE_LOCATION", value: args.tableLocation },
    { name: "MESHPLANE_PRODUCT", value: args.product },
  ];
}

/** ARM template with the site's `onedeploy` extension, which deploys a package from a URL. */
export function oneDeployTemplate(functionAppName: string, packageUri: string): OneDeployTemplate {
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

export interface OneDeployTemplate {
  $schema: string;
  contentVersion: string;
  resources: {
    type: "Microsoft.Web/sites/extensions";
    apiVersion: string;
    name: string;
    properties: { packageUri: string; remoteBuild: false };
  }[];
}

/** Event Grid filter: blobs created under the table's folder of the product's container only. */
export function blobCreatedFilter(
  containerName: string,
  tablePath: string,
): {
  includedEventTypes: string[];
  isSubjectCaseSensitive: boolean;
  subjectBeginsWith: string;
} {
  return {
    includedEventTypes: ["Microsoft.Storage.BlobCreated"],
    isSubjectCaseSensitive: true,
    subjectBeginsWith: `/blobServices/default/containers/${containerName}/blobs/${tablePath}/`,
  };
}

export function httpEndpointUrl(defaultHostName: string, functionName: string): string {
  return `https://${defaultHostName}/api/${functionName}`;
}

/** Alert thresholds: the platform's, on every cloud (contract/inference.ts). */
export const ALERT_THRESHOLDS = INFERENCE_ALERT_THRESHOLDS;

export interface LogAlertPlan {
  suffix: string;
  description: string;
  severity: number;
  query: string;
  metricMeasureColumn: string;
  threshold: number;
}

/**
 * Log-search alerts over the Application Insights `requests` table, evaluated every 5 minutes over
 * the last 5 minutes (`duration` is in milliseconds).
 */
export function inferenceAlerts(): LogAlertPlan[] {
  return [
    {
      suffix: "p99-latency",
      description: `p99 request latency above ${ALERT_THRESHOLDS.p99LatencyMs} ms`,
      severity: 2,
      query: "requests | summarize p99DurationMs = percentile(duration, 99)",
      metricMeasureColumn: "p99DurationMs",
      threshold: ALERT_THRESHOLDS.p99LatencyMs,
    },
    {
      suffix: "failure-rate",
      description: `more than ${ALERT_THRESHOLDS.errorRatePercent} % of requests failing`,
      severity: 1,
      query:
        "requests | summarize total = count(), failed = countif(success == false) | where total > 0 | project failureRatePercent = 100.0 * failed / total",
      metricMeasureColumn: "failureRatePercent",
      threshold: ALERT_THRESHOLDS.errorRatePercent,
    },
  ];
}

/** An action group's short name: at most 12 characters. */
export function actionGroupShortName(productName: string): string {
  return productName.replaceAll("-", "").slice(0, 12);
}

/**
 * Who may call the function's HTTP endpoint. App Service authentication ("Easy Auth") is always on
 * and answers 401 to any request without a valid token; `entra` names the Microsoft Entra app
 * registration whose tokens it accepts (azure-native cannot create app registrations, so the
 * platform team registers one per function and passes its client id). Without `entra` no token is
 * valid: the endpoint is closed, like an AWS Function URL nobody may invoke.
 */
export interface FunctionAccess {
  entra?: EntraAuth;
  /**
   * Public IPv4 ranges allowed to reach the app at all (App Service access restrictions); every
   * other address is denied before authentication. Without it, any address may try (and needs a
   * token).
   */
  allowedIpRanges?: readonly string[];
}

export interface EntraAuth {
  /** Application (client) id of the Entra app registration representing the function's API. */
  clientId: string;
  /** Tenant of that registration; defaults to the deploying subscription's tenant. */
  tenantId?: string;
  /** Client ids of the applications allowed to call; without it, any holding a valid token. */
  allowedApplications?: readonly string[];
  /** Object ids of the users or service principals allowed to call; without it, any. */
  allowedPrincipalObjectIds?: readonly string[];
}

/**
 * The Functions host's Event Grid endpoint. Event Grid's Azure Function destination delivers there
 * with the host's system key, not an Entra token, so authentication leaves that path to the key.
 */
export const EVENT_GRID_WEBHOOK_PATH = "/runtime/webhooks/eventgrid";

/** The issuer of a tenant's Entra v2 tokens. */
export function entraIssuer(tenantId: string): string {
  return `https://login.microsoftonline.com/${tenantId}/v2.0`;
}

/** App Service authentication settings of the function app (name and group added by the caller). */
export function authSettings(
  access: FunctionAccess,
  events: boolean,
  issuer: pulumi.Input<string>,
): Omit<WebAppAuthSettingsV2Args, "name" | "resourceGroupName"> {
  const entra = access.entra;
  return {
    platform: { enabled: true },
    globalValidation: {
      requireAuthentication: true,
      unauthenticatedClientAction: "Return401",
      ...(events ? { excludedPaths: [EVENT_GRID_WEBHOOK_PATH] } : {}),
    },
    httpSettings: { requireHttps: true },
    ...(entra === undefined
      ? {}
      : {
          identityProviders: {
            azureActiveDirectory: {
              enabled: true,
              registration: { clientId: entra.clientId, openIdIssuer: issuer },
              validation: {
                allowedAudiences: [`api://${entra.clientId}`, entra.clientId],
                defaultAuthorizationPolicy: {
                  ...(entra.allowedApplications === undefined
                    ? {}
                    : { allowedApplications: [...entra.allowedApplications] }),
                  ...(entra.allowedPrincipalObjectIds === undefined
                    ? {}
                    : { allowedPrincipals: { identities: [...entra.allowedPrincipalObjectIds] } }),
                },
              },
            },
          },
        }),
  };
}

/** Priority of the first allow rule; App Service evaluates rules from the lowest number. */
const FIRST_RULE_PRIORITY = 100;

/**
 * App Service access restrictions: when ranges are given, allow them (and Event Grid's service
 * tag, when events are delivered) and deny everything else. Without ranges, nothing is added.
 */
export function accessRestrictions(
  access: FunctionAccess,
  events: boolean,
): Pick<
  inputs.web.SiteConfigArgs,
  "ipSecurityRestrictions" | "ipSecurityRestrictionsDefaultAction"
> {
  const ranges = access.allowedIpRanges;
  if (ranges === undefined || ranges.length === 0) return {};
  for (const range of ranges) {
    const problem = ipRangeProblem(range);
    if (problem !== undefined) throw new Error(`access.allowedIpRanges: ${problem}`);
  }
  const rules: inputs.web.IpSecurityRestrictionArgs[] = ranges.map((range, index) => ({
    name: `allow-${index + 1}`,
    ipAddress: range.includes("/") ? range : `${range}/32`,
    action: "Allow",
    priority: FIRST_RULE_PRIORITY + index,
  }));
  if (events) {
    rules.push({
      name: "allow-event-grid",
      tag: "ServiceTag",
      ipAddress: "AzureEventGrid",
      action: "Allow",
      priority: FIRST_RULE_PRIORITY + ranges.length,
    });
  }
  return { ipSecurityRestrictions: rules, ipSecurityRestrictionsDefaultAction: "Deny" };
}

/** Where Event Grid leaves events it could not deliver: a container of the runtime storage. */
export const DEAD_LETTER_CONTAINER = "event-dead-letters";

/**
 * Event Grid's delivery policy: retry for a day (30 attempts at most), then dead-letter the event
 * into the runtime storage as the topic's own identity (the account takes no shared keys, and
 * its firewall lets Event Grid through as a trusted service only with a managed identity).
 */
export function eventDelivery(runtimeStorageAccountId: pulumi.Input<string>): {
  retryPolicy: { maxDeliveryAttempts: number; eventTimeToLiveInMinutes: number };
  deadLetterWithResourceIdentity: inputs.eventgrid.DeadLetterWithResourceIdentityArgs;
} {
  return {
    retryPolicy: { maxDeliveryAttempts: 30, eventTimeToLiveInMinutes: 1440 },
    deadLetterWithResourceIdentity: {
      identity: { type: "SystemAssigned" },
      deadLetterDestination: {
        endpointType: "StorageBlob",
        resourceId: runtimeStorageAccountId,
        blobContainerName: DEAD_LETTER_CONTAINER,
      },
    },
  };
}

/** The dead-letter alert: any event dead-lettered within five minutes tells the owners. */
export const DEAD_LETTER_ALERT = {
  metricName: "DeadLetteredCount",
  metricNamespace: "Microsoft.EventGrid/systemTopics",
  threshold: 0,
} as const;
