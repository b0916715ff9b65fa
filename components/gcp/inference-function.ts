/**
 * InferenceFunction (`meshplane:gcp:InferenceFunction`): the product's Cloud Run inference
 * service, created when spec.inference is set (the contract guarantees a container image on GCP).
 *
 * - Cloud Run v2 service in spec.target.region: min instances = provisionedConcurrency, max
 *   instances = reservedConcurrency (default 10: always an explicit cap, MP-FN-001), one request
 *   per instance by default (so reservedConcurrency bounds concurrent executions, as on AWS),
 *   vCPU/memory from memoryMb (planning/inference.ts), request timeout = timeoutSeconds.
 * - Ingress: all traffic when the http trigger is on (every call still needs roles/run.invoker:
 *   IAM, not the network, is the gate), internal-only for event-only services (Pub/Sub pushes
 *   from the same project count as internal).
 * - Its own service account with Storage Object Viewer on THIS bucket only (no KMS role: Cloud
 *   Storage decrypts CMEK objects for any caller allowed to read them).
 * - `invokers` get roles/run.invoker; public principals are refused.
 * - object-created: a Cloud Storage notification (OBJECT_FINALIZE on the table's data files) into
 *   the product's own Pub/Sub topic, pushed to the service by a subscription that authenticates
 *   as a dedicated trigger service account (run.invoker on this service only) and forwards
 *   events it could not deliver after 5 attempts to a dead-letter topic, kept a week by a pull
 *   subscription, each one alerting the owners (control MP-DLQ-001). Not Eventarc: the
 *   subscription Eventarc creates for a trigger is not declarable, so it could carry no
 *   dead-letter policy. Every grant names one topic, subscription or account, none the project.
 *   The body is the object's JSON (Cloud Storage's JSON API form), as Eventarc's CloudEvent
 *   `data` was, without the `ce-*` headers.
 * - Logs: a Cloud Logging bucket in the service's region keeping them 365 days, and a sink
 *   routing the service's logs there (control MP-LOG-002; the project's _Default bucket keeps
 *   its 30 days too). Cloud Logging CMEK is set per project or organization, not per bucket: a
 *   platform limit.
 * - Alert policies: p99 request latency > 500 ms and 5xx ratio > 1 %, each sustained 5 minutes,
 *   notifying one email notification channel per owner (spec.owners.emails), as the AWS (SNS
 *   email subscriptions) and Azure (action group) functions notify the owners, plus any
 *   `notificationChannels` passed in.
 * - Stateless: not retained or protected, and deletionProtection is off so dropping inference
 *   from the spec removes the service.
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { LOG_RETENTION_DAYS, type InferenceSpec } from "#contract";
import { checkContextCloud, requireArg } from "../checks";
import type { ProductContext } from "../context";
import { requireInference } from "../inference";
import { ROLES, checkMembers, serviceAccountMember } from "./planning/iam";
import {
  ALERT_WINDOW_SECONDS,
  DEFAULT_REQUEST_CONCURRENCY,
  ERROR_RATIO_THRESHOLD,
  EVENT_DELIVERY,
  LATENCY_P99_THRESHOLD_MS,
  ackDeadlineSeconds,
  checkRequestConcurrency,
  cloudRunResources,
  cloudRunScaling,
  deadLetterMetricFilter,
  logBucketDestination,
  pubsubServiceAgent,
  runMetricFilter,
  serviceResourceFilter,
  type CloudRunResources,
  type CloudRunScaling,
} from "./planning/inference";
import { resolveProject } from "./project";
import { tableDataPrefix } from "./storage-lifecycle";

/** The object-created notifications of the warehouse: Cloud Storage's JSON API body. */
const OBJECT_FINALIZE = "OBJECT_FINALIZE";

export interface InferenceFunctionArgs {
  context: ProductContext;
  /** Name of the warehouse bucket the service reads (and whose events it receives). */
  bucket: pulumi.Input<string>;
  /** Passed to the container as MESHPLANE_STORAGE_URI. */
  storageUri?: pulumi.Input<string>;
  /** IAM members allowed to call the HTTP endpoint, e.g. group:risk@example.com. Never allUsers. */
  invokers?: readonly string[];
  /** Requests one instance serves at once; default 1. */
  requestConcurrency?: number;
  /**
   * More Cloud Monitoring notification channels for the alerts
   * (`projects/<project>/notificationChannels/<id>`), besides the owners' email channels.
   */
  notificationChannels?: pulumi.Input<string>[];
  /** GCP project; defaults to the provider's project (`gcp:project`). */
  project?: pulumi.Input<string>;
}

type ImageInference = InferenceSpec & { image: string };

function gcpInference(context: ProductContext): ImageInference {
  const inference = requireInference(context);
  if (inference.image === undefined) {
    throw new Error("InferenceFunction: spec.inference.image is required on GCP (Cloud Run)");
  }
  return { ...inference, image: inference.image };
}

/** What checkArgs plans for the service from the spec and the args. */
interface ServicePlan {
  inference: ImageInference;
  invokers: readonly string[];
  requestConcurrency: number;
  scaling: CloudRunScaling;
  resources: CloudRunResources;
  http: boolean;
  objectCreated: boolean;
}

/** Checks the args before anything registers, and plans the service's size and triggers. */
function checkArgs(args: InferenceFunctionArgs): ServicePlan {
  checkContextCloud(args.context, "InferenceFunction", "gcp");
  const inference = gcpInference(args.context);
  requireArg(args.bucket, "InferenceFunction", "bucket");
  const invokers = args.invokers ?? [];
  checkMembers(invokers, "InferenceFunction: invokers");
  const requestConcurrency = args.requestConcurrency ?? DEFAULT_REQUEST_CONCURRENCY;
  checkRequestConcurrency(requestConcurrency);
  return {
    inference,
    invokers,
    requestConcurrency,
    scaling: cloudRunScaling(inference),
    resources: cloudRunResources(inference.memoryMb),
    http: inference.triggers.includes("http"),
    objectCreated: inference.triggers.includes("object-created"),
  };
}

/** What the container is told: where the table is. */
function containerEnvs(
  args: InferenceFunctionArgs,
): gcp.types.input.cloudrunv2.ServiceTemplateContainerEnv[] {
  return [
    { name: "MESHPLANE_BUCKET", value: args.bucket },
    ...(args.storageUri === undefined
      ? []
      : [{ name: "MESHPLANE_STORAGE_URI", value: args.storageUri }]),
  ];
}

export class InferenceFunction extends pulumi.ComponentResource {
  readonly service: gcp.cloudrunv2.Service;
  readonly serviceName: pulumi.Output<string>;
  /** HTTPS endpoint when the http trigger is on; undefined otherwise. */
  readonly url: pulumi.Output<string | undefined>;
  readonly serviceAccount: gcp.serviceaccount.Account;
  /** The push subscription delivering object-created events, when that trigger is on. */
  readonly events: gcp.pubsub.Subscription | undefined;
  readonly alertPolicies: gcp.monitoring.AlertPolicy[];
  /** One email channel per owner, in spec.owners.emails order; every alert policy notifies them. */
  readonly ownerChannels: gcp.monitoring.NotificationChannel[];
  readonly project: pulumi.Output<string>;

  constructor(name: string, args: InferenceFunctionArgs, opts?: pulumi.ComponentResourceOptions) {
    const plan = checkArgs(args);
    super("meshplane:gcp:InferenceFunction", name, {}, opts);

    const { context } = args;
    this.project = resolveProject(args.project, this);
    const product = `${context.spec.domain}/${context.spec.name}`;
    const identity = this.serviceIdentity(name, args, product);
    this.serviceAccount = identity.account;
    this.service = this.cloudRunService(name, args, plan, product, identity.readData);
    this.serviceName = this.service.name;
    this.url = plan.http ? this.service.uri : pulumi.output(undefined);
    plan.invokers.forEach((member, index) => {
      new gcp.cloudrunv2.ServiceIamMember(
        `${name}-invoker-${index}`,
        {
          project: this.project,
          location: context.spec.target.region,
          name: this.service.name,
          role: ROLES.runInvoker,
          member,
        },
        { parent: this },
      );
    });
    this.keepLogs(name, context);
    this.ownerChannels = this.ownerEmailChannels(name, context, product);
    this.alertPolicies = this.alerts(name, args, product);
    if (plan.objectCreated) {
      const events = this.objectCreatedEvents(name, args, plan.inference.timeoutSeconds);
      this.events = events.subscription;
      this.alertPolicies.push(this.deadLetterAlert(name, args, product, events.subscription));
    }

    this.registerOutputs({
      serviceName: this.serviceName,
      url: this.url,
      serviceAccount: this.serviceAccount.email,
      events: this.events?.name,
    });
  }

  /** The service's own account, and its right to read THIS bucket only. */
  private serviceIdentity(
    name: string,
    args: InferenceFunctionArgs,
    product: string,
  ): { account: gcp.serviceaccount.Account; readData: gcp.storage.BucketIAMMember } {
    const account = new gcp.serviceaccount.Account(
      `${name}-sa`,
      {
        accountId: args.context.names.gcp.serviceAccountId,
        project: this.project,
        displayName: `Meshplane inference ${product}`,
        description: `Runs the inference service of ${product}; reads its bucket only.`,
      },
      { parent: this },
    );
    const readData = new gcp.storage.BucketIAMMember(
      `${name}-reads-bucket`,
      {
        bucket: args.bucket,
        role: ROLES.objectViewer,
        member: account.email.apply(serviceAccountMember),
      },
      { parent: this },
    );
    return { account, readData };
  }

  private cloudRunService(
    name: string,
    args: InferenceFunctionArgs,
    plan: ServicePlan,
    product: string,
    readData: gcp.storage.BucketIAMMember,
  ): gcp.cloudrunv2.Service {
    const { context } = args;
    const labels = context.labels;
    return new gcp.cloudrunv2.Service(
      `${name}-service`,
      {
        name: context.names.gcp.cloudRunService,
        project: this.project,
        location: context.spec.target.region,
        description: `Meshplane inference for ${product}`,
        ingress: plan.http ? "INGRESS_TRAFFIC_ALL" : "INGRESS_TRAFFIC_INTERNAL_ONLY",
        invokerIamDisabled: false,
        deletionProtection: false,
        labels,
        template: {
          serviceAccount: this.serviceAccount.email,
          scaling: plan.scaling,
          maxInstanceRequestConcurrency: plan.requestConcurrency,
          timeout: `${plan.inference.timeoutSeconds}s`,
          labels,
          containers: [
            {
              image: plan.inference.image,
              resources: {
                limits: { cpu: plan.resources.cpu, memory: plan.resources.memory },
                cpuIdle: true,
                startupCpuBoost: true,
              },
              envs: containerEnvs(args),
            },
          ],
        },
      },
      { parent: this, dependsOn: [readData] },
    );
  }

  /** One email channel per owner, in spec.owners.emails order. */
  private ownerEmailChannels(
    name: string,
    context: ProductContext,
    product: string,
  ): gcp.monitoring.NotificationChannel[] {
    return context.spec.owners.emails.map(
      (email, index) =>
        new gcp.monitoring.NotificationChannel(
          `${name}-owner-${index}`,
          {
            project: this.project,
            type: "email",
            displayName: `Meshplane ${product} owner ${email}`,
            labels: { email_address: email },
            userLabels: context.labels,
          },
          { parent: this },
        ),
    );
  }

  /** A Cloud Logging bucket keeping the service's logs a year, and the sink that fills it. */
  private keepLogs(name: string, context: ProductContext): void {
    const names = context.names.gcp;
    const region = context.spec.target.region;
    const bucket = new gcp.logging.ProjectBucketConfig(
      `${name}-log-bucket`,
      {
        project: this.project,
        location: region,
        bucketId: names.functionLogBucket,
        retentionDays: LOG_RETENTION_DAYS,
        description: `Meshplane: logs of the ${context.spec.domain}/${context.spec.name} inference service`,
      },
      { parent: this },
    );
    new gcp.logging.ProjectSink(
      `${name}-log-sink`,
      {
        name: names.functionLogSink,
        project: this.project,
        destination: this.project.apply((project) =>
          logBucketDestination(project, region, names.functionLogBucket),
        ),
        filter: this.service.name.apply(serviceResourceFilter),
        description: "Meshplane: the inference service's logs, kept a year",
      },
      { parent: this, dependsOn: [bucket] },
    );
  }

  /**
   * Object-created events of the table's data files: a notification into the product's topic, a
   * push subscription to the service with a dead-letter topic, and the grants each hop needs.
   */
  private objectCreatedEvents(
    name: string,
    args: InferenceFunctionArgs,
    timeoutSeconds: number,
  ): { subscription: gcp.pubsub.Subscription } {
    const { context } = args;
    const names = context.names.gcp;
    const labels = context.labels;
    const project = this.project;
    const pushAccount = new gcp.serviceaccount.Account(
      `${name}-trigger-sa`,
      {
        accountId: names.triggerServiceAccountId,
        project,
        displayName: `Meshplane events ${context.spec.domain}/${context.spec.name}`,
        description:
          "Pub/Sub pushes object-created events of the product bucket to its inference service as this account.",
      },
      { parent: this },
    );
    const invoker = new gcp.cloudrunv2.ServiceIamMember(
      `${name}-trigger-invoker`,
      {
        project,
        location: context.spec.target.region,
        name: this.service.name,
        role: ROLES.runInvoker,
        member: pushAccount.email.apply(serviceAccountMember),
      },
      { parent: this },
    );
    const topic = new gcp.pubsub.Topic(
      `${name}-events-topic`,
      { name: names.eventsTopic, project, labels },
      { parent: this },
    );
    const deadLetters = new gcp.pubsub.Topic(
      `${name}-dead-letter-topic`,
      { name: names.deadLetterTopic, project, labels },
      { parent: this },
    );
    const gcsAgent = gcp.storage
      .getProjectServiceAccountOutput({ project }, { parent: this })
      .emailAddress.apply(serviceAccountMember);
    const gcsPublishes = new gcp.pubsub.TopicIAMMember(
      `${name}-gcs-agent-publisher`,
      { project, topic: topic.name, role: ROLES.pubsubPublisher, member: gcsAgent },
      { parent: this },
    );
    new gcp.storage.Notification(
      `${name}-object-created`,
      {
        bucket: args.bucket,
        topic: topic.id,
        payloadFormat: "JSON_API_V1",
        eventTypes: [OBJECT_FINALIZE],
        objectNamePrefix: tableDataPrefix(context),
      },
      { parent: this, dependsOn: [gcsPublishes] },
    );
    const subscription = new gcp.pubsub.Subscription(
      `${name}-events`,
      {
        name: names.eventsSubscription,
        project,
        topic: topic.id,
        ackDeadlineSeconds: ackDeadlineSeconds(timeoutSeconds),
        pushConfig: {
          pushEndpoint: this.service.uri,
          oidcToken: { serviceAccountEmail: pushAccount.email, audience: this.service.uri },
          noWrapper: { writeMetadata: true },
        },
        retryPolicy: {
          minimumBackoff: EVENT_DELIVERY.minimumBackoff,
          maximumBackoff: EVENT_DELIVERY.maximumBackoff,
        },
        deadLetterPolicy: {
          deadLetterTopic: deadLetters.id,
          maxDeliveryAttempts: EVENT_DELIVERY.maxDeliveryAttempts,
        },
        messageRetentionDuration: EVENT_DELIVERY.messageRetention,
        expirationPolicy: { ttl: "" },
        labels,
      },
      { parent: this, dependsOn: [invoker] },
    );
    new gcp.pubsub.Subscription(
      `${name}-dead-letters`,
      {
        name: names.deadLetterSubscription,
        project,
        topic: deadLetters.id,
        messageRetentionDuration: EVENT_DELIVERY.deadLetterRetention,
        expirationPolicy: { ttl: "" },
        labels,
      },
      { parent: this },
    );
    this.letPubsubDeliver(name, { topic: deadLetters, subscription, pushAccount });
    return { subscription };
  }

  /**
   * What Pub/Sub's own service agent needs to forward dead letters (publish to the dead-letter
   * topic, acknowledge on the push subscription) and to sign the push requests' OIDC tokens as
   * the push account.
   */
  private letPubsubDeliver(
    name: string,
    hops: {
      topic: gcp.pubsub.Topic;
      subscription: gcp.pubsub.Subscription;
      pushAccount: gcp.serviceaccount.Account;
    },
  ): void {
    const project = this.project;
    const agent = gcp.organizations
      .getProjectOutput({ projectId: project }, { parent: this })
      .number.apply((number) => serviceAccountMember(pubsubServiceAgent(number)));
    new gcp.pubsub.TopicIAMMember(
      `${name}-pubsub-dead-letter-publisher`,
      { project, topic: hops.topic.name, role: ROLES.pubsubPublisher, member: agent },
      { parent: this },
    );
    new gcp.pubsub.SubscriptionIAMMember(
      `${name}-pubsub-dead-letter-subscriber`,
      {
        project,
        subscription: hops.subscription.name,
        role: ROLES.pubsubSubscriber,
        member: agent,
      },
      { parent: this },
    );
    new gcp.serviceaccount.IAMMember(
      `${name}-pubsub-token-creator`,
      { serviceAccountId: hops.pushAccount.name, role: ROLES.tokenCreator, member: agent },
      { parent: this },
    );
  }

  /** Any event dead-lettered within 5 minutes tells the owners. */
  private deadLetterAlert(
    name: string,
    args: InferenceFunctionArgs,
    product: string,
    subscription: gcp.pubsub.Subscription,
  ): gcp.monitoring.AlertPolicy {
    const window = `${ALERT_WINDOW_SECONDS}s`;
    return new gcp.monitoring.AlertPolicy(
      `${name}-dead-letter-alert`,
      {
        ...this.alertCommon(args),
        displayName: `${product} inference: object-created events dead-lettered`,
        severity: "ERROR",
        documentation: {
          mimeType: "text/markdown",
          content: `Pub/Sub could not deliver object-created events to the ${product} inference service after ${EVENT_DELIVERY.maxDeliveryAttempts} attempts; they wait a week in the dead-letter subscription ${args.context.names.gcp.deadLetterSubscription}.`,
        },
        conditions: [
          {
            displayName: "dead-lettered events > 0",
            conditionThreshold: {
              filter: subscription.name.apply(deadLetterMetricFilter),
              aggregations: [{ alignmentPeriod: window, perSeriesAligner: "ALIGN_SUM" }],
              comparison: "COMPARISON_GT",
              thresholdValue: 0,
              duration: "0s",
              trigger: { count: 1 },
            },
          },
        ],
      },
      { parent: this },
    );
  }

  /** What every alert policy of the service shares: its project, labels and channels. */
  private alertCommon(args: InferenceFunctionArgs) {
    return {
      project: this.project,
      combiner: "OR",
      enabled: true,
      notificationChannels: [
        ...this.ownerChannels.map((channel) => channel.name),
        ...(args.notificationChannels ?? []),
      ],
      userLabels: args.context.labels,
    };
  }

  private alerts(
    name: string,
    args: InferenceFunctionArgs,
    product: string,
  ): gcp.monitoring.AlertPolicy[] {
    const window = `${ALERT_WINDOW_SECONDS}s`;
    const common = this.alertCommon(args);
    const latency = new gcp.monitoring.AlertPolicy(
      `${name}-latency-alert`,
      {
        ...common,
        displayName: `${product} inference p99 latency > ${LATENCY_P99_THRESHOLD_MS} ms`,
        severity: "WARNING",
        documentation: {
          mimeType: "text/markdown",
          content: `The 99th percentile request latency of the ${product} inference service stayed above ${LATENCY_P99_THRESHOLD_MS} ms for 5 minutes.`,
        },
        conditions: [
          {
            displayName: `p99 request latency > ${LATENCY_P99_THRESHOLD_MS} ms`,
            conditionThreshold: {
              filter: this.service.name.apply((service) =>
                runMetricFilter(service, "request_latencies"),
              ),
              aggregations: [
                {
                  alignmentPeriod: window,
                  perSeriesAligner: "ALIGN_PERCENTILE_99",
                  crossSeriesReducer: "REDUCE_MAX",
                  groupByFields: ["resource.labels.service_name"],
                },
              ],
              comparison: "COMPARISON_GT",
              thresholdValue: LATENCY_P99_THRESHOLD_MS,
              duration: window,
              trigger: { count: 1 },
            },
          },
        ],
      },
      { parent: this },
    );
    const errors = new gcp.monitoring.AlertPolicy(
      `${name}-error-alert`,
      {
        ...common,
        displayName: `${product} inference error ratio > ${ERROR_RATIO_THRESHOLD * 100} %`,
        severity: "ERROR",
        documentation: {
          mimeType: "text/markdown",
          content: `More than ${ERROR_RATIO_THRESHOLD * 100} % of the requests to the ${product} inference service failed with 5xx for 5 minutes.`,
        },
        conditions: [
          {
            displayName: `5xx ratio > ${ERROR_RATIO_THRESHOLD * 100} %`,
            conditionThreshold: {
              filter: this.service.name.apply((service) =>
                runMetricFilter(
                  service,
                  "request_count",
                  'metric.labels.response_code_class = "5xx"',
                ),
              ),
              aggregations: [
                {
                  alignmentPeriod: window,
                  perSeriesAligner: "ALIGN_RATE",
                  crossSeriesReducer: "REDUCE_SUM",
                  groupByFields: ["resource.labels.service_name"],
                },
              ],
              denominatorFilter: this.service.name.apply((service) =>
                runMetricFilter(service, "request_count"),
              ),
              denominatorAggregations: [
                {
                  alignmentPeriod: window,
                  perSeriesAligner: "ALIGN_RATE",
                  crossSeriesReducer: "REDUCE_SUM",
                  groupByFields: ["resource.labels.service_name"],
                },
              ],
              comparison: "COMPARISON_GT",
              thresholdValue: ERROR_RATIO_THRESHOLD,
              duration: window,
              trigger: { count: 1 },
            },
          },
        ],
      },
      { parent: this },
    );
    return [latency, errors];
  }
}
