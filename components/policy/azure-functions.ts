/**
 * The mesh controls on Azure's inference functions (Function Apps on Flex Consumption): who may
 * call them, where failed events go, tracing, alerts and log retention. The data-store controls
 * are in azure.ts, which lists these with its own.
 */
import * as eventgrid from "@pulumi/azure-native/eventgrid";
import * as monitor from "@pulumi/azure-native/monitor";
import * as operationalinsights from "@pulumi/azure-native/operationalinsights";
import * as web from "@pulumi/azure-native/web";
import type { Policy, PolicyResource, ReportViolation } from "@pulumi/policy";
import { LOG_RETENTION_DAYS } from "#contract";
import {
  ALERT_THRESHOLDS,
  DEAD_LETTER_ALERT,
  EVENT_GRID_WEBHOOK_PATH,
} from "../azure/planning/inference";
import { ofType, resourcePolicy, resourcesOf, stackPolicy, type Props } from "./building-blocks";

type WebAppProps = Props<web.WebAppArgs>;

function isFunctionApp(app: WebAppProps): boolean {
  return (app.kind ?? "").includes("functionapp");
}

function functionApps(all: readonly PolicyResource[]) {
  return resourcesOf(all, web.WebApp).filter(({ props }) => isFunctionApp(props));
}

/** Answers to an unauthenticated request that refuse it. */
const REFUSING = ["Return401", "Return403"];

/** What an app's authentication settings leave open, one message per problem. */
function authProblems(auth: Props<web.WebAppAuthSettingsV2Args>): string[] {
  const problems: string[] = [];
  if (auth.platform?.enabled !== true) problems.push("platform.enabled must be true");
  const validation = auth.globalValidation;
  if (validation?.requireAuthentication !== true) {
    problems.push("globalValidation.requireAuthentication must be true");
  }
  if (!REFUSING.includes(validation?.unauthenticatedClientAction ?? "")) {
    problems.push(
      `globalValidation.unauthenticatedClientAction must be Return401 or Return403, not ${validation?.unauthenticatedClientAction ?? "unset"}`,
    );
  }
  const excluded = (validation?.excludedPaths ?? []).filter((p) => p !== EVENT_GRID_WEBHOOK_PATH);
  if (excluded.length > 0) {
    problems.push(
      `only ${EVENT_GRID_WEBHOOK_PATH} may skip authentication, not ${excluded.join(", ")}`,
    );
  }
  if (auth.httpSettings?.requireHttps !== true)
    problems.push("httpSettings.requireHttps must be true");
  return problems;
}

const AUTHENTICATION = stackPolicy(
  "azure",
  "MP-NET-002",
  "every function app (azure-native:web:WebApp whose kind contains functionapp) has App Service " +
    "authentication (azure-native:web:WebAppAuthSettingsV2 with the app's name and resource " +
    "group): platform.enabled, globalValidation.requireAuthentication, an unauthenticated request " +
    `answered 401 or 403, nothing but ${EVENT_GRID_WEBHOOK_PATH} (Event Grid's key-protected ` +
    "delivery path) excluded, HTTPS required.",
  (args, report) => {
    const settings = resourcesOf(args.resources, web.WebAppAuthSettingsV2).map(
      ({ props }) => props,
    );
    for (const { resource, props: app } of functionApps(args.resources)) {
      const auth = settings.find(
        (s) => s.name === app.name && s.resourceGroupName === app.resourceGroupName,
      );
      const where = `function app ${app.name ?? resource.name}`;
      if (auth === undefined) {
        report(`${where} has no App Service authentication: anyone may call it`, resource.urn);
        continue;
      }
      for (const problem of authProblems(auth)) report(`${where}: ${problem}`, resource.urn);
    }
  },
);

const DEAD_LETTERS = resourcePolicy(
  "azure",
  "MP-DLQ-001",
  "every Event Grid subscription of a system topic (azure-native:eventgrid:" +
    "SystemTopicEventSubscription) dead-letters the events it cannot deliver into a blob " +
    "container (deadLetterWithResourceIdentity, or deadLetterDestination, with endpointType " +
    "StorageBlob and a blobContainerName).",
  ofType(eventgrid.SystemTopicEventSubscription, (subscription, _args, report) => {
    const destination =
      subscription.deadLetterWithResourceIdentity?.deadLetterDestination ??
      subscription.deadLetterDestination;
    if (
      destination?.endpointType !== "StorageBlob" ||
      (destination.blobContainerName ?? "") === ""
    ) {
      report("undeliverable events are dropped: set a dead-letter blob container");
    }
  }),
);

const TRACING = resourcePolicy(
  "azure",
  "MP-TRC-001",
  "every function app sends its requests, dependencies and traces to Application Insights (the " +
    "app setting APPLICATIONINSIGHTS_CONNECTION_STRING).",
  ofType(web.WebApp, (app, _args, report) => {
    if (!isFunctionApp(app)) return;
    const settings = app.siteConfig?.appSettings ?? [];
    if (!settings.some((s) => s.name === "APPLICATIONINSIGHTS_CONNECTION_STRING")) {
      report("the function app sends no traces: set APPLICATIONINSIGHTS_CONNECTION_STRING");
    }
  }),
);

type LogAlertProps = Props<monitor.ScheduledQueryRuleArgs>;

/** The threshold a log alert sets on a measure column, or undefined. */
function logAlertThreshold(rule: LogAlertProps, column: string): number | undefined {
  return (rule.criteria?.allOf ?? []).find((c) => c.metricMeasureColumn === column)?.threshold;
}

/** Whether a metric alert fires on any dead-lettered event. */
function alertsOnDeadLetters(alert: Props<monitor.MetricAlertArgs>): boolean {
  const criteria = (alert.criteria as { allOf?: Record<string, unknown>[] }).allOf ?? [];
  return criteria.some(
    (c) =>
      c.metricName === DEAD_LETTER_ALERT.metricName &&
      c.operator === "GreaterThan" &&
      c.threshold === DEAD_LETTER_ALERT.threshold,
  );
}

/** The platform's alerts a stack with function apps must have, by measure column. */
const REQUIRED_ALERTS: readonly { column: string; limit: number; what: string }[] = [
  { column: "p99DurationMs", limit: ALERT_THRESHOLDS.p99LatencyMs, what: "p99 latency (ms)" },
  {
    column: "failureRatePercent",
    limit: ALERT_THRESHOLDS.errorRatePercent,
    what: "failure rate (%)",
  },
];

function checkRequestAlerts(rules: LogAlertProps[], report: ReportViolation): void {
  for (const { column, limit, what } of REQUIRED_ALERTS) {
    const thresholds = rules
      .map((rule) => logAlertThreshold(rule, column))
      .filter((t): t is number => t !== undefined);
    if (thresholds.length === 0) report(`no alert on the functions' ${what}`);
    for (const threshold of thresholds.filter((t) => t > limit)) {
      report(`the ${what} alert fires above ${threshold}, later than the platform's ${limit}`);
    }
  }
}

const ALERTS = stackPolicy(
  "azure",
  "MP-MON-001",
  "a stack with function apps has log alerts (azure-native:monitor:ScheduledQueryRule) on p99 " +
    `latency at most ${ALERT_THRESHOLDS.p99LatencyMs} ms and failure rate at most ` +
    `${ALERT_THRESHOLDS.errorRatePercent} %; with Event Grid subscriptions, a metric alert ` +
    `(azure-native:monitor:MetricAlert) on ${DEAD_LETTER_ALERT.metricName} above 0; every alert ` +
    "notifies an action group.",
  (args, report) => {
    const rules = resourcesOf(args.resources, monitor.ScheduledQueryRule);
    const metricAlerts = resourcesOf(args.resources, monitor.MetricAlert);
    for (const { resource, props } of rules) {
      if ((props.actions?.actionGroups ?? []).length === 0) {
        report(`log alert ${props.ruleName ?? resource.name} notifies nobody`, resource.urn);
      }
    }
    for (const { resource, props } of metricAlerts) {
      if ((props.actions ?? []).length === 0) {
        report(`metric alert ${props.ruleName ?? resource.name} notifies nobody`, resource.urn);
      }
    }
    if (functionApps(args.resources).length > 0) {
      checkRequestAlerts(
        rules.map((r) => r.props),
        report,
      );
    }
    const subscriptions = resourcesOf(args.resources, eventgrid.SystemTopicEventSubscription);
    if (subscriptions.length > 0 && !metricAlerts.some(({ props }) => alertsOnDeadLetters(props))) {
      report("events are delivered but no alert fires when one is dead-lettered");
    }
  },
);

const LOG_RETENTION = resourcePolicy(
  "azure",
  "MP-LOG-002",
  `Log Analytics workspaces (azure-native:operationalinsights:Workspace) keep logs at least ${LOG_RETENTION_DAYS} ` +
    "days (retentionInDays). Their encryption stays Microsoft-managed: a customer-managed key " +
    "needs a dedicated cluster of at least 100 GB a day, a platform limit.",
  ofType(operationalinsights.Workspace, (workspace, _args, report) => {
    const days = workspace.retentionInDays ?? 30;
    if (days < LOG_RETENTION_DAYS) {
      report(`the workspace keeps logs ${days} days, less than ${LOG_RETENTION_DAYS}`);
    }
  }),
);

export const azureFunctionPolicies: Policy[] = [
  AUTHENTICATION,
  DEAD_LETTERS,
  TRACING,
  ALERTS,
  LOG_RETENTION,
];
