/**
 * InferenceFunction (`meshplane:gcp:InferenceFunction`): the product's Cloud Run inference
 * service, created when spec.inference is set (the contract guarantees a container image on GCP).
 *
 * - Cloud Run v2 service in spec.target.region: min instances = provisionedConcurrency, max
 *   instances = reservedConcurrency (default 10: always an explicit cap, MP-FN-001), one request
 *   per instance by default (so reservedConcurrency bounds concurrent executions, as on AWS),
 *   vCPU/memory from memoryMb (planning/inference.ts), request timeout = timeoutSeconds.
 * - Ingress: all traffic when the http trigger is on (every call still needs roles/run.invoker:
 *   IAM, not the network, is the gate), internal-only for event-only services (Eventarc
 *   deliveries count as internal).
 * - Its own service account with Storage Object Viewer on THIS bucket only (no KMS role: Cloud
 *   Storage decrypts CMEK objects for any caller allowed to read them).
 * - `invokers` get roles/run.invoker; public principals are refused.
 * - object-created: an Eventarc trigger on `google.cloud.storage.object.v1.finalized` filtered to
 *   the bucket, delivering as a dedicated trigger service account (run.invoker on this service,
 *   eventarc.eventReceiver on the project); the project's GCS service agent gets
 *   pubsub.publisher, which Cloud Storage triggers need.
 * - Alert policies: p99 request latency > 500 ms and 5xx ratio > 1 %, each sustained 5 minutes,
 *   notifying one email notification channel per owner (spec.owners.emails), as the AWS (SNS
 *   email subscriptions) and Azure (action group) functions notify the owners, plus any
 *   `notificationChannels` passed in.
 * - Stateless: not retained or protected, and deletionProtection is off so dropping inference
 *   from the spec removes the service.
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import type { InferenceSpec } from "#contract";
import { checkContextCloud, requireArg } from "../checks";
import type { ProductContext } from "../context";
import { requireInference } from "../inference";
import { ROLES, checkMembers, serviceAccountMember } from "./planning/iam";
import {
  ALERT_WINDOW_SECONDS,
  DEFAULT_REQUEST_CONCURRENCY,
  ERROR_RATIO_THRESHOLD,
  LATENCY_P99_THRESHOLD_MS,
  checkRequestConcurrency,
  cloudRunResources,
  cloudRunScaling,
  runMetricFilter,
  type CloudRunResources,
  type CloudRunScaling,
} from "./planning/inference";
import type { StoragePlacement } from "./planning/locations";
import { resolveProject } from "./project";

const OBJECT_FINALIZED_EVENT = "google.cloud.storage.object.v1.finalized";

export interface InferenceFunctionArgs {
  context: ProductContext;
  /** Name of the warehouse bucket the service reads (and whose events it receives). */
  bucket: pulumi.Input<string>;
  /** Where that bucket keeps data (IcebergStorage.placement): the Eventarc trigger's location. */
  placement: StoragePlacement;
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
  requireArg(args.placement, "InferenceFunction", "placement");
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
  readonly trigger: gcp.eventarc.Trigger | undefined;
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
    if (plan.objectCreated) this.trigger = this.objectCreatedTrigger(name, args, this.project);
    this.ownerChannels = this.ownerEmailChannels(name, context, product);
    this.alertPolicies = this.alerts(name, args, product);

    this.registerOutputs({
      serviceName: this.serviceName,
      url: this.url,
      serviceAccount: this.serviceAccount.email,
      trigger: this.trigger?.name,
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

  private objectCreatedTrigger(
    name: string,
    args: InferenceFunctionArgs,
    project: pulumi.Output<string>,
  ): gcp.eventarc.Trigger {
    const { context } = args;
    const names = context.names.gcp;
    const triggerAccount = new gcp.serviceaccount.Account(
      `${name}-trigger-sa`,
      {
        accountId: names.triggerServiceAccountId,
        project,
        displayName: `Meshplane events ${context.spec.domain}/${context.spec.name}`,
        description:
          "Delivers object-created events of the product bucket to its inference service.",
      },
      { parent: this },
    );
    const triggerMember = triggerAccount.email.apply(serviceAccountMember);
    const gcsAgent = gcp.storage
      .getProjectServiceAccountOutput({ project }, { parent: this })
      .emailAddress.apply(serviceAccountMember);
    const grants = [
      new gcp.cloudrunv2.ServiceIamMember(
        `${name}-trigger-invoker`,
        {
          project,
          location: context.spec.target.region,
          name: this.service.name,
          role: ROLES.runInvoker,
          member: triggerMember,
        },
        { parent: this },
      ),
      new gcp.projects.IAMMember(
        `${name}-trigger-receiver`,
        { project, role: ROLES.eventReceiver, member: triggerMember },
        { parent: this },
      ),
      new gcp.projects.IAMMember(
        `${name}-gcs-agent-publisher`,
        { project, role: ROLES.pubsubPublisher, member: gcsAgent },
        { parent: this },
      ),
    ];
    return new gcp.eventarc.Trigger(
      `${name}-trigger`,
      {
        name: names.eventarcTrigger,
        project,
        location: args.placement.eventarcLocation,
        matchingCriterias: [
          { attribute: "type", value: OBJECT_FINALIZED_EVENT },
          { attribute: "bucket", value: args.bucket },
        ],
        destination: {
          cloudRunService: { service: this.service.name, region: context.spec.target.region },
        },
        serviceAccount: triggerAccount.email,
        labels: context.labels,
      },
      { parent: this, dependsOn: grants },
    );
  }

  private alerts(
    name: string,
    args: InferenceFunctionArgs,
    product: string,
  ): gcp.monitoring.AlertPolicy[] {
    const window = `${ALERT_WINDOW_SECONDS}s`;
    const common = {
      project: this.project,
      combiner: "OR",
      enabled: true,
      notificationChannels: [
        ...this.ownerChannels.map((channel) => channel.name),
        ...(args.notificationChannels ?? []),
      ],
      userLabels: args.context.labels,
    };
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
