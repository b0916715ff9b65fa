/** The optional serverless inference function that serves predictions over a product's data. */
import { z } from "zod";
import { DEFAULT_ARCHIVE_AFTER_DAYS, DEFAULT_COOL_AFTER_DAYS, type LifecycleDays } from "./tiers";
import { INFERENCE_RUNTIMES, INFERENCE_TRIGGERS } from "./vocabulary";

export {
  AZURE_FLEX_MEMORY_MB,
  INFERENCE_RUNTIMES,
  INFERENCE_TRIGGERS,
  type InferenceRuntime,
  type InferenceTrigger,
} from "./vocabulary";

export const MAX_TIMEOUT_SECONDS = 900;

/**
 * AWS keeps at least 100 of an account's concurrent executions unreserved, and the default Lambda
 * concurrency quota is 1000 (docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html),
 * so one function can reserve at most 900. The contract cannot see an account's quota or the
 * other functions' reservations: AWS itself refuses a reservation that would leave fewer than 100.
 */
export const AWS_UNRESERVED_CONCURRENCY_MINIMUM = 100;
export const AWS_DEFAULT_CONCURRENCY_QUOTA = 1000;
export const AWS_MAX_RESERVED_CONCURRENCY =
  AWS_DEFAULT_CONCURRENCY_QUOTA - AWS_UNRESERVED_CONCURRENCY_MINIMUM;
export const AWS_RESERVED_CONCURRENCY_RULE = `AWS keeps at least ${AWS_UNRESERVED_CONCURRENCY_MINIMUM} of an account's concurrent executions unreserved; with the default quota of ${AWS_DEFAULT_CONCURRENCY_QUOTA} a function can reserve at most ${AWS_MAX_RESERVED_CONCURRENCY}`;

/**
 * Days the platform keeps the logs it writes, on every cloud and tier: an inference function's
 * logs (MP-LOG-002) and the data-access logs of a product's stores (MP-LOG-001).
 */
export const LOG_RETENTION_DAYS = 365;

/**
 * How the data-access logs in a product's log bucket age (AWS, GCP): they cool and go colder like
 * data, at the tiers' promised days, and expire after LOG_RETENTION_DAYS, whatever the product
 * keeps. They live below ACCESS_LOG_PREFIX, the one folder their lifecycle rules act on.
 */
export const LOG_LIFECYCLE: LifecycleDays = {
  coolAfterDays: DEFAULT_COOL_AFTER_DAYS,
  archiveAfterDays: DEFAULT_ARCHIVE_AFTER_DAYS,
  expireAfterDays: LOG_RETENTION_DAYS,
};
export const ACCESS_LOG_PREFIX = "access/";

/**
 * When an inference function's owners are alerted, on every cloud (MP-MON-001): p99 latency above
 * 500 ms, or more than 1 % of requests failing, each over five minutes; and any event that ended in
 * the dead-letter destination.
 */
export const INFERENCE_ALERT_THRESHOLDS = { p99LatencyMs: 500, errorRatePercent: 1 } as const;

export const InferenceSpec = z
  .strictObject({
    runtime: z
      .enum(INFERENCE_RUNTIMES)
      .optional()
      .describe("Language runtime for a code package; use with handler and artifact."),
    handler: z
      .string()
      .regex(/^[A-Za-z0-9_.:/-]{1,128}$/, "a handler looks like module.function, e.g. app.predict")
      .optional()
      .describe("Entry point inside the code package, e.g. app.predict."),
    artifact: z
      .string()
      // eslint-disable-next-line no-control-regex -- NUL excluded on purpose: PostgreSQL stores none
      .regex(/^(s3|https):\/\/[^\s\u0000]+$/, "the code artifact must be an s3:// or https:// URL")
      .optional()
      .describe(
        "Where the code package (zip) lives: s3:// on AWS; on Azure a read SAS URL of the blob (the platform fetches it with the URL alone).",
      ),
    image: z
      .string()
      .regex(
        /^[a-z0-9.-]+(:\d+)?\/[a-z0-9._/-]+(:[\w.-]+|@sha256:[a-f0-9]{64})$/,
        "a container image is registry/repository:tag or registry/repository@sha256:digest",
      )
      .optional()
      .describe("Container image instead of a code package (required on GCP Cloud Run)."),
    memoryMb: z
      .int("memoryMb must be a whole number of megabytes")
      .min(128, "memoryMb must be at least 128")
      .max(10240, "memoryMb must be at most 10240"),
    timeoutSeconds: z
      .int()
      .min(1)
      .max(MAX_TIMEOUT_SECONDS, `timeoutSeconds must be at most ${MAX_TIMEOUT_SECONDS}`),
    reservedConcurrency: z
      .int()
      .min(1)
      .max(1000)
      .optional()
      .describe("Upper bound of concurrent executions (AWS reserved concurrency, max instances)."),
    provisionedConcurrency: z
      .int()
      .min(0)
      .max(1000)
      .default(0)
      .describe("Instances kept warm (AWS provisioned concurrency, always-ready, min instances)."),
    triggers: z
      .array(z.enum(INFERENCE_TRIGGERS))
      .min(1, "choose at least one trigger: http, object-created or both")
      .refine(
        (triggers) => new Set(triggers).size === triggers.length,
        "a trigger is listed twice",
      ),
  })
  .superRefine((inference, ctx) => {
    checkSource(inference, ctx);
    if (
      inference.reservedConcurrency !== undefined &&
      inference.provisionedConcurrency > inference.reservedConcurrency
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["provisionedConcurrency"],
        message: `provisioned concurrency (${inference.provisionedConcurrency}) cannot exceed reserved concurrency (${inference.reservedConcurrency})`,
      });
    }
  })
  .describe("Optional serverless inference function with read access to the product's data.");
export type InferenceSpec = z.infer<typeof InferenceSpec>;

type InferenceInput = Pick<InferenceSpec, "runtime" | "handler" | "artifact" | "image">;

function checkSource(inference: InferenceInput, ctx: z.RefinementCtx): void {
  const codeFields = (["runtime", "handler", "artifact"] as const).filter(
    (field) => inference[field] !== undefined,
  );
  if (inference.image !== undefined) {
    if (codeFields.length > 0) {
      ctx.addIssue({
        code: "custom",
        path: ["image"],
        message: `give either a container image or a code package (runtime, handler, artifact), not both; remove ${codeFields.join(", ")} or image`,
      });
    }
    return;
  }
  if (codeFields.length === 0) {
    ctx.addIssue({
      code: "custom",
      path: [],
      message: "give a container image, or a code package with runtime, handler and artifact",
    });
    return;
  }
  for (const field of ["runtime", "handler", "artifact"] as const) {
    if (inference[field] === undefined) {
      ctx.addIssue({
        code: "custom",
        path: [field],
        message: `${field} is required for a code package (runtime, handler and artifact go together)`,
      });
    }
  }
}

export function isCodePackage(inference: InferenceSpec): boolean {
  return inference.image === undefined;
}

/** A Lambda code package in S3: bucket (S3's bucket-name rules) and object key. */
const S3_OBJECT_URL = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/(.+)$/;

/** `s3://bucket/key` → bucket and key, or undefined when the URL names no object of a bucket. */
export function parseS3ObjectUrl(url: string): { bucket: string; key: string } | undefined {
  const match = S3_OBJECT_URL.exec(url);
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  return { bucket: match[1], key: match[2] };
}

/** An Azure code package: a blob of a storage account, a container and a `.zip` name. */
const AZURE_BLOB_URL =
  /^https:\/\/([a-z0-9]{3,24})\.blob\.core\.windows\.net\/([a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])?)\/(.+\.zip)$/;

/** A read SAS URL of an Azure code package, taken apart. */
export interface AzureArtifactUrl {
  account: string;
  container: string;
  blob: string;
  /** The SAS's `se`: after this instant the URL no longer reads the blob. */
  expiresAt: Date;
}

/**
 * Azure Flex Consumption deploys a package with "one deploy", which fetches `packageUri` with the
 * URL alone: no managed identity is offered for it. So the artifact must be a URL the platform can
 * read as it is: a shared access signature (SAS) on the blob, read permission, HTTPS only.
 */
export const AZURE_ARTIFACT_FORM =
  "a read SAS URL of a .zip blob: https://<account>.blob.core.windows.net/<container>/<name>.zip?sv=…&sp=r&se=<expiry>&spr=https&sig=… (Flex Consumption's one deploy fetches the package with the URL alone, no identity)";

/** The artifact's account, container, blob and SAS expiry, or why it is not a read SAS URL. */
export function parseAzureArtifactUrl(url: string): AzureArtifactUrl | string {
  const [base = "", query = ""] = url.split("?", 2);
  const match = AZURE_BLOB_URL.exec(base);
  if (match?.[1] === undefined || match[2] === undefined || match[3] === undefined) {
    return `on Azure the code artifact is ${AZURE_ARTIFACT_FORM}`;
  }
  const sas = new URLSearchParams(query);
  const missing = ["sv", "sp", "se", "sig"].filter((key) => (sas.get(key) ?? "") === "");
  if (missing.length > 0) {
    return `the artifact URL carries no shared access signature (missing ${missing.join(", ")}); it must be ${AZURE_ARTIFACT_FORM}`;
  }
  if (!(sas.get("sp") ?? "").includes("r")) {
    return `the artifact's SAS must grant read (sp must include r, not ${sas.get("sp") ?? ""})`;
  }
  const protocol = sas.get("spr");
  if (protocol !== null && protocol !== "https") {
    return `the artifact's SAS must allow HTTPS only (spr=https, not ${protocol})`;
  }
  const expiresAt = new Date(sas.get("se") ?? "");
  if (Number.isNaN(expiresAt.getTime())) {
    return `the artifact's SAS expiry (se) is not a date and time: ${sas.get("se") ?? ""}`;
  }
  return { account: match[1], container: match[2], blob: match[3], expiresAt };
}

/** A private Amazon ECR image; group 1 is the registry's region. FIPS endpoints do not match. */
const ECR_IMAGE = /^\d{12}\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?\/.+$/;

/**
 * Why Lambda in `region` cannot run `image`, or undefined when it can: Lambda runs container
 * images only from Amazon ECR, from a repository in the function's own region (any account), and
 * not through ECR's FIPS endpoints (docs.aws.amazon.com/lambda/latest/dg/images-create.html).
 */
export function lambdaImageProblem(image: string, region: string): string | undefined {
  const registryRegion = ECR_IMAGE.exec(image)?.[1];
  if (registryRegion === undefined) {
    return `Lambda runs container images from Amazon ECR only (<account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag>), not ${image}`;
  }
  if (registryRegion !== region) {
    return `Lambda runs container images from an ECR repository in its own region ${region}, not ${registryRegion}; push the image to <account>.dkr.ecr.${region}.amazonaws.com`;
  }
  return undefined;
}
