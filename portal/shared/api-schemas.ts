/**
 * The REST API's bodies, queries and responses: one zod schema each, shared by the route
 * handlers (parsing), the pages (types, live validation) and the OpenAPI document (generated from
 * these very schemas). Browser-safe.
 */
import { z } from "zod";
import {
  BUMPS,
  CHANGE_KINDS,
  CLASSIFICATIONS,
  CLOUDS,
  CatalogRegistration,
  DataProductOutputs,
  DataProductSpec,
  DomainSlug,
  ProductName,
  ProductRef,
  SemanticVersion,
  SEVERITIES,
  TIERS,
  TrimmedText,
} from "#contract";
import { DEPLOYMENT_OPERATIONS, DEPLOYMENT_STATUSES } from "#core/deployment-lifecycle";
import { StoredPlan } from "#core/plan-result";
import {
  CATALOG_ACCESS,
  CATALOG_SORTS,
  FACETS,
  MATCH_FIELDS,
  SLA_FACET_VALUES,
  type Facet,
} from "./catalog-vocabulary";
import { REQUEST_ACTIONS, REQUEST_KINDS, REQUEST_STATUSES } from "#core/request-lifecycle";
import { sunsetIssue } from "#core/sunset";

export { CATALOG_SORTS, FACETS, MATCH_FIELDS, type Facet } from "./catalog-vocabulary";

export const MAX_PAGE_SIZE = 100;

/** The largest value of a PostgreSQL `integer` column: numbers bound for one stay within it. */
export const INT32_MAX = 2_147_483_647;

export const Page = z.coerce
  .number()
  .int()
  .min(1)
  .max(10_000)
  .default(1)
  .describe("1-based page number.");
export const PageSize = z.coerce
  .number()
  .int()
  .min(1)
  .max(MAX_PAGE_SIZE)
  .default(20)
  .describe(`Items per page, at most ${MAX_PAGE_SIZE}.`);

export const Pagination = z.object({ page: z.int(), pageSize: z.int(), total: z.int() });

export const FieldError = z
  .object({
    path: z.string().describe("Dotted path of the field, e.g. table.columns[2].type."),
    message: z.string(),
  })
  .meta({ id: "FieldError" });
export type FieldError = z.infer<typeof FieldError>;

/** RFC 9457 problem details: every error response of the API. */
export const Problem = z
  .object({
    type: z.string().describe("URI of the problem type."),
    title: z.string(),
    status: z.int(),
    detail: z.string().optional(),
    errors: z.array(FieldError).optional().describe("Validation errors, one per field."),
  })
  .meta({ id: "Problem" });
export type Problem = z.infer<typeof Problem>;

export const UserRef = z
  .object({ id: z.string(), name: z.string(), email: z.string() })
  .meta({ id: "UserRef" });
export type UserRef = z.infer<typeof UserRef>;

// ---- Requests ---------------------------------------------------------------------------------

/**
 * A draft may be incomplete: it needs only its identity (domain and name) to be saved. Submitting
 * validates the whole DataProductSpec.
 */
export const DraftSpec = z
  .looseObject({ domain: DomainSlug, name: ProductName })
  .describe(
    "A DataProductSpec in progress; domain and name are required, the rest is checked on submit.",
  )
  .meta({ id: "DraftSpec" });
export type DraftSpec = z.infer<typeof DraftSpec>;

/** A decommission's sunset, checked against the clock when the body is parsed (core/sunset.ts). */
const SunsetAt = z.iso.datetime({ offset: true }).superRefine((value, ctx) => {
  const issue = sunsetIssue(new Date(value), new Date());
  if (issue !== undefined) ctx.addIssue({ code: "custom", message: issue });
});

export const CreateRequestBody = z
  .discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("create"), spec: DraftSpec }),
    z.strictObject({
      kind: z.literal("update"),
      spec: DraftSpec.describe("The live product's new spec; domain and name stay the product's."),
    }),
    z.strictObject({
      kind: z.literal("decommission"),
      product: ProductRef,
      reason: TrimmedText(3, 2000),
      sunsetAt: SunsetAt.optional().describe(
        "When to retire it (ISO 8601, future, at most a year ahead): until then the product stays readable and is shown deprecated; the destroy is queued then. Without it, the destroy runs when deployed.",
      ),
    }),
  ])
  .meta({ id: "CreateRequestBody" });
export type CreateRequestBody = z.infer<typeof CreateRequestBody>;

export const UpdateDraftBody = z.strictObject({ spec: DraftSpec }).meta({ id: "UpdateDraftBody" });

export const DecisionBody = z
  .strictObject({
    reason: TrimmedText(3, 2000, "give a reason of at least 3 characters"),
  })
  .meta({ id: "DecisionBody" });

export const ApproveBody = DecisionBody.extend({
  acknowledgeBreaking: z
    .boolean()
    .optional()
    .describe("Required (true) when the request makes a breaking change: the reviewer saw it."),
  overrideReason: TrimmedText(3, 2000, "give a reason of at least 3 characters")
    .optional()
    .describe(
      "Approve although the current spec's plan preview is pending, missing or reports policy violations: why (recorded).",
    ),
}).meta({ id: "ApproveBody" });

export const CommentBody = z
  .strictObject({ body: TrimmedText(1, 5000, "write a comment") })
  .meta({ id: "CommentBody" });

export const RequestListQuery = z.object({
  page: Page,
  pageSize: PageSize,
  status: z.enum(REQUEST_STATUSES).optional(),
  kind: z.enum(REQUEST_KINDS).optional(),
  domain: DomainSlug.optional(),
  mine: z.enum(["true", "false"]).optional().describe("true: only requests I created."),
});

export const RequestSummary = z
  .object({
    id: z.string(),
    kind: z.enum(REQUEST_KINDS),
    status: z.enum(REQUEST_STATUSES),
    domain: z.string(),
    name: z.string(),
    displayName: z.string().nullable(),
    requestedBy: UserRef,
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: "RequestSummary" });
export type RequestSummary = z.infer<typeof RequestSummary>;

export const StatusChange = z
  .object({
    from: z.enum(REQUEST_STATUSES).nullable(),
    to: z.enum(REQUEST_STATUSES),
    action: z.enum(["create", ...REQUEST_ACTIONS]),
    reason: z.string().nullable(),
    actor: UserRef.nullable(),
    at: z.iso.datetime(),
  })
  .meta({ id: "StatusChange" });
export type StatusChange = z.infer<typeof StatusChange>;

export const RequestComment = z
  .object({ id: z.string(), author: UserRef, body: z.string(), createdAt: z.iso.datetime() })
  .meta({ id: "RequestComment" });
export type RequestComment = z.infer<typeof RequestComment>;

export const RequestDetail = RequestSummary.extend({
  spec: z.record(z.string(), z.unknown()).describe("The requested DataProductSpec (as saved)."),
  reason: z.string().nullable().describe("Why a decommission was requested."),
  sunsetAt: z.iso
    .datetime()
    .nullable()
    .describe("A decommission's sunset: the product stays readable, deprecated, until then."),
  issues: z.array(FieldError).describe("What still stops the spec from validating."),
  history: z.array(StatusChange),
  comments: z.array(RequestComment),
}).meta({ id: "RequestDetail" });
export type RequestDetail = z.infer<typeof RequestDetail>;

export const RequestPlan = z
  .object({
    plan: StoredPlan.nullable().describe(
      "The stored plan preview: resources DataProduct would create and mesh policy results.",
    ),
    current: z.boolean().describe("False when the spec changed since the plan was computed."),
    running: z.boolean().describe("True while this server computes a pending plan."),
  })
  .meta({ id: "RequestPlan" });
export type RequestPlan = z.infer<typeof RequestPlan>;

export const RequestList = z
  .object({ items: z.array(RequestSummary), pagination: Pagination })
  .meta({ id: "RequestList" });
export type RequestList = z.infer<typeof RequestList>;

// ---- Products and catalog ---------------------------------------------------------------------

export const PRODUCT_STATUSES = [
  "requested",
  "deploying",
  "live",
  "failed",
  "decommissioned",
] as const;

export const ProductSummary = z
  .object({
    domain: z.string(),
    name: z.string(),
    displayName: z.string(),
    description: z.string(),
    tier: z.enum(TIERS),
    classification: z.enum(CLASSIFICATIONS),
    cloud: z.enum(CLOUDS),
    region: z.string(),
    ownerTeam: z.string(),
    status: z.enum(PRODUCT_STATUSES),
    tags: z.record(z.string(), z.string()),
    updatedAt: z.iso.datetime(),
    deprecated: z
      .boolean()
      .describe("Live, with an approved decommission whose sunset has not come yet."),
    sunsetAt: z.iso
      .datetime()
      .nullable()
      .describe("When the approved decommission retires it; null when none is scheduled."),
  })
  .meta({ id: "ProductSummary" });
export type ProductSummary = z.infer<typeof ProductSummary>;

export const Deployment = z
  .object({
    id: z.string(),
    operation: z.enum(DEPLOYMENT_OPERATIONS),
    status: z.enum(DEPLOYMENT_STATUSES),
    stack: z.string(),
    createdAt: z.iso.datetime(),
    finishedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: "Deployment" });

export const CatalogEvent = z
  .object({
    event: z.enum(["registered", "updated", "decommissioned"]),
    environment: z.string().nullable(),
    stack: z.string().nullable(),
    at: z.iso.datetime(),
  })
  .describe("A registration by a deployed stack (PUT/DELETE on the catalog endpoint).")
  .meta({ id: "CatalogEvent" });
export type CatalogEvent = z.infer<typeof CatalogEvent>;

export const TableColumnDifference = z
  .object({
    column: z.string().describe("The column's name in the spec (in the table for `extra`)."),
    kind: z
      .enum(["missing", "extra", "renamed", "type", "required", "doc"])
      .describe(
        "missing: in the spec, not in the table; extra: in the table only; renamed, type, " +
          "required, doc: the same column (by field id, else by name) differs in that.",
      ),
    spec: z
      .string()
      .optional()
      .describe("What the spec says (type, name, required/optional, doc)."),
    table: z.string().optional().describe("What the table's current schema says."),
  })
  .meta({ id: "TableColumnDifference" });
export type TableColumnDifference = z.infer<typeof TableColumnDifference>;

export const ProductTableSchema = z
  .object({
    matchesSpec: z
      .boolean()
      .describe("The catalog head's current schema is the table the product's spec describes."),
    metadataLocation: z.string().describe("The catalog head the comparison was made on."),
    differences: z.array(TableColumnDifference),
    failedDeployment: z
      .object({
        id: z.string(),
        reason: z.string().describe("Why settle could not commit the spec's table change."),
        at: z.iso.datetime(),
      })
      .nullable()
      .describe(
        "The deployment whose table change was refused (`iceberg-table.evolution-failed`), " +
          "while the table still differs and no later `up` succeeded.",
      ),
    deploying: z
      .boolean()
      .describe("An `up` of the product is queued or running: its settle commits the change."),
  })
  .meta({ id: "ProductTableSchema" })
  .describe(
    "The product's table in Meshplane's Iceberg catalog (local and Azure products) compared " +
      "with its spec; null when the catalog does not write the table or does not hold it yet.",
  );
export type ProductTableSchema = z.infer<typeof ProductTableSchema>;

export const ProductDetail = ProductSummary.extend({
  spec: DataProductSpec,
  outputs: DataProductOutputs.nullable(),
  environment: z.string().nullable(),
  stack: z.string().nullable(),
  upstream: z.array(z.object({ ref: z.string(), registered: z.boolean() })),
  downstream: z.array(z.string()),
  deployments: z.array(Deployment).describe("Pulumi operations run by the automation backend."),
  registrations: z.array(CatalogEvent),
  tableSchema: ProductTableSchema.nullable(),
}).meta({ id: "ProductDetail" });
export type ProductDetail = z.infer<typeof ProductDetail>;

export const CatalogQuery = z.object({
  q: z
    .string()
    .trim()
    .max(200)
    .optional()
    .describe("Full text over name, description, columns, tags."),
  domain: DomainSlug.optional(),
  tier: z.enum(TIERS).optional(),
  cloud: z.enum(CLOUDS).optional(),
  classification: z.enum(CLASSIFICATIONS).optional(),
  owner: z.string().max(63).optional().describe("Owning team."),
  access: z
    .enum(CATALOG_ACCESS, "access is mine")
    .optional()
    .describe(
      "mine: only products my domains may read (our own, those whose classification needs no grant, those granted to us).",
    ),
  health: z
    .enum(SLA_FACET_VALUES)
    .optional()
    .describe("The product's overall SLA status (`unknown`: no data yet)."),
  freshness: z.enum(SLA_FACET_VALUES).optional().describe("The freshness check's status."),
  sort: z.enum(CATALOG_SORTS).default("relevance"),
  page: Page,
  pageSize: PageSize,
});
export type CatalogQuery = z.infer<typeof CatalogQuery>;

const FacetCounts = z.array(z.object({ value: z.string(), count: z.int() }));

export const CatalogMatch = z
  .object({
    field: z.enum(MATCH_FIELDS),
    value: z
      .string()
      .describe(
        "What matched: the column's name, the tag as `key: value`, the owner team, the words " +
          "of the description around the match, the name or the value of tier/cloud/….",
      ),
  })
  .meta({ id: "CatalogMatch" });
export type CatalogMatch = z.infer<typeof CatalogMatch>;

export const CatalogItem = ProductSummary.extend({
  health: z.enum(SLA_FACET_VALUES).describe("Overall SLA status; `unknown`: no data yet."),
  freshness: z.enum(SLA_FACET_VALUES).describe("Freshness check status; `unknown`: no data yet."),
  consumers: z
    .object({
      products: z.int().describe("Products consuming it (inputs, observed lineage, grants)."),
      domains: z.int().describe("Other domains consuming it (products, readers, grants)."),
    })
    .describe("The counts of what the product page's consumers section lists."),
  matchedOn: z
    .array(CatalogMatch)
    .describe("Where the words of q matched this product; empty without q."),
}).meta({ id: "CatalogItem" });
export type CatalogItem = z.infer<typeof CatalogItem>;

export const CatalogCorrection = z
  .object({
    word: z.string().describe("A word of q that matches no live product."),
    searchedFor: z
      .array(z.string())
      .describe("The catalog's words close to it (pg_trgm similarity, at most 2 edits)."),
  })
  .meta({ id: "CatalogCorrection" });

export const CatalogResult = z
  .object({
    items: z.array(CatalogItem),
    corrections: z
      .array(CatalogCorrection)
      .describe(
        "When q as typed matched nothing: the words that were searched for instead (typo tolerance).",
      ),
    pagination: Pagination,
    facets: z
      .object(
        Object.fromEntries(FACETS.map((facet) => [facet, FacetCounts])) as Record<
          Facet,
          typeof FacetCounts
        >,
      )
      .extend({
        access: FacetCounts.describe(
          "`mine` and how many matches the caller's domains may read (none listed when 0).",
        ),
      })
      .describe("Counts per value of each facet, over the matches of q and the other filters."),
  })
  .meta({ id: "CatalogResult" });
export type CatalogResult = z.infer<typeof CatalogResult>;

export const ProductList = z
  .object({ items: z.array(ProductSummary), pagination: Pagination })
  .meta({ id: "ProductList" });

export const ProductListQuery = z.object({
  page: Page,
  pageSize: PageSize,
  domain: DomainSlug.optional(),
  status: z.enum(PRODUCT_STATUSES).optional(),
});

export const CatalogRegistrationBody = CatalogRegistration.meta({ id: "CatalogRegistration" });

export const CatalogRegistrationResult = z
  .object({ domain: z.string(), name: z.string(), created: z.boolean() })
  .meta({ id: "CatalogRegistrationResult" });

export const CatalogDecommissionQuery = z.object({
  stack: z
    .string()
    .min(1)
    .max(400)
    .optional()
    .describe(
      "The Pulumi stack being destroyed (MeshCatalogEntry sends its own). The product is " +
        "decommissioned only if this stack registered it; without `stack`, whichever did.",
    ),
});

// ---- Domains ----------------------------------------------------------------------------------

export const DOMAIN_ROLES = ["member", "owner"] as const;

export const DomainMember = z
  .object({ user: UserRef, role: z.enum(DOMAIN_ROLES) })
  .meta({ id: "DomainMember" });

export const DomainSummary = z
  .object({
    slug: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    memberCount: z.int(),
    productCount: z.int(),
    owners: z.array(UserRef).describe("The domain's owners, by name."),
    archived: z.boolean().describe("Archived domains take no new requests."),
  })
  .meta({ id: "DomainSummary" });
export type DomainSummary = z.infer<typeof DomainSummary>;

export const DomainDetail = DomainSummary.extend({
  mailboxes: z
    .array(z.string())
    .describe("Team mailboxes the domain registered: owners of its products besides its members."),
  members: z.array(DomainMember),
  canManageMembers: z.boolean().describe("Whether the caller may add and remove members."),
}).meta({ id: "DomainDetail" });
export type DomainDetail = z.infer<typeof DomainDetail>;

export const DomainList = z.object({ items: z.array(DomainSummary) }).meta({ id: "DomainList" });

const DomainName = z.string().trim().min(2, "must be at least 2 characters").max(100);
const DomainDescription = z.string().trim().max(2000);

export const CreateDomainBody = z
  .strictObject({
    slug: DomainSlug.describe("The domain's address in paths and specs; fixed once created."),
    name: DomainName,
    description: DomainDescription.default(""),
    owner: z
      .email("must be an email address")
      .describe("A person (signed in once) who becomes the domain's first owner."),
  })
  .meta({ id: "CreateDomainBody" });

export const UpdateDomainBody = z
  .strictObject({
    name: DomainName.optional(),
    description: DomainDescription.optional(),
    archived: z.boolean().optional().describe("Archive (true) or restore (false) the domain."),
    mailboxes: z
      .array(z.email("must be an email address").toLowerCase())
      .max(20)
      .refine((list) => new Set(list).size === list.length, "must not repeat an address")
      .optional()
      .describe(
        "The team mailboxes products of the domain may name as owners (replaces the list).",
      ),
  })
  .refine(
    (body) => Object.keys(body).length > 0,
    "name, description, archived or mailboxes is required",
  )
  .meta({ id: "UpdateDomainBody" });

export const AddMemberBody = z
  .strictObject({
    email: z.email("must be an email address"),
    role: z.enum(DOMAIN_ROLES).default("member"),
  })
  .meta({ id: "AddMemberBody" });

// ---- Versions and changes --------------------------------------------------------------------

export const SpecChange = z
  .object({
    path: z.string().describe("Field path in the newer spec (in the older one for a removal)."),
    kind: z.enum(CHANGE_KINDS),
    before: z.unknown().optional(),
    after: z.unknown().optional(),
    severity: z.enum(SEVERITIES),
    bump: z.enum(BUMPS).describe("The version bump this change needs at least."),
    reason: z.string().describe("What it means for consumers, in Iceberg's terms for the table."),
  })
  .meta({ id: "SpecChange" });
export type SpecChangeView = z.infer<typeof SpecChange>;

export const SpecComparison = z
  .object({
    changes: z.array(SpecChange),
    severity: z.enum(SEVERITIES).nullable().describe("The worst change; null when none."),
    bump: z.enum(BUMPS).nullable().describe("The bump the changes need; null when none."),
  })
  .meta({ id: "SpecComparison" });
export type SpecComparison = z.infer<typeof SpecComparison>;

export const ProductVersionSummary = z
  .object({
    version: SemanticVersion,
    deployedAt: z.iso.datetime(),
    deploymentId: z.string().nullable(),
    requestId: z.string().nullable(),
    live: z.boolean().describe("The version the product runs now."),
  })
  .meta({ id: "ProductVersionSummary" });
export type ProductVersionSummary = z.infer<typeof ProductVersionSummary>;

export const ProductVersionList = z
  .object({ items: z.array(ProductVersionSummary).describe("Newest first.") })
  .meta({ id: "ProductVersionList" });
export type ProductVersionList = z.infer<typeof ProductVersionList>;

export const ProductVersionDetail = ProductVersionSummary.extend({
  spec: z.record(z.string(), z.unknown()).describe("The spec deployed as this version (masked)."),
}).meta({ id: "ProductVersionDetail" });
export type ProductVersionDetail = z.infer<typeof ProductVersionDetail>;

export const VersionComparison = SpecComparison.extend({
  from: SemanticVersion,
  to: SemanticVersion,
}).meta({ id: "VersionComparison" });
export type VersionComparison = z.infer<typeof VersionComparison>;

export const VersionCompareQuery = z.object({
  from: SemanticVersion.describe("The older version."),
  to: SemanticVersion.describe("The newer version."),
});

export const RequestChanges = z
  .object({
    live: SpecComparison.extend({
      version: SemanticVersion.describe("The live version the request changes."),
      proposedVersion: SemanticVersion.nullable().describe(
        "The version the request would deploy as; null while the spec is refused.",
      ),
      issues: z
        .array(FieldError)
        .describe("Why the spec cannot be submitted as it is (illegal changes, version)."),
    })
      .nullable()
      .describe("Against the live version; null for a new product or a spec not valid yet."),
    previousSubmission: SpecComparison.extend({
      version: SemanticVersion,
      submittedAt: z.iso.datetime(),
    })
      .nullable()
      .describe("Against the spec submitted before (a resubmission); null for the first one."),
  })
  .meta({ id: "RequestChanges" });
export type RequestChanges = z.infer<typeof RequestChanges>;

// ---- ODCS -------------------------------------------------------------------------------------

export const ContractQuery = z.object({
  format: z
    .literal("odcs", "the contract exports as format=odcs (Open Data Contract Standard v3)")
    .default("odcs"),
  type: z
    .enum(["yaml", "json"])
    .optional()
    .describe("yaml (default) or json; without it, Accept: application/json chooses JSON."),
  version: SemanticVersion.optional().describe("A deployed version; the newest by default."),
});
export type ContractQuery = z.output<typeof ContractQuery>;

export const OdcsImportBody = z
  .strictObject({
    document: z
      .union([z.string().min(1).max(1_000_000), z.record(z.string(), z.unknown())])
      .describe("An ODCS v3 data contract: YAML or JSON text, or the parsed document."),
  })
  .meta({ id: "OdcsImportBody" });
export type OdcsImportBody = z.output<typeof OdcsImportBody>;

export const OdcsImportResult = z
  .object({
    request: RequestDetail.describe(
      "The new draft: an update when the product is live, else a new product; its issues say what the spec still needs.",
    ),
    unmapped: z
      .array(z.object({ path: z.string(), reason: z.string() }))
      .describe("What the document holds that has no place in a spec, at its path."),
  })
  .meta({ id: "OdcsImportResult" });
export type OdcsImportResult = z.infer<typeof OdcsImportResult>;

// ---- Backstage ---------------------------------------------------------------------------------

export const BackstageQuery = z.strictObject({
  format: z.enum(["json", "yaml"]).default("json").describe("yaml: one document per entity."),
});

export const BackstageEntityList = z
  .object({
    items: z.array(
      z.looseObject({
        apiVersion: z.literal("backstage.io/v1alpha1"),
        kind: z.enum(["Domain", "Group", "System", "Resource", "API"]),
        metadata: z.looseObject({ name: z.string() }),
        spec: z.record(z.string(), z.unknown()),
      }),
    ),
  })
  .meta({ id: "BackstageEntityList" });

// ---- Path parameters --------------------------------------------------------------------------

export const RequestIdParams = z.object({ id: z.string().min(1).max(64) });
export const ProductParams = z.object({ domain: DomainSlug, name: ProductName });
export const VersionParams = ProductParams.extend({ version: SemanticVersion });
export const DomainParams = z.object({ slug: DomainSlug });
export const MemberParams = z.object({ slug: DomainSlug, userId: z.string().min(1).max(64) });

// ---- Session ----------------------------------------------------------------------------------

export const Me = z
  .object({
    user: UserRef,
    platformAdmin: z.boolean(),
    domains: z.array(z.object({ slug: z.string(), role: z.enum(DOMAIN_ROLES) })),
  })
  .meta({ id: "Me" });
export type Me = z.infer<typeof Me>;
