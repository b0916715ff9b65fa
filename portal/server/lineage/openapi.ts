/** The lineage, SLA, API-key and webhook operations of the OpenAPI document (portal/server/openapi.ts). */
import type {
  ZodOpenApiOperationObject,
  ZodOpenApiPathsObject,
  ZodOpenApiResponseObject,
} from "zod-openapi";
import type { z } from "zod";
import { DomainParams } from "../../shared/api-schemas";
import {
  ApiKeyList,
  ColumnLineageResult,
  ColumnQuery,
  CreateApiKeyBody,
  CreateWebhookBody,
  CreatedApiKey,
  CreatedWebhook,
  DatasetLinkBody,
  DatasetRefQuery,
  DomainItemParams,
  GraphQuery,
  IngestResult,
  LineageDataset,
  LineageGraph,
  LineageJob,
  LineageNodeParams,
  LineageProductList,
  LineageProductsQuery,
  LineageRunPage,
  LineageRunsQuery,
  ProbeBody,
  ProductLineage,
  ProductLineageQuery,
  ProductRefParams,
  ProductSla,
  SlaSummary,
  WebhookList,
} from "../../shared/lineage/api-schemas";
import {
  DatasetEvent,
  JobEvent,
  OpenLineageBatchBody,
  OpenLineageEventBody,
  RunEvent,
} from "../../shared/lineage/openlineage";

/** Referenced by the ingestion body's `anyOf`, so they are in the document whether used or not. */
export const OPENLINEAGE_SCHEMAS = {
  OpenLineageRunEvent: RunEvent,
  OpenLineageDatasetEvent: DatasetEvent,
  OpenLineageJobEvent: JobEvent,
};

type Operation = (
  tag: string,
  summary: string,
  spec: Omit<ZodOpenApiOperationObject, "responses" | "tags" | "summary" | "security"> & {
    responses: ZodOpenApiOperationObject["responses"];
    auth?: "session" | "platform" | "lineageKey";
  },
) => ZodOpenApiOperationObject;
type Json = (schema: z.ZodType, description?: string) => ZodOpenApiResponseObject;
type Body = (schema: z.ZodType) => ZodOpenApiOperationObject["requestBody"];
type ProblemOf = (description: string) => ZodOpenApiResponseObject;

export function lineagePaths(
  operation: Operation,
  json: Json,
  body: Body,
  problem: ProblemOf,
): ZodOpenApiPathsObject {
  const ingest = (summary: string, schema: z.ZodType) =>
    operation("lineage", summary, {
      auth: "lineageKey",
      requestBody: body(schema),
      responses: {
        "200": json(IngestResult, "Stored (or already stored: redelivery)"),
        "201": json(IngestResult, "Stored"),
        "422": problem("Not a valid OpenLineage event; `errors` names each bad path."),
      },
    });
  return {
    "/api/v1/lineage": {
      post: ingest("Post an OpenLineage event (Marquez-compatible path)", OpenLineageEventBody),
    },
    "/api/v1/lineage/batch": {
      post: ingest("Post up to 500 OpenLineage events at once", OpenLineageBatchBody),
    },
    "/api/v1/lineage/graph": {
      get: operation(
        "lineage",
        "Upstream/downstream of a product, dataset or job, depth-limited, with declared inputs",
        {
          requestParams: { query: GraphQuery },
          responses: {
            "200": json(LineageGraph),
            "404": problem("No such product, dataset or job."),
          },
        },
      ),
    },
    "/api/v1/lineage/products": {
      get: operation("lineage", "Products to start a lineage walk from, searched by reference", {
        description:
          "Products still in service that the caller may see, matching `q`, ordered by domain and name.",
        requestParams: { query: LineageProductsQuery },
        responses: { "200": json(LineageProductList) },
      }),
    },
    "/api/v1/lineage/columns": {
      get: operation("lineage", "Column lineage of a field (columnLineage facets)", {
        requestParams: { query: ColumnQuery },
        responses: { "200": json(ColumnLineageResult), "404": problem("No such dataset.") },
      }),
    },
    "/api/v1/lineage/jobs/{namespace}/{name}": {
      get: operation("lineage", "A job: its facets, inputs, outputs and latest run", {
        description:
          "Namespace and name are percent-encoded path segments (`s3%3A%2F%2Fbucket`). Facets: " +
          "SQL, source code location, source code, job type, documentation, ownership.",
        requestParams: { path: LineageNodeParams },
        responses: { "200": json(LineageJob), "404": problem("No such job has been reported.") },
      }),
    },
    "/api/v1/lineage/jobs/{namespace}/{name}/runs": {
      get: operation("lineage", "A job's runs, newest first (paginated)", {
        description:
          "State, start, end, duration and the run facets: errorMessage, parent run, nominal time.",
        requestParams: { path: LineageNodeParams, query: LineageRunsQuery },
        responses: {
          "200": json(LineageRunPage),
          "404": problem("No such job has been reported."),
        },
      }),
    },
    "/api/v1/lineage/datasets/{namespace}/{name}": {
      get: operation("lineage", "A dataset: its facets, columns, producers and consumers", {
        description:
          "Namespace and name are percent-encoded path segments. Facets: schema, documentation, " +
          "ownership, symlinks, data source.",
        requestParams: { path: LineageNodeParams },
        responses: {
          "200": json(LineageDataset),
          "404": problem("No such dataset has been reported."),
        },
      }),
    },
    "/api/v1/lineage/links": {
      put: operation("lineage", "Link a dataset to a product by hand (members of its domain)", {
        requestBody: body(DatasetLinkBody),
        responses: {
          "200": { description: "Linked" },
          "403": problem("Not a member of the product's domain, or the dataset is another's."),
          "404": problem("No such dataset or product."),
        },
      }),
      delete: operation("lineage", "Remove a dataset's product link", {
        requestParams: { query: DatasetRefQuery },
        responses: {
          "204": { description: "Unlinked" },
          "403": problem("The dataset is linked to, and named like, other domains' products."),
          "404": problem("No such dataset or link."),
        },
      }),
    },
    "/api/v1/products/{domain}/{name}/lineage": {
      get: operation("lineage", "A product's lineage graph with declared vs observed inputs", {
        requestParams: { path: ProductRefParams, query: ProductLineageQuery },
        responses: { "200": json(ProductLineage), "404": problem("No such product.") },
      }),
    },
    "/api/v1/products/{domain}/{name}/sla": {
      get: operation("sla", "A product's SLA status now and its history", {
        requestParams: { path: ProductRefParams },
        responses: { "200": json(ProductSla), "404": problem("No such product.") },
      }),
    },
    "/api/v1/sla": {
      get: operation("sla", "Latest SLA status of every product", {
        responses: { "200": json(SlaSummary) },
      }),
    },
    "/api/v1/sla/probes": {
      post: operation("sla", "Record a probe of a product's HTTP inference endpoint", {
        auth: "lineageKey",
        requestBody: body(ProbeBody),
        responses: {
          "201": { description: "Recorded" },
          "403": problem("The product is another domain's."),
          "404": problem("No such product."),
        },
      }),
    },
    "/api/v1/domains/{slug}/api-keys": {
      get: operation("domains", "List the domain's API keys (members)", {
        requestParams: { path: DomainParams },
        responses: { "200": json(ApiKeyList), "404": problem("No such domain.") },
      }),
      post: operation("domains", "Issue an ingestion API key (shown once)", {
        requestParams: { path: DomainParams },
        requestBody: body(CreateApiKeyBody),
        responses: { "201": json(CreatedApiKey, "Created"), "404": problem("No such domain.") },
      }),
    },
    "/api/v1/domains/{slug}/api-keys/{id}": {
      delete: operation("domains", "Revoke an API key", {
        requestParams: { path: DomainItemParams },
        responses: { "200": { description: "Revoked" }, "404": problem("No such key.") },
      }),
    },
    "/api/v1/domains/{slug}/webhooks": {
      get: operation("domains", "List the domain's SLA webhooks and recent deliveries", {
        requestParams: { path: DomainParams },
        responses: { "200": json(WebhookList), "404": problem("No such domain.") },
      }),
      post: operation("domains", "Subscribe a URL to SLA breaches (secret shown once)", {
        requestParams: { path: DomainParams },
        requestBody: body(CreateWebhookBody),
        responses: { "201": json(CreatedWebhook, "Created"), "404": problem("No such domain.") },
      }),
    },
    "/api/v1/domains/{slug}/webhooks/{id}": {
      delete: operation("domains", "Disable a webhook", {
        requestParams: { path: DomainItemParams },
        responses: { "204": { description: "Disabled" }, "404": problem("No such webhook.") },
      }),
    },
  };
}
