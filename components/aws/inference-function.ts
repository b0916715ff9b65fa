/**
 * InferenceFunction (`meshplane:aws:InferenceFunction`): the product's Lambda inference function.
 *
 * - its own IAM role: read-only on the product's table prefix, kms:Decrypt on the product key
 *   only (through S3), writes to its own log group and to X-Ray, and sends to its own failure
 *   queue; nothing else (planning/iam.ts);
 * - a telemetry KMS key of its own (rotating) that encrypts its log group, alarm topic and failure
 *   queue; its key policy lets CloudWatch Logs use it for this log group only and CloudWatch
 *   alarms publish to the topic (planning/iam.ts `telemetryKeyPolicy`);
 * - its own CloudWatch log group (`/aws/lambda/<name>`) kept LOG_RETENTION_DAYS (contract);
 * - the function from a zip in S3 (runtime/handler) or an ECR container image, memory, timeout
 *   and reserved concurrency from the spec (default DEFAULT_RESERVED_CONCURRENCY: always a cap;
 *   the contract caps it at what the default account quota can grant), X-Ray active tracing;
 * - a published version behind the `live` alias, which carries the provisioned concurrency,
 *   the Function URL (AWS_IAM auth, `http` trigger) and the S3 notification (`object-created`
 *   trigger, new data files of the table only) with the Lambda permission S3 needs;
 * - for S3 events (asynchronous): two retries within 6 hours, then the event goes to an SQS
 *   failure queue (kept 14 days) instead of being dropped;
 * - CloudWatch alarms: p99 Duration > 500 ms, error rate > 1 % (metric math over Errors and
 *   Invocations) and any event in the failure queue, all notifying an SNS topic the owners are
 *   subscribed to by email.
 *
 * Quotas: the component does not read the account's Lambda concurrency quota. Doing so would need
 * servicequotas:GetServiceQuota for every deployer and still miss the other functions'
 * reservations (only lambda:GetAccountSettings reports the unreserved pool, and Pulumi has no data
 * source for it). The contract refuses more than the default quota can grant; above an account's
 * real headroom AWS refuses the deployment itself ("decreases account's
 * UnreservedConcurrentExecution below its minimum value").
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { LOG_RETENTION_DAYS, type InferenceSpec } from "#contract";
import { checkContextCloud, requireArg } from "../checks";
import type { ProductContext } from "../context";
import { dataFilesPrefix } from "../iceberg-table";
import { requireInference } from "../inference";
import {
  inferencePolicy,
  policyJson,
  serviceTrustPolicy,
  telemetryKeyPolicy,
} from "./planning/iam";
import {
  ALARM_PERIOD_SECONDS,
  ASYNC_MAX_EVENT_AGE_SECONDS,
  ASYNC_MAX_RETRY_ATTEMPTS,
  ERROR_RATE_THRESHOLD_PERCENT,
  FAILURE_QUEUE_RETENTION_SECONDS,
  LAMBDA_RUNTIMES,
  LATENCY_P99_THRESHOLD_MS,
  LIVE_ALIAS,
  checkLambdaImage,
  errorRateQueries,
  lambdaConcurrency,
  s3Location,
} from "./planning/inference";
import { productKey } from "./secure-bucket";

export interface InferenceFunctionArgs {
  context: ProductContext;
  /** The warehouse bucket (IcebergStorage.bucketName / bucketArn). */
  bucket: pulumi.Input<string>;
  bucketArn: pulumi.Input<string>;
  /** Folder of the table in the bucket (IcebergStorage.tablePath). */
  tablePath: string;
  /** The product's KMS key ARN; undefined when the bucket uses SSE-S3. */
  kmsKeyArn: pulumi.Input<string> | undefined;
  /** Passed to the function as MESHPLANE_STORAGE_URI. */
  storageUri?: pulumi.Input<string>;
  /** IAM principal ARNs allowed to call the Function URL. Identity policies can grant more. */
  invokers?: readonly string[];
  /** Resources to wait for before wiring the bucket notification (the bucket's hardening). */
  bucketReady?: pulumi.Resource[];
}

/** The code of the function in `region`: a zip in S3 or a container image. */
function functionCode(
  inference: InferenceSpec,
  region: string,
): Pick<
  aws.lambda.FunctionArgs,
  "packageType" | "imageUri" | "runtime" | "handler" | "s3Bucket" | "s3Key"
> {
  if (inference.image !== undefined) {
    checkLambdaImage(inference.image, region);
    return { packageType: "Image", imageUri: inference.image };
  }
  const { runtime, handler, artifact } = inference;
  if (runtime === undefined || handler === undefined || artifact === undefined) {
    throw new Error("InferenceFunction: a code package needs runtime, handler and artifact");
  }
  const { bucket, key } = s3Location(artifact);
  return {
    packageType: "Zip",
    runtime: LAMBDA_RUNTIMES[runtime],
    handler,
    s3Bucket: bucket,
    s3Key: key,
  };
}

const IAM_PRINCIPAL_ARN = /^arn:aws[a-z-]*:(iam|sts)::\d{12}:[\w+=,.@/-]+$/;

/** Checks the args before anything registers, and plans what the function needs. */
function checkArgs(args: InferenceFunctionArgs) {
  checkContextCloud(args.context, "InferenceFunction", "aws");
  const inference = requireInference(args.context);
  requireArg(args.bucket, "InferenceFunction", "bucket");
  requireArg(args.bucketArn, "InferenceFunction", "bucketArn");
  requireArg(args.tablePath, "InferenceFunction", "tablePath");
  const code = functionCode(inference, args.context.spec.target.region);
  const concurrency = lambdaConcurrency(inference);
  const invokers = args.invokers ?? [];
  for (const invoker of invokers) {
    if (!IAM_PRINCIPAL_ARN.test(invoker)) {
      throw new Error(`InferenceFunction: invokers must be IAM principal ARNs, got "${invoker}"`);
    }
  }
  return { inference, code, concurrency, invokers };
}

/** What the code is told: where the table is. */
function functionEnvironment(args: InferenceFunctionArgs): Record<string, pulumi.Input<string>> {
  return {
    MESHPLANE_BUCKET: args.bucket,
    MESHPLANE_TABLE_PREFIX: args.tablePath,
    ...(args.storageUri === undefined ? {} : { MESHPLANE_STORAGE_URI: args.storageUri }),
  };
}

/** The log group Lambda writes a function's logs to by default (`/aws/lambda/<name>`). */
function logGroupName(functionName: string): string {
  return `/aws/lambda/${functionName}`;
}

export class InferenceFunction extends pulumi.ComponentResource {
  readonly function: aws.lambda.Function;
  readonly functionName: pulumi.Output<string>;
  readonly alias: aws.lambda.Alias;
  readonly role: aws.iam.Role;
  /** Encrypts the log group, the alarm topic and the failure queue. */
  readonly telemetryKey: aws.kms.Key;
  readonly logGroup: aws.cloudwatch.LogGroup;
  readonly topic: aws.sns.Topic;
  readonly alarms: aws.cloudwatch.MetricAlarm[];
  readonly functionUrl: aws.lambda.FunctionUrl | undefined;
  /** Where S3 events the function failed on end up; undefined without the object-created trigger. */
  readonly failureQueue: aws.sqs.Queue | undefined;
  /** HTTPS endpoint when the http trigger is on; undefined otherwise. */
  readonly url: pulumi.Output<string | undefined>;

  constructor(name: string, args: InferenceFunctionArgs, opts?: pulumi.ComponentResourceOptions) {
    const { inference, code, concurrency, invokers } = checkArgs(args);
    super("meshplane:aws:InferenceFunction", name, {}, opts);

    const { context } = args;
    const region = context.spec.target.region;
    const functionName = context.names.aws.lambdaFunction;
    const product = `${context.spec.domain}/${context.spec.name}`;
    const triggers = inference.triggers;

    this.telemetryKey = this.createTelemetryKey(name, context, product);
    this.logGroup = this.createLogGroup(name, context);
    this.failureQueue = triggers.includes("object-created")
      ? this.createFailureQueue(name, context)
      : undefined;
    const { role, grant } = this.executionRole(name, args, product);
    this.role = role;
    this.function = new aws.lambda.Function(
      `${name}-function`,
      {
        name: functionName,
        region,
        description: `Meshplane inference for ${product}`,
        role: this.role.arn,
        ...code,
        memorySize: inference.memoryMb,
        timeout: inference.timeoutSeconds,
        reservedConcurrentExecutions: concurrency.reserved,
        publish: true,
        environment: { variables: functionEnvironment(args) },
        loggingConfig: { logFormat: "JSON", logGroup: this.logGroup.name },
        tracingConfig: { mode: "Active" },
        tags: context.labels,
      },
      { parent: this, dependsOn: [grant, this.logGroup] },
    );
    this.functionName = this.function.name;
    this.alias = this.liveAlias(name, region, concurrency.provisioned);

    this.functionUrl = triggers.includes("http")
      ? this.httpEndpoint(name, region, invokers)
      : undefined;
    this.url =
      this.functionUrl === undefined ? pulumi.output(undefined) : this.functionUrl.functionUrl;
    if (this.failureQueue !== undefined) {
      this.objectCreated(name, args, region, this.failureQueue, grant);
    }

    this.topic = this.alarmTopic(name, context, product);
    this.alarms = this.createAlarms(name, functionName, region, product, context.labels);

    this.registerOutputs({
      functionName: this.functionName,
      aliasArn: this.alias.arn,
      url: this.url,
      roleArn: this.role.arn,
      topicArn: this.topic.arn,
      failureQueueArn: this.failureQueue?.arn,
    });
  }

  /**
   * The function's telemetry key. Its policy names the log group by ARN, so CloudWatch Logs can
   * encrypt that group alone with it.
   */
  private createTelemetryKey(name: string, context: ProductContext, product: string): aws.kms.Key {
    const region = context.spec.target.region;
    const accountId = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
    const logGroupArn = pulumi.interpolate`arn:aws:logs:${region}:${accountId}:log-group:${logGroupName(context.names.aws.lambdaFunction)}`;
    return productKey(
      `${name}-telemetry`,
      {
        alias: context.names.aws.telemetryKmsAlias,
        description: `Meshplane: logs, alarms and failed events of the ${product} inference function (${context.environment})`,
        region,
        labels: context.labels,
        policy: pulumi
          .all([accountId, logGroupArn])
          .apply(([account, arn]) =>
            policyJson(telemetryKeyPolicy({ accountId: account, region, logGroupArn: arn })),
          ),
      },
      { parent: this },
    ).key;
  }

  /** The function's log group, kept LOG_RETENTION_DAYS under the telemetry key. */
  private createLogGroup(name: string, context: ProductContext): aws.cloudwatch.LogGroup {
    return new aws.cloudwatch.LogGroup(
      `${name}-logs`,
      {
        name: logGroupName(context.names.aws.lambdaFunction),
        region: context.spec.target.region,
        retentionInDays: LOG_RETENTION_DAYS,
        kmsKeyId: this.telemetryKey.arn,
        tags: context.labels,
      },
      { parent: this },
    );
  }

  /** The queue Lambda sends the S3 events to that failed every attempt. */
  private createFailureQueue(name: string, context: ProductContext): aws.sqs.Queue {
    return new aws.sqs.Queue(
      `${name}-failures`,
      {
        name: context.names.aws.inferenceFailureQueue,
        region: context.spec.target.region,
        messageRetentionSeconds: FAILURE_QUEUE_RETENTION_SECONDS,
        kmsMasterKeyId: this.telemetryKey.arn,
        tags: context.labels,
      },
      { parent: this },
    );
  }

  /** The function's own role and its only grant (planning/iam.ts `inferencePolicy`). */
  private executionRole(
    name: string,
    args: InferenceFunctionArgs,
    product: string,
  ): { role: aws.iam.Role; grant: aws.iam.RolePolicy } {
    const { context } = args;
    const region = context.spec.target.region;
    const role = new aws.iam.Role(
      `${name}-role`,
      {
        name: context.names.aws.inferenceRole,
        description: `Runs the inference function of ${product}; reads its table only.`,
        assumeRolePolicy: policyJson(serviceTrustPolicy("lambda.amazonaws.com")),
        tags: context.labels,
      },
      { parent: this },
    );
    const grant = new aws.iam.RolePolicy(
      `${name}-role-policy`,
      {
        role: role.name,
        policy: pulumi
          .all([
            args.bucketArn,
            args.kmsKeyArn,
            this.logGroup.arn,
            this.failureQueue?.arn,
            this.telemetryKey.arn,
          ])
          .apply(([bucketArn, keyArn, logGroupArn, queueArn, telemetryKeyArn]) =>
            policyJson(
              inferencePolicy({
                bucketArn,
                prefix: args.tablePath,
                keyArn,
                region,
                logGroupArn,
                ...(queueArn === undefined
                  ? {}
                  : { failureQueue: { queueArn, keyArn: telemetryKeyArn } }),
              }),
            ),
          ),
      },
      { parent: this },
    );
    return { role, grant };
  }

  /** The published version behind the `live` alias, with its provisioned concurrency if any. */
  private liveAlias(name: string, region: string, provisioned: number): aws.lambda.Alias {
    const alias = new aws.lambda.Alias(
      `${name}-alias`,
      {
        name: LIVE_ALIAS,
        region,
        functionName: this.function.name,
        functionVersion: this.function.version,
        description: "The published version that serves traffic",
      },
      { parent: this },
    );
    if (provisioned > 0) {
      new aws.lambda.ProvisionedConcurrencyConfig(
        `${name}-provisioned`,
        {
          functionName: this.function.name,
          qualifier: alias.name,
          region,
          provisionedConcurrentExecutions: provisioned,
        },
        { parent: this },
      );
    }
    return alias;
  }

  /** The SNS topic the alarms notify, with every owner subscribed by email. */
  private alarmTopic(name: string, context: ProductContext, product: string): aws.sns.Topic {
    const region = context.spec.target.region;
    const topic = new aws.sns.Topic(
      `${name}-alarms`,
      {
        name: `${context.names.aws.lambdaFunction}-alarms`,
        region,
        displayName: `Meshplane ${product}`,
        kmsMasterKeyId: this.telemetryKey.arn,
        tags: context.labels,
      },
      { parent: this },
    );
    context.spec.owners.emails.forEach((email, index) => {
      new aws.sns.TopicSubscription(
        `${name}-alarms-owner-${index}`,
        { topic: topic.arn, region, protocol: "email", endpoint: email },
        { parent: this },
      );
    });
    return topic;
  }

  private httpEndpoint(
    name: string,
    region: string,
    invokers: readonly string[],
  ): aws.lambda.FunctionUrl {
    invokers.forEach((principal, index) => {
      // Function URLs need both permissions for a caller (AWS, October 2025).
      new aws.lambda.Permission(
        `${name}-url-invoker-${index}`,
        {
          function: this.function.name,
          qualifier: this.alias.name,
          region,
          action: "lambda:InvokeFunctionUrl",
          principal,
          functionUrlAuthType: "AWS_IAM",
        },
        { parent: this },
      );
      new aws.lambda.Permission(
        `${name}-url-invoke-${index}`,
        {
          function: this.function.name,
          qualifier: this.alias.name,
          region,
          action: "lambda:InvokeFunction",
          principal,
          invokedViaFunctionUrl: true,
        },
        { parent: this },
      );
    });
    return new aws.lambda.FunctionUrl(
      `${name}-url`,
      {
        functionName: this.function.name,
        qualifier: this.alias.name,
        region,
        authorizationType: "AWS_IAM",
        invokeMode: "BUFFERED",
      },
      { parent: this },
    );
  }

  /**
   * New data files of the table invoke the live alias asynchronously; an event that fails every
   * attempt goes to the failure queue. The notification waits for that destination, so no event
   * is ever delivered without it.
   */
  private objectCreated(
    name: string,
    args: InferenceFunctionArgs,
    region: string,
    failureQueue: aws.sqs.Queue,
    grant: aws.iam.RolePolicy,
  ): void {
    const account = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
    const permission = new aws.lambda.Permission(
      `${name}-s3-invoke`,
      {
        function: this.function.name,
        qualifier: this.alias.name,
        region,
        action: "lambda:InvokeFunction",
        principal: "s3.amazonaws.com",
        sourceArn: args.bucketArn,
        sourceAccount: account,
      },
      { parent: this },
    );
    // Lambda checks that the role may send to the destination, so the grant comes first.
    const onFailure = new aws.lambda.FunctionEventInvokeConfig(
      `${name}-async-invoke`,
      {
        functionName: this.function.name,
        qualifier: this.alias.name,
        region,
        maximumRetryAttempts: ASYNC_MAX_RETRY_ATTEMPTS,
        maximumEventAgeInSeconds: ASYNC_MAX_EVENT_AGE_SECONDS,
        destinationConfig: { onFailure: { destination: failureQueue.arn } },
      },
      { parent: this, dependsOn: [grant] },
    );
    new aws.s3.BucketNotification(
      `${name}-object-created`,
      {
        bucket: args.bucket,
        region,
        lambdaFunctions: [
          {
            id: "meshplane-inference",
            lambdaFunctionArn: this.alias.arn,
            events: ["s3:ObjectCreated:*"],
            filterPrefix: dataFilesPrefix(args.tablePath),
          },
        ],
      },
      { parent: this, dependsOn: [permission, onFailure, ...(args.bucketReady ?? [])] },
    );
  }

  private createAlarms(
    name: string,
    functionName: string,
    region: string,
    product: string,
    labels: Record<string, string>,
  ): aws.cloudwatch.MetricAlarm[] {
    const common = {
      region,
      alarmActions: [this.topic.arn],
      okActions: [this.topic.arn],
      evaluationPeriods: 1,
      comparisonOperator: "GreaterThanThreshold",
      treatMissingData: "notBreaching",
      tags: labels,
    };
    const latency = new aws.cloudwatch.MetricAlarm(
      `${name}-latency-alarm`,
      {
        ...common,
        name: `${functionName}-p99-duration`,
        alarmDescription: `p99 duration of the ${product} inference function above ${LATENCY_P99_THRESHOLD_MS} ms for 5 minutes`,
        namespace: "AWS/Lambda",
        metricName: "Duration",
        dimensions: { FunctionName: functionName },
        extendedStatistic: "p99",
        period: ALARM_PERIOD_SECONDS,
        unit: "Milliseconds",
        threshold: LATENCY_P99_THRESHOLD_MS,
      },
      { parent: this, dependsOn: [this.function] },
    );
    const errors = new aws.cloudwatch.MetricAlarm(
      `${name}-error-alarm`,
      {
        ...common,
        name: `${functionName}-error-rate`,
        alarmDescription: `More than ${ERROR_RATE_THRESHOLD_PERCENT} % of the ${product} inference invocations failed over 5 minutes`,
        metricQueries: errorRateQueries(functionName),
        threshold: ERROR_RATE_THRESHOLD_PERCENT,
      },
      { parent: this, dependsOn: [this.function] },
    );
    if (this.failureQueue === undefined) return [latency, errors];
    const failed = new aws.cloudwatch.MetricAlarm(
      `${name}-failed-events-alarm`,
      {
        ...common,
        name: `${functionName}-failed-events`,
        alarmDescription: `An object-created event reached the ${product} inference function's failure queue: the function failed on it after every retry`,
        namespace: "AWS/SQS",
        metricName: "ApproximateNumberOfMessagesVisible",
        dimensions: { QueueName: this.failureQueue.name },
        statistic: "Maximum",
        period: ALARM_PERIOD_SECONDS,
        threshold: 0,
      },
      { parent: this },
    );
    return [latency, errors, failed];
  }
}
