/**
 * Bodies, queries and responses of the lineage, SLA, API-key and webhook routes (one zod schema
 * each, parsed by the handlers, used by the pages and the OpenAPI document). Browser-safe.
 */
import { z } from "zod";
import { DomainSlug, ProductName, ProductRef, TrimmedText } from "#contract";
import { INT32_MAX, Page, PageSize, Pagination } from "../api-schemas";
import { DatasetFacetsView, JobFacetsView, RunFacetsView } from "./facets";
import { RUN_EVENT_TYPES } from "./openlineage";
import { SLA_CHECKS, SLA_STATUSES } from "./sla-rules";

import { LINEAGE_DIRECTIONS, LINEAGE_VIEWS, MAX_DEPTH } from "./vocabulary";

export {
  LINEAGE_DIRECTIONS,
  LINEAGE_VIEWS,
  MAX_DEPTH,
  type LineageDirection,
  type LineageView,
} from "./vocabulary";

export const IngestResult = z
  .object({
    received: z.int().describe("Events in the request."),
    stored: z.int().describe("Events stored now."),
    duplicates: z.int().describe("Events already stored (redeliveries), not stored again."),
  })
  .meta({ id: "LineageIngestResult" });

const Depth = z.coerce.number().int().min(1).max(MAX_DEPTH).default(3);

export const GraphQuery = z
  .object({
    node: z
      .enum(["product", "dataset", "job"])
      .describe(
        "What to start from: a product (domain + name) or a dataset/job (namespace + name).",
      ),
    domain: DomainSlug.optional().describe("The product's domain: required when node=product."),
    namespace: z
      .string()
      .min(1)
      .max(1000)
      .optional()
      .describe("The dataset's or job's namespace: required when node=dataset or node=job."),
    name: z.string().min(1).max(1000),
    direction: z.enum(LINEAGE_DIRECTIONS).default("both"),
    depth: Depth.describe(`Edges to follow, 1 to ${MAX_DEPTH}.`),
    view: z
      .enum(LINEAGE_VIEWS)
      .default("full")
      .describe("full: datasets and jobs; datasets: dataset → dataset only."),
  })
  .superRefine((query, ctx) => {
    if (query.node === "product" && query.domain === undefined)
      ctx.addIssue({ code: "custom", path: ["domain"], message: "is required for a product" });
    if (query.node !== "product" && query.namespace === undefined)
      ctx.addIssue({
        code: "custom",
        path: ["namespace"],
        message: `is required for a ${query.node}`,
      });
  });
export type GraphQuery = z.infer<typeof GraphQuery>;

export const LineageNode = z.object({
  id: z
    .int()
    .describe(
      "The node's id; negative for a product drawn only for its declared inputs (unique within one answer).",
    ),
  kind: z
    .enum(["job", "dataset", "product"])
    .describe(
      "product: a product with no dataset in the graph, drawn because a declared input links it.",
    ),
  namespace: z.string(),
  name: z.string(),
  domain: z.string().nullable().describe("The linked product's domain, else the reporting key's."),
  product: z.string().nullable().describe("domain/name of the linked product."),
  depth: z.int().describe("Steps from the start: negative upstream, positive downstream."),
});
export type LineageNode = z.infer<typeof LineageNode>;

export const LINEAGE_EDGE_KINDS = ["reads", "writes", "derives", "declared"] as const;

export const LineageEdge = z.object({
  source: z.int(),
  target: z.int(),
  kind: z
    .enum(LINEAGE_EDGE_KINDS)
    .describe(
      "reads: dataset → job; writes: job → dataset; derives: dataset → dataset (datasets view); declared: a product's declared input (spec `inputs`) with no observed edge in this graph to carry it.",
    ),
  declared: z
    .boolean()
    .describe("The edge carries an input the consuming product declares in its spec's `inputs`."),
  observed: z
    .boolean()
    .describe(
      "Seen in OpenLineage events. false: declared, never observed (a `declared` edge only).",
    ),
});
export type LineageEdge = z.infer<typeof LineageEdge>;

export const LineageGraph = z
  .object({
    nodes: z.array(LineageNode),
    edges: z.array(LineageEdge),
    truncated: z.boolean().describe("More nodes matched than one answer holds (2000)."),
  })
  .meta({ id: "LineageGraph" });
export type LineageGraph = z.infer<typeof LineageGraph>;

export const LineageComparison = z.object({
  confirmed: z.array(ProductRef),
  declaredOnly: z.array(ProductRef).describe("Declared in the contract, never observed."),
  observedOnly: z.array(ProductRef).describe("Observed in events, not declared."),
});

export const ProductLineage = LineageGraph.extend({
  start: z.array(z.int()).describe("Ids of the product's datasets."),
  inputs: LineageComparison,
}).meta({ id: "ProductLineage" });
export type ProductLineage = z.infer<typeof ProductLineage>;

export const ColumnQuery = z.object({
  namespace: z.string().min(1).max(1000),
  name: z.string().min(1).max(1000),
  field: z.string().min(1).max(1000),
  direction: z.enum(["upstream", "downstream"]).default("upstream"),
  depth: Depth,
});

const FieldRef = z.object({ namespace: z.string(), name: z.string(), field: z.string() });
const DatasetRef = z.object({ namespace: z.string(), name: z.string() });

/** One transformation of the column-lineage facet (1-2-0): DIRECT/INDIRECT and its subtype. */
export const ColumnTransformation = z.looseObject({
  type: z.string().describe("DIRECT (the value is derived from the input) or INDIRECT."),
  subtype: z
    .string()
    .optional()
    .describe("IDENTITY, TRANSFORMATION, AGGREGATION; JOIN, FILTER, GROUP_BY, SORT, …"),
  description: z.string().optional(),
  masking: z.boolean().optional().describe("The transformation masks the input's value."),
});
export type ColumnTransformation = z.infer<typeof ColumnTransformation>;
const Transformations = z
  .array(ColumnTransformation)
  .nullable()
  .describe("As the producer sent them; null when it sent none.");

export const ColumnLineageResult = z
  .object({
    field: FieldRef,
    edges: z.array(
      z.object({ from: FieldRef, to: FieldRef, depth: z.int(), transformation: Transformations }),
    ),
    datasetWide: z
      .array(
        z.object({
          from: FieldRef,
          to: DatasetRef.describe("Every column of this dataset is affected."),
          depth: z.int(),
          transformation: Transformations,
        }),
      )
      .describe(
        "The facet's `dataset` entries met on the walk: input fields that affect every column " +
          "of a dataset (INDIRECT: JOIN, FILTER, GROUP_BY…). Upstream: those of each dataset " +
          "reached; downstream: the datasets the walked fields affect as a whole.",
      ),
  })
  .meta({ id: "ColumnLineage" });
export type ColumnLineageResult = z.infer<typeof ColumnLineageResult>;

// ---- Jobs, runs and datasets --------------------------------------------------------------------

/** A job or dataset in the path: each segment percent-encoded (`s3%3A%2F%2Fbucket`). */
export const LineageNodeParams = z.object({
  namespace: z.string().min(1).max(1000),
  name: z.string().min(1).max(1000),
});

export const LineageRun = z
  .object({
    runId: z.string(),
    state: z.string().describe("The newest event's type: START, RUNNING, COMPLETE, FAIL, …"),
    startedAt: z.iso.datetime().nullable(),
    endedAt: z.iso.datetime().nullable().describe("COMPLETE, FAIL or ABORT time."),
    durationMs: z.int().nullable().describe("endedAt − startedAt, when both are known."),
    lastEventTime: z.iso.datetime(),
    ...RunFacetsView.shape,
  })
  .meta({ id: "LineageRun" });
export type LineageRun = z.infer<typeof LineageRun>;

export const LineageJob = z
  .object({
    namespace: z.string(),
    name: z.string(),
    domain: z.string().nullable().describe("The domain of the key that first reported it."),
    firstSeenAt: z.iso.datetime(),
    lastSeenAt: z.iso.datetime(),
    facets: JobFacetsView,
    inputs: z.array(DatasetRef).describe("Datasets its runs read."),
    outputs: z.array(DatasetRef).describe("Datasets its runs wrote."),
    latestRun: LineageRun.nullable(),
  })
  .meta({ id: "LineageJob" });
export type LineageJob = z.infer<typeof LineageJob>;

export const LineageRunsQuery = z.object({
  page: Page,
  pageSize: PageSize,
  state: z.enum(RUN_EVENT_TYPES).optional().describe("Only runs in this state."),
});
export const LineageRunPage = z
  .object({ items: z.array(LineageRun).describe("Newest first."), pagination: Pagination })
  .meta({ id: "LineageRunPage" });
export type LineageRunPage = z.infer<typeof LineageRunPage>;

export const LineageDataset = z
  .object({
    namespace: z.string(),
    name: z.string(),
    product: z.string().nullable().describe("domain/name of the linked product."),
    firstSeenAt: z.iso.datetime(),
    lastSeenAt: z.iso.datetime(),
    facets: DatasetFacetsView,
    columns: z
      .array(z.string())
      .describe("Its schema's fields and the fields column lineage names, sorted."),
    producers: z.array(DatasetRef).describe("Jobs that wrote it."),
    consumers: z.array(DatasetRef).describe("Jobs that read it."),
    lastWrite: z.iso
      .datetime()
      .nullable()
      .describe("The newest COMPLETE run event that wrote it, any reporter."),
  })
  .meta({ id: "LineageDataset" });
export type LineageDataset = z.infer<typeof LineageDataset>;

export const DatasetLinkBody = z
  .strictObject({
    namespace: z.string().min(1).max(1000),
    name: z.string().min(1).max(1000),
    product: ProductRef.describe("domain/name of the product the dataset belongs to."),
  })
  .meta({ id: "DatasetLinkBody" });
export const DatasetRefQuery = z.object({
  namespace: z.string().min(1).max(1000),
  name: z.string().min(1).max(1000),
});

// ---- SLAs -------------------------------------------------------------------------------------

const Status = z.enum(SLA_STATUSES);
const Check = z.enum(SLA_CHECKS);
const Result = z.object({ status: Status, reason: z.string() });

export const SlaReport = z.object({
  freshness: Result,
  quality: Result,
  availability: Result,
  overall: Result,
});

export const SlaHistoryEntry = z.object({
  check: Check,
  status: Status,
  reason: z.string(),
  at: z.iso.datetime(),
});
export type SlaHistoryEntry = z.infer<typeof SlaHistoryEntry>;

export const ForeignWrite = z.object({
  dataset: z.object({ namespace: z.string(), name: z.string() }),
  domain: z.string().nullable().describe("The reporting key's domain (null: a deleted key)."),
  write: z.boolean().describe("A completed write (would count for freshness)."),
  quality: z.boolean().describe("Carries quality facets (would count for quality)."),
  at: z.iso.datetime(),
});
export type ForeignWrite = z.infer<typeof ForeignWrite>;

export const ProductSla = z
  .object({
    product: ProductRef,
    evaluatedAt: z.iso.datetime(),
    current: SlaReport,
    history: z.array(SlaHistoryEntry).describe("Status changes, oldest first."),
    foreignWrites: z
      .array(ForeignWrite)
      .describe(
        "The newest (at most 20) writes and quality reports about the product's datasets by " +
          "other domains' keys: stored, never counted for its SLA.",
      ),
  })
  .meta({ id: "ProductSla" });
export type ProductSla = z.infer<typeof ProductSla>;

export const SlaSummary = z
  .object({
    counts: z.record(Status, z.int()),
    products: z.array(
      z.object({
        product: ProductRef,
        status: Status,
        reason: z.string(),
        since: z.iso.datetime(),
      }),
    ),
  })
  .meta({ id: "SlaSummary" });
export type SlaSummary = z.infer<typeof SlaSummary>;

export const ProbeBody = z
  .strictObject({
    product: ProductRef,
    ok: z.boolean(),
    statusCode: z.int().min(100).max(599).optional(),
    latencyMs: z.int().min(0).max(INT32_MAX).optional(),
    error: z.string().max(2000).optional(),
    at: z.iso.datetime({ offset: true }).optional().describe("When it was probed; default now."),
  })
  .meta({ id: "ProbeBody" });

// ---- API keys and webhooks ----------------------------------------------------------------------

export const DomainItemParams = z.object({ slug: DomainSlug, id: z.string().min(1).max(64) });

export const CreateApiKeyBody = z
  .strictObject({ label: TrimmedText(1, 80, "give the key a label") })
  .meta({ id: "CreateApiKeyBody" });

export const ApiKey = z.object({
  id: z.string(),
  label: z.string(),
  prefix: z.string(),
  scopes: z.array(z.string()),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
});
export type ApiKey = z.infer<typeof ApiKey>;
export const ApiKeyList = z.object({ items: z.array(ApiKey) }).meta({ id: "ApiKeyList" });
export const CreatedApiKey = ApiKey.extend({
  key: z.string().describe("The key itself: shown this once, store it now."),
}).meta({ id: "CreatedApiKey" });

export const CreateWebhookBody = z
  .strictObject({ url: z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }) })
  .meta({ id: "CreateWebhookBody" });

export const WebhookDeliveryView = z.object({
  id: z.string(),
  event: z.string(),
  status: z.enum(["pending", "delivered", "failed"]),
  attempts: z.int(),
  lastStatusCode: z.int().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.iso.datetime(),
});
export const Webhook = z.object({
  id: z.string(),
  url: z.string(),
  createdAt: z.iso.datetime(),
  disabledAt: z.iso.datetime().nullable(),
  deliveries: z.array(WebhookDeliveryView),
});
export type Webhook = z.infer<typeof Webhook>;
export const WebhookList = z.object({ items: z.array(Webhook) }).meta({ id: "WebhookList" });
export const CreatedWebhook = Webhook.extend({
  secret: z.string().describe("HMAC-SHA256 signing secret: shown this once."),
}).meta({ id: "CreatedWebhook" });

export const ProductRefParams = z.object({ domain: DomainSlug, name: ProductName });

/** The product picker's search on the lineage page: a few matches, never the whole list. */
export const LineageProductsQuery = z.object({
  q: z
    .string()
    .trim()
    .toLowerCase()
    .max(200)
    .optional()
    .describe(
      "Part of a product's reference: text in its domain or name, or `domain/name-prefix`. Empty: the first products.",
    ),
  limit: z.coerce.number().int().min(1).max(50).default(20).describe("At most this many, 1 to 50."),
});
export type LineageProductsQuery = z.infer<typeof LineageProductsQuery>;

export const LineageProductList = z
  .object({
    items: z
      .array(z.string())
      .describe("`domain/name` of the matching products still in service, in that order."),
  })
  .meta({ id: "LineageProductList" });
export type LineageProductList = z.infer<typeof LineageProductList>;
export const ProductLineageQuery = z.object({
  depth: z.coerce.number().int().min(1).max(MAX_DEPTH).default(4),
});
