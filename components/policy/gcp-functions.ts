/**
 * The mesh controls on GCP's inference services (Cloud Run): who may call them, where failed
 * events go, alerts and log retention. The data-store controls are in gcp.ts, which lists these
 * with its own. Filters and names that another resource computes may be unknown in a preview;
 * a check that needs one skips it rather than report it.
 */
import * as gcp from "@pulumi/gcp";
import type { Policy, PolicyResource, ReportViolation } from "@pulumi/policy";
import { LOG_RETENTION_DAYS } from "#contract";
import { ROLES, isPublicMember } from "../gcp/planning/iam";
import {
  ERROR_RATIO_THRESHOLD,
  EVENT_DELIVERY,
  LATENCY_P99_THRESHOLD_MS,
} from "../gcp/planning/inference";
import { ofType, resourcePolicy, resourcesOf, stackPolicy, type Props } from "./building-blocks";

const INVOKER_CHECKS = [
  ofType(gcp.cloudrunv2.Service, (service, _args, report) => {
    if (service.invokerIamDisabled === true) {
      report("invokerIamDisabled lets anyone who reaches the URL call the service; keep IAM on");
    }
  }),
  ofType(gcp.cloudrunv2.ServiceIamMember, (grant, _args, report) => {
    if (grant.role === ROLES.runInvoker && isPublicMember(grant.member)) {
      report(`${grant.member} may invoke the service: the endpoint would be public`);
    }
  }),
  ofType(gcp.cloudrunv2.ServiceIamBinding, (grant, _args, report) => {
    for (const member of grant.members.filter(isPublicMember)) {
      if (grant.role === ROLES.runInvoker) {
        report(`${member} may invoke the service: the endpoint would be public`);
      }
    }
  }),
];

const AUTHENTICATION = resourcePolicy(
  "gcp",
  "MP-NET-002",
  "Cloud Run services (gcp:cloudrunv2/service:Service) keep the invoker check on " +
    "(invokerIamDisabled not true), and roles/run.invoker is never granted to allUsers or " +
    "allAuthenticatedUsers: every call carries the identity of a caller allowed to make it.",
  INVOKER_CHECKS,
);

/** Eventarc's Cloud Storage event types: their subscription cannot carry a dead-letter policy. */
const STORAGE_EVENT = /^google\.cloud\.storage\./;

const DEAD_LETTERS = resourcePolicy(
  "gcp",
  "MP-DLQ-001",
  "every push subscription (gcp:pubsub/subscription:Subscription with pushConfig) forwards what " +
    "it cannot deliver to a dead-letter topic (deadLetterPolicy.deadLetterTopic, " +
    "maxDeliveryAttempts 5 to 100); no Eventarc trigger (gcp:eventarc/trigger:Trigger) on Cloud " +
    "Storage events, whose Pub/Sub subscription Eventarc creates without one.",
  [
    ofType(gcp.pubsub.Subscription, (subscription, _args, report) => {
      if (subscription.pushConfig === undefined) return;
      const policy = subscription.deadLetterPolicy;
      const attempts = policy?.maxDeliveryAttempts ?? EVENT_DELIVERY.maxDeliveryAttempts;
      if (policy?.deadLetterTopic === undefined) {
        report("undeliverable pushes are dropped: set deadLetterPolicy.deadLetterTopic");
      } else if (attempts < 5 || attempts > 100) {
        report(`maxDeliveryAttempts must be 5 to 100, not ${attempts}`);
      }
    }),
    ofType(gcp.eventarc.Trigger, (trigger, _args, report) => {
      const type = trigger.matchingCriterias.find((c) => c.attribute === "type")?.value;
      if (typeof type === "string" && STORAGE_EVENT.test(type)) {
        report(
          `an Eventarc trigger on ${type} cannot dead-letter; use a storage notification, a topic and a push subscription`,
        );
      }
    }),
  ],
);

type AlertProps = Props<gcp.monitoring.AlertPolicyArgs>;
type Threshold = NonNullable<AlertProps["conditions"][number]["conditionThreshold"]>;

/** Every threshold condition of a stack's alert policies. */
function thresholds(alerts: readonly AlertProps[]): Threshold[] {
  return alerts.flatMap((alert) =>
    alert.conditions.flatMap((c) =>
      c.conditionThreshold === undefined ? [] : [c.conditionThreshold],
    ),
  );
}

/** A threshold whose filter mentions `fragment`; unknown filters never match. */
function onMetric(conditions: readonly Threshold[], fragment: string): Threshold[] {
  return conditions.filter((c) => {
    const filter: unknown = c.filter;
    return typeof filter === "string" && filter.includes(fragment);
  });
}

/** The platform's request alerts: the metric, what it names, its threshold at most. */
const REQUIRED_ALERTS: readonly { fragment: string; what: string; limit: number }[] = [
  {
    fragment: "run.googleapis.com/request_latencies",
    what: "p99 latency (ms)",
    limit: LATENCY_P99_THRESHOLD_MS,
  },
  { fragment: 'response_code_class = "5xx"', what: "5xx ratio", limit: ERROR_RATIO_THRESHOLD },
];

function checkRequestAlerts(conditions: readonly Threshold[], report: ReportViolation): void {
  for (const { fragment, what, limit } of REQUIRED_ALERTS) {
    const found = onMetric(conditions, fragment);
    if (found.length === 0) report(`no alert on the services' ${what}`);
    for (const c of found.filter((t) => (t.thresholdValue ?? Infinity) > limit)) {
      report(
        `the ${what} alert fires above ${c.thresholdValue ?? "?"}, later than the platform's ${limit}`,
      );
    }
  }
}

function hasDeadLetters(all: readonly PolicyResource[]): boolean {
  return resourcesOf(all, gcp.pubsub.Subscription).some(
    ({ props }) => props.pushConfig !== undefined && props.deadLetterPolicy !== undefined,
  );
}

const ALERTS = stackPolicy(
  "gcp",
  "MP-MON-001",
  "a stack with Cloud Run services has alert policies (gcp:monitoring/alertPolicy:AlertPolicy) on " +
    `p99 request latency at most ${LATENCY_P99_THRESHOLD_MS} ms and 5xx ratio at most ` +
    `${ERROR_RATIO_THRESHOLD}; with dead-lettering push subscriptions, one on ` +
    "subscription/dead_letter_message_count above 0; every alert policy names notification " +
    "channels.",
  (args, report) => {
    const alerts = resourcesOf(args.resources, gcp.monitoring.AlertPolicy);
    for (const { resource, props } of alerts) {
      if ((props.notificationChannels ?? []).length === 0) {
        report(`alert policy ${props.displayName} notifies nobody`, resource.urn);
      }
    }
    const conditions = thresholds(alerts.map(({ props }) => props));
    if (resourcesOf(args.resources, gcp.cloudrunv2.Service).length > 0) {
      checkRequestAlerts(conditions, report);
    }
    const deadLetterAlerts = onMetric(conditions, "subscription/dead_letter_message_count").filter(
      (c) => c.comparison === "COMPARISON_GT" && (c.thresholdValue ?? 0) === 0,
    );
    if (hasDeadLetters(args.resources) && deadLetterAlerts.length === 0) {
      report("events are dead-lettered but no alert fires when one is");
    }
  },
);

/** Whether a sink routes a Cloud Run service's logs into the log bucket `bucketId`. */
function routes(sink: Props<gcp.logging.ProjectSinkArgs>, bucketId: string): boolean {
  const destination: unknown = sink.destination;
  const filter: unknown = sink.filter;
  const knownDestination =
    typeof destination !== "string" || destination.endsWith(`/buckets/${bucketId}`);
  const knownFilter =
    typeof filter !== "string" || filter.includes('resource.type = "cloud_run_revision"');
  return knownDestination && knownFilter;
}

const LOG_RETENTION = stackPolicy(
  "gcp",
  "MP-LOG-002",
  "a stack with Cloud Run services keeps their logs at least " +
    `${LOG_RETENTION_DAYS} days: a Cloud Logging bucket (gcp:logging/projectBucketConfig:` +
    `ProjectBucketConfig) with retentionDays >= ${LOG_RETENTION_DAYS} and a sink (gcp:logging/` +
    "projectSink:ProjectSink) routing cloud_run_revision logs into it. Cloud Logging CMEK is a " +
    "project or organization setting, a platform limit.",
  (args, report) => {
    if (resourcesOf(args.resources, gcp.cloudrunv2.Service).length === 0) return;
    const buckets = resourcesOf(args.resources, gcp.logging.ProjectBucketConfig).map(
      ({ props }) => props,
    );
    for (const bucket of buckets) {
      if ((bucket.retentionDays ?? 30) < LOG_RETENTION_DAYS) {
        report(
          `log bucket ${bucket.bucketId} keeps logs ${bucket.retentionDays ?? 30} days, less than ${LOG_RETENTION_DAYS}`,
        );
      }
    }
    const sinks = resourcesOf(args.resources, gcp.logging.ProjectSink).map(({ props }) => props);
    const kept = buckets.some(
      (bucket) =>
        (bucket.retentionDays ?? 0) >= LOG_RETENTION_DAYS &&
        sinks.some((sink) => routes(sink, bucket.bucketId)),
    );
    if (!kept) {
      report(
        `the services' logs are kept in no bucket for ${LOG_RETENTION_DAYS} days (no log bucket and sink)`,
      );
    }
  },
);

export const gcpFunctionPolicies: Policy[] = [AUTHENTICATION, DEAD_LETTERS, ALERTS, LOG_RETENTION];
