/** Deployment bodies, queries and responses of /api/v1 (see api-schemas.ts for the rest). */
import { z } from "zod";
import {
  CANCEL_OUTCOMES,
  DEPLOYMENT_OPERATIONS,
  DEPLOYMENT_STATUSES,
} from "#core/deployment-lifecycle";
import { WORKER_STATES } from "#core/worker-status";
import { INT32_MAX } from "./api-schemas";

export const DeploymentIdParams = z.object({ id: z.string().min(1).max(64) });

export const DeploymentSummary = z
  .object({
    id: z.string(),
    product: z.string().describe("`domain/name`"),
    requestId: z.string().nullable(),
    operation: z.enum(DEPLOYMENT_OPERATIONS),
    status: z.enum(DEPLOYMENT_STATUSES),
    stack: z.string(),
    environment: z.string(),
    progress: z
      .object({ done: z.int(), planned: z.int() })
      .describe("Resources whose step finished, of the steps known so far."),
    error: z.string().nullable().describe("The failure, secrets masked."),
    cancelRequested: z
      .boolean()
      .describe("A cancel was asked for: the worker stops the CLI gracefully within a second."),
    cancelOutcome: z
      .enum(CANCEL_OUTCOMES)
      .nullable()
      .describe(
        "What became of the cancel: `pending` (the operation is being stopped), `took-effect` " +
          "(it ended cancelled), `ended-first` (it completed, failed or was interrupted before " +
          "the cancel reached it); null when nobody cancelled it.",
      ),
    retryOf: z.string().nullable(),
    createdAt: z.iso.datetime(),
    startedAt: z.iso.datetime().nullable(),
    finishedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: "DeploymentSummary" });
export type DeploymentSummary = z.infer<typeof DeploymentSummary>;

export const ResourceStep = z
  .object({
    urn: z.string(),
    type: z.string(),
    op: z.string().describe("Pulumi step: same, create, update, delete, replace, refresh, …"),
    status: z.enum(["running", "done", "failed"]),
  })
  .meta({ id: "ResourceStep" });

export const DeploymentDetail = DeploymentSummary.extend({
  summary: z
    .object({
      changes: z.record(z.string(), z.int()),
      outputs: z.record(z.string(), z.unknown()).optional(),
    })
    .nullable()
    .describe("Resource changes by kind and, after `up`, the stack's outputs."),
  resources: z.array(ResourceStep),
}).meta({ id: "DeploymentDetail" });
export type DeploymentDetail = z.infer<typeof DeploymentDetail>;

export const Enqueued = z
  .object({
    deployment: DeploymentSummary,
    created: z.boolean().describe("False when the same operation was already queued or running."),
  })
  .meta({ id: "EnqueuedDeployment" });

export const DeploymentList = z
  .object({
    items: z.array(DeploymentSummary),
    pagination: z.object({ page: z.int(), pageSize: z.int(), total: z.int() }),
  })
  .meta({ id: "DeploymentList" });

export const DeploymentListQuery = z.object({
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  product: z
    .string()
    .regex(/^[a-z0-9-]+\/[a-z0-9-]+$/, "is domain/name")
    .optional(),
  status: z.enum(DEPLOYMENT_STATUSES).optional(),
});

export const DeploymentEventsQuery = z.object({
  after: z.coerce
    .number()
    .int()
    .min(0)
    .max(INT32_MAX)
    .default(0)
    .describe("Events after this sequence number."),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

export const DeploymentEventItem = z
  .object({
    sequence: z.int(),
    at: z.iso.datetime(),
    event: z
      .object({ type: z.string() })
      .catchall(z.unknown())
      .describe("The engine event, compact and with secrets masked."),
  })
  .meta({ id: "DeploymentEvent" });
export type DeploymentEventItem = z.infer<typeof DeploymentEventItem>;

export const DeploymentEventList = z
  .object({ items: z.array(DeploymentEventItem), next: z.int() })
  .meta({ id: "DeploymentEventList" });

export const WorkerStatus = z
  .object({
    state: z
      .enum(WORKER_STATES)
      .describe(
        "`ready`: deployments run; `starting` or `installing-cli` (npm start is getting the " +
          "Pulumi CLI): they wait; `down`: they stay queued until a worker runs.",
      ),
    detail: z.string().describe("What the worker is doing, or why it is down."),
    reportedAt: z.iso.datetime().nullable().describe("The heartbeat the state comes from."),
    ready: z.int().describe("Workers ready now."),
    pulumiVersion: z.string().nullable(),
  })
  .meta({ id: "WorkerStatus" });
export type WorkerStatus = z.infer<typeof WorkerStatus>;
