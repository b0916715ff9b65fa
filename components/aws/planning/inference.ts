/**
 * Lambda runtime, concurrency, logging and alarm planning for the inference function. Pure.
 */
import {
  INFERENCE_ALERT_THRESHOLDS,
  lambdaImageProblem,
  parseS3ObjectUrl,
  type InferenceRuntime,
  type InferenceSpec,
} from "#contract";
import { concurrencyLimits } from "../../inference";

/** Lambda identifiers of the contract's portable runtime names. */
export const LAMBDA_RUNTIMES: Readonly<Record<InferenceRuntime, string>> = {
  "python3.12": "python3.12",
  "python3.13": "python3.13",
  nodejs22: "nodejs22.x",
  java21: "java21",
};

/** Reserved concurrency when the spec sets none: an explicit cap (MP-FN-001). */
export const DEFAULT_RESERVED_CONCURRENCY = 10;

export const LATENCY_P99_THRESHOLD_MS = INFERENCE_ALERT_THRESHOLDS.p99LatencyMs;
/** Percent of invocations that fail before the error alarm fires. */
export const ERROR_RATE_THRESHOLD_PERCENT = INFERENCE_ALERT_THRESHOLDS.errorRatePercent;
/** Alarm period; one breaching period fires the alarm. */
export const ALARM_PERIOD_SECONDS = 300;

/** The alias that carries provisioned concurrency, the Function URL and the S3 trigger. */
export const LIVE_ALIAS = "live";

/**
 * Asynchronous invocations (S3 events): Lambda retries a failed event twice and keeps trying for
 * up to 6 hours (both the maximums), then sends it to the failure queue, which keeps it 14 days
 * (SQS's maximum) for someone to inspect and replay.
 */
export const ASYNC_MAX_RETRY_ATTEMPTS = 2;
export const ASYNC_MAX_EVENT_AGE_SECONDS = 21_600;
export const FAILURE_QUEUE_RETENTION_SECONDS = 1_209_600;

export interface LambdaConcurrency {
  reserved: number;
  /** 0 means no provisioned concurrency config is created. */
  provisioned: number;
}

/** Reserved and provisioned concurrency (components/inference.ts `concurrencyLimits`). */
export function lambdaConcurrency(
  inference: Pick<InferenceSpec, "reservedConcurrency" | "provisionedConcurrency">,
): LambdaConcurrency {
  const { cap, warm } = concurrencyLimits(inference, DEFAULT_RESERVED_CONCURRENCY);
  return { reserved: cap, provisioned: warm };
}

/** `s3://bucket/key` → bucket and key of a Lambda code package (parseS3ObjectUrl, contract). */
export function s3Location(url: string): { bucket: string; key: string } {
  const location = parseS3ObjectUrl(url);
  if (location === undefined) {
    throw new Error(`the code artifact must be s3://<bucket>/<key>, got "${url}"`);
  }
  return location;
}

/**
 * Lambda runs container images from Amazon ECR in its own region only (lambdaImageProblem,
 * contract). The contract refuses other images in AWS specs; checked again here so the planner
 * stands on its own.
 */
export function checkLambdaImage(image: string, region: string): void {
  const problem = lambdaImageProblem(image, region);
  if (problem !== undefined) throw new Error(problem);
}

export interface ErrorRateQuery {
  id: string;
  expression?: string;
  label?: string;
  returnData: boolean;
  metric?: {
    namespace: "AWS/Lambda";
    metricName: "Errors" | "Invocations";
    dimensions: Record<string, string>;
    period: number;
    stat: "Sum";
  };
}

/** Metric math for the error rate in percent of one function's invocations. */
export function errorRateQueries(functionName: string): ErrorRateQuery[] {
  const metric = (metricName: "Errors" | "Invocations") => ({
    namespace: "AWS/Lambda" as const,
    metricName,
    dimensions: { FunctionName: functionName },
    period: ALARM_PERIOD_SECONDS,
    stat: "Sum" as const,
  });
  return [
    { id: "errors", returnData: false, metric: metric("Errors") },
    { id: "invocations", returnData: false, metric: metric("Invocations") },
    {
      id: "error_rate",
      expression: "IF(invocations > 0, 100 * errors / invocations, 0)",
      label: "Error rate (%)",
      returnData: true,
    },
  ];
}
