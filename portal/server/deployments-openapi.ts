/** The deployment operations of the OpenAPI document (portal/server/openapi.ts). */
import type {
  ZodOpenApiOperationObject,
  ZodOpenApiPathsObject,
  ZodOpenApiResponseObject,
} from "zod-openapi";
import type { z } from "zod";
import { ProductParams, RequestIdParams } from "../shared/api-schemas";
import {
  DeploymentDetail,
  DeploymentEventList,
  DeploymentEventsQuery,
  DeploymentIdParams,
  DeploymentList,
  DeploymentListQuery,
  DeploymentSummary,
  Enqueued,
  WorkerStatus,
} from "../shared/deployment-schemas";

type Operation = (
  tag: string,
  summary: string,
  spec: Omit<ZodOpenApiOperationObject, "responses" | "tags" | "summary" | "security"> & {
    responses: ZodOpenApiOperationObject["responses"];
  },
) => ZodOpenApiOperationObject;
type Json = (schema: z.ZodType, description?: string) => ZodOpenApiResponseObject;
type ProblemOf = (description: string) => ZodOpenApiResponseObject;

export function deploymentPaths(
  operation: Operation,
  json: Json,
  problem: ProblemOf,
): ZodOpenApiPathsObject {
  const enqueue = (summary: string, path: z.ZodObject, conflict: string) =>
    operation("deployments", summary, {
      requestParams: { path },
      responses: {
        "200": json(Enqueued, "The same operation was already queued or running: that one"),
        "201": json(Enqueued, "Queued"),
        "404": problem("Not found."),
        "409": problem(conflict),
      },
    });
  const onDeployment = (
    summary: string,
    ok: Record<string, ZodOpenApiResponseObject>,
    conflict: string,
  ) =>
    operation("deployments", summary, {
      requestParams: { path: DeploymentIdParams },
      responses: {
        ...ok,
        "404": problem("No such deployment."),
        "409": problem(conflict),
      },
    });
  return {
    "/api/v1/requests/{id}/deploy": {
      post: enqueue(
        "Deploy an approved request: `up`, or `destroy` for a decommission (platform admins)",
        RequestIdParams,
        "The request's status does not allow deploying, or the product's stack is running that operation (or has it queued for another request) already.",
      ),
    },
    "/api/v1/requests/{id}/preview": {
      post: enqueue(
        "Preview the plan of a request's spec (platform admins)",
        RequestIdParams,
        "Nothing to preview for this request.",
      ),
    },
    "/api/v1/products/{domain}/{name}/preview": {
      post: enqueue(
        "Preview a deployed product's stack (platform admins)",
        ProductParams,
        "The product has no deployed stack.",
      ),
    },
    "/api/v1/products/{domain}/{name}/refresh": {
      post: enqueue(
        "Refresh a deployed product's stack from the cloud (platform admins)",
        ProductParams,
        "The product has no deployed stack.",
      ),
    },
    "/api/v1/deployments": {
      get: operation("deployments", "List deployments, newest first (platform admins)", {
        requestParams: { query: DeploymentListQuery },
        responses: { "200": json(DeploymentList) },
      }),
    },
    "/api/v1/deployments/{id}": {
      get: operation("deployments", "A deployment with progress, resource steps and outputs", {
        requestParams: { path: DeploymentIdParams },
        responses: { "200": json(DeploymentDetail), "404": problem("No such deployment.") },
      }),
    },
    "/api/v1/deployments/{id}/events": {
      get: operation("deployments", "A deployment's engine events (masked), after a sequence", {
        requestParams: { path: DeploymentIdParams, query: DeploymentEventsQuery },
        responses: { "200": json(DeploymentEventList), "404": problem("No such deployment.") },
      }),
    },
    "/api/v1/deployments/{id}/cancel": {
      post: onDeployment(
        "Cancel: a queued deployment at once, a running one gracefully",
        {
          "200": json(
            DeploymentSummary,
            "The deployment: `cancelled` if it was queued (its request failed); still `running` " +
              "with `cancelOutcome: pending` if it ran, until the worker has stopped the CLI " +
              "(within about a second); then `cancelOutcome` tells whether the cancel took effect",
          ),
        },
        "The deployment has already ended.",
      ),
    },
    "/api/v1/worker": {
      get: operation(
        "deployments",
        "Whether deployments can run: the deployment worker's state (platform admins)",
        { responses: { "200": json(WorkerStatus) } },
      ),
    },
    "/api/v1/deployments/{id}/retry": {
      post: onDeployment(
        "Run a failed, interrupted or cancelled deployment again",
        {
          "200": json(Enqueued, "The same operation was already queued: joined"),
          "201": json(Enqueued, "Queued"),
        },
        "Only failed, interrupted or cancelled deployments can be retried.",
      ),
    },
  };
}
