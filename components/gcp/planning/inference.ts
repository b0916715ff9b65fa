/**
 * Cloud Run sizing, scaling and alert thresholds for the inference function. Pure.
 *
 * Cloud Run's rules (https://cloud.google.com/run/docs/configuring/services/memory-limits and
 * /cpu): CPU is 1, 2, 4, 6 or 8 whole vCPUs (fractions need concurrency 1), 1 vCPU takes up to
 * 4 GiB, 2 vCPU up to 8 GiB, 4 vCPU up to 16 GiB and needs at least 2 GiB. The contract allows
 * 128-10240 MB, so: up to 4096 MB → 1 vCPU, up to 8192 MB → 2 vCPU, above → 4 vCPU.
 */
import { INFERENCE_ALERT_THRESHOLDS, type InferenceSpec } from "#contract";
import { concurrencyLimits } from "../../inference";

/** Max instances when the spec sets no reservedConcurrency: an explicit cap (MP-FN-001). */
const DEFAULT_MAX_INSTANCES = 10;

/**
 * Requests one instance serves at once. The contract's reservedConcurrency is an upper bound of
 * concurrent executions, so with one request per instance, max instances = reservedConcurrency
 * means exactly that (the same meaning as AWS reserved concurrency). Raise it through the
 * InferenceFunction `requestConcurrency` arg for I/O-bound models.
 */
export const DEFAULT_REQUEST_CONCURRENCY = 1;
/** Cloud Run's ceiling for maxInstanceRequestConcurrency. */
const MAX_REQUEST_CONCURRENCY = 1000;

/** The platform's alert thresholds (contract/inference.ts); Cloud Monitoring takes a 5xx ratio. */
export const LATENCY_P99_THRESHOLD_MS = INFERENCE_ALERT_THRESHOLDS.p99LatencyMs;
export const ERROR_RATIO_THRESHOLD = INFERENCE_ALERT_THRESHOLDS.errorRatePercent / 100;
/** Alignment window and how long a breach must last before the alert fires. */
export const ALERT_WINDOW_SECONDS = 300;

export interface CloudRunResources {
  cpu: "1" | "2" | "4";
  memory: string;
}

export function cloudRunResources(memoryMb: number): CloudRunResources {
  if (!Number.isInteger(memoryMb) || memoryMb < 128 || memoryMb > 32_768) {
    throw new Error(`memoryMb must be a whole number between 128 and 32768, got ${memoryMb}`);
  }
  const cpu = memoryMb <= 4096 ? "1" : memoryMb <= 8192 ? "2" : "4";
  return { cpu, memory: `${memoryMb}Mi` };
}

export interface CloudRunScaling {
  minInstanceCount: number;
  maxInstanceCount: number;
}

/** Min and max instances (components/inference.ts `concurrencyLimits`). */
export function cloudRunScaling(
  inference: Pick<InferenceSpec, "provisionedConcurrency" | "reservedConcurrency">,
): CloudRunScaling {
  const { cap, warm } = concurrencyLimits(inference, DEFAULT_MAX_INSTANCES);
  return { minInstanceCount: warm, maxInstanceCount: cap };
}

export function checkRequestConcurrency(value: number): void {
  if (!Number.isInteger(value) || value < 1 || value > MAX_REQUEST_CONCURRENCY) {
    throw new Error(
      `requestConcurrency must be a whole number from 1 to ${MAX_REQUEST_CONCURRENCY}, got ${value}`,
    );
  }
}

/** The Cloud Logging / Monitoring resource filter of one Cloud Run service. */
export function serviceResourceFilter(serviceName: string): string {
  return `resource.type = "cloud_run_revision" AND resource.labels.service_name = "${serviceName}"`;
}

/** Cloud Monitoring filter for one Cloud Run service's metric. */
export function runMetricFilter(serviceName: string, metric: string, extra = ""): string {
  const base = `${serviceResourceFilter(serviceName)} AND metric.type = "run.googleapis.com/${metric}"`;
  return extra === "" ? base : `${base} AND ${extra}`;
}

/** Dead-lettered messages of one Pub/Sub subscription (a DELTA count). */
export function deadLetterMetricFilter(subscriptionId: string): string {
  return `resource.type = "pubsub_subscription" AND resource.labels.subscription_id = "${subscriptionId}" AND metric.type = "pubsub.googleapis.com/subscription/dead_letter_message_count"`;
}

/** Where a sink delivers into a Cloud Logging bucket of the same project. */
export function logBucketDestination(project: string, location: string, bucketId: string): string {
  return `logging.googleapis.com/projects/${project}/locations/${location}/buckets/${bucketId}`;
}

/**
 * How Pub/Sub pushes object-created events to the service and what happens to those it cannot
 * deliver (https://cloud.google.com/pubsub/docs/handling-failures): retried with backoff from 10
 * seconds to 10 minutes, and after 5 attempts forwarded to the dead-letter topic. The service
 * must answer within the ack deadline (Pub/Sub allows 10 to 600 seconds): its own timeout, capped.
 * A push subscription keeps undelivered messages a day; the dead-letter subscription a week.
 */
export const EVENT_DELIVERY = {
  maxDeliveryAttempts: 5,
  minimumBackoff: "10s",
  maximumBackoff: "600s",
  messageRetention: "86400s",
  deadLetterRetention: "604800s",
} as const;

export function ackDeadlineSeconds(timeoutSeconds: number): number {
  return Math.min(600, Math.max(10, timeoutSeconds));
}

/** The Pub/Sub service agent of a project (it forwards dead letters and signs push tokens). */
export function pubsubServiceAgent(projectNumber: string): string {
  return `service-${projectNumber}@gcp-sa-pubsub.iam.gserviceaccount.com`;
}
