/**
 * The OpenAPI 3.1 document of /api/v1, generated from the very zod schemas the route handlers
 * parse with. A test checks that every route file is described here, and only those.
 */
import {
  AccessDecisionBody,
  AccessRequestBody,
  AccessRequestItem,
  DomainAccess,
  DomainAccessQuery,
  AccessRequestList,
  AccessRequestParams,
} from "../shared/access-schemas";
import {
  createDocument,
  type ZodOpenApiOperationObject,
  type ZodOpenApiPathsObject,
} from "zod-openapi";
import type { z } from "zod";
import {
  AddMemberBody,
  ApproveBody,
  BackstageEntityList,
  BackstageQuery,
  CatalogDecommissionQuery,
  CatalogQuery,
  CatalogRegistrationBody,
  CatalogRegistrationResult,
  CatalogResult,
  CommentBody,
  ContractQuery,
  CreateDomainBody,
  CreateRequestBody,
  DecisionBody,
  DomainDetail,
  DomainList,
  DomainParams,
  MemberParams,
  OdcsImportBody,
  OdcsImportResult,
  Problem,
  ProductDetail,
  ProductList,
  ProductListQuery,
  ProductParams,
  ProductVersionDetail,
  ProductVersionList,
  RequestChanges,
  RequestComment,
  RequestDetail,
  RequestIdParams,
  RequestList,
  RequestListQuery,
  RequestPlan,
  UpdateDomainBody,
  UpdateDraftBody,
  VersionCompareQuery,
  VersionComparison,
  VersionParams,
  Me,
} from "../shared/api-schemas";
import {
  NotificationIdParams,
  NotificationItem,
  NotificationList,
  NotificationListQuery,
  ProductConsumersView,
  ReadAllResult,
} from "../shared/notification-schemas";
import { deploymentPaths } from "./deployments-openapi";
import { OPENLINEAGE_SCHEMAS, lineagePaths } from "./lineage/openapi";

const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: Problem } },
});

/** What every operation may answer, whatever its input. */
const COMMON_ERRORS = {
  "401": problem("Not signed in (or no valid platform token or API key)."),
  "403": problem("Signed in, but not allowed."),
  "500": problem("Unexpected error; details are logged, not returned."),
  "503": problem("The database cannot be reached; retry after `Retry-After` seconds."),
};

/** What operations with path or query parameters or a body may answer besides (withApi). */
const INPUT_ERRORS = {
  "400": problem(
    "A NUL character (U+0000) in a parameter or body field (`errors` names it), or a body that is not JSON or nested too deep.",
  ),
  "422": problem("A parameter or the body is not valid; `errors` lists each field."),
};
const BODY_ERRORS = {
  "413": problem("The body is larger than MESHPLANE_MAX_BODY_BYTES (after decompression)."),
  "415": problem("The body is not sent as application/json."),
};

function json(schema: z.ZodType, description = "OK") {
  return { description, content: { "application/json": { schema } } };
}

function body(schema: z.ZodType) {
  return { required: true, content: { "application/json": { schema } } };
}

function operation(
  tag: string,
  summary: string,
  spec: Omit<ZodOpenApiOperationObject, "responses" | "tags" | "summary" | "security"> & {
    responses: ZodOpenApiOperationObject["responses"];
    auth?: "session" | "platform" | "lineageKey";
  },
): ZodOpenApiOperationObject {
  const { auth = "session", responses, ...rest } = spec;
  const withBody = rest.requestBody !== undefined;
  const { path, query } = rest.requestParams ?? {};
  const withInput = withBody || path !== undefined || query !== undefined;
  const scheme = { session: "session", platform: "platformToken", lineageKey: "lineageKey" }[auth];
  return {
    tags: [tag],
    summary,
    security: [{ [scheme]: [] }],
    ...rest,
    // The route's own descriptions win over the generic ones.
    responses: {
      ...COMMON_ERRORS,
      ...(withInput ? INPUT_ERRORS : {}),
      ...(withBody ? BODY_ERRORS : {}),
      ...responses,
    },
  };
}

const requestAction = (summary: string, reasonBody?: z.ZodType) =>
  operation("requests", summary, {
    requestParams: { path: RequestIdParams },
    ...(reasonBody === undefined ? {} : { requestBody: body(reasonBody) }),
    responses: {
      "200": json(RequestDetail),
      "404": problem("No such request, or not visible to you."),
      "409": problem("The request's status does not allow this."),
      "422": problem("The spec (or reason) is not valid."),
    },
  });

const paths: ZodOpenApiPathsObject = {
  "/api/v1/me": {
    get: operation("session", "Who am I: user, platform-admin flag and domain roles", {
      responses: { "200": json(Me) },
    }),
  },
  "/api/v1/me/notifications": {
    get: operation("notifications", "My notifications, newest first (paginated, `unread` filter)", {
      requestParams: { query: NotificationListQuery },
      responses: { "200": json(NotificationList) },
    }),
  },
  "/api/v1/me/notifications/{id}/read": {
    post: operation("notifications", "Mark one of my notifications read", {
      requestParams: { path: NotificationIdParams },
      responses: {
        "200": json(NotificationItem),
        "404": problem("No such notification of mine."),
        "422": problem("The id is not valid."),
      },
    }),
  },
  "/api/v1/me/notifications/read-all": {
    post: operation("notifications", "Mark all my notifications read", {
      responses: { "200": json(ReadAllResult) },
    }),
  },
  "/api/v1/products/{domain}/{name}/consumers": {
    get: operation("products", "Who consumes a product: declared inputs, lineage, grants", {
      requestParams: { path: ProductParams },
      responses: { "200": json(ProductConsumersView), "404": problem("No such product.") },
    }),
  },
  "/api/v1/products/{domain}/{name}/access-requests": {
    get: operation("access", "A product's access requests and grants (all to its owners)", {
      requestParams: { path: ProductParams },
      responses: { "200": json(AccessRequestList), "404": problem("No such product.") },
    }),
    post: operation("access", "Ask for read access to a product for one of my domains", {
      requestParams: { path: ProductParams },
      requestBody: body(AccessRequestBody),
      responses: {
        "201": json(AccessRequestItem, "Created (a public product's: approved)"),
        "404": problem("No such product."),
        "409": problem("The domain already has an open request or a grant on the product."),
      },
    }),
  },
  ...Object.fromEntries(
    (
      [
        ["approve", "Approve an access request as owner (or admin, restricted)"],
        ["deny", "Deny an access request"],
        ["revoke", "Revoke an access grant"],
      ] as const
    ).map(([action, summary]) => [
      `/api/v1/access-requests/{id}/${action}`,
      {
        post: operation("access", summary, {
          requestParams: { path: AccessRequestParams },
          requestBody: body(AccessDecisionBody),
          responses: {
            "200": json(AccessRequestItem),
            "404": problem("No such access request of mine or my products."),
            "409": problem("Not in a state for this decision, or already approved by you."),
          },
        }),
      },
    ]),
  ),
  "/api/v1/requests": {
    get: operation("requests", "List requests visible to me (paginated, filterable)", {
      requestParams: { query: RequestListQuery },
      responses: { "200": json(RequestList) },
    }),
    post: operation("requests", "Create a draft request (new product or decommission)", {
      requestBody: body(CreateRequestBody),
      responses: {
        "201": json(RequestDetail, "Created"),
        "404": problem("The product to decommission does not exist."),
        "409": problem("An open request or a product with this name already exists."),
      },
    }),
  },
  "/api/v1/requests/import-odcs": {
    post: operation("requests", "Import an ODCS v3 data contract into a new draft request", {
      requestBody: body(OdcsImportBody),
      responses: {
        "201": json(OdcsImportResult, "Created: the draft and what could not be mapped"),
        "409": problem("An open request for the product already exists."),
        "422": problem("Not an ODCS v3 document, or it names no domain and dataProduct."),
      },
    }),
  },
  "/api/v1/requests/{id}": {
    get: operation("requests", "Get a request with its spec, status history and comments", {
      requestParams: { path: RequestIdParams },
      responses: { "200": json(RequestDetail), "404": problem("No such request.") },
    }),
    patch: operation("requests", "Update the spec of a draft", {
      requestParams: { path: RequestIdParams },
      requestBody: body(UpdateDraftBody),
      responses: {
        "200": json(RequestDetail),
        "404": problem("No such request."),
        "409": problem("Only drafts can be edited."),
      },
    }),
    delete: requestAction(
      "Withdraw a request (draft, submitted or rejected); it is kept with its history",
    ),
  },
  "/api/v1/requests/{id}/submit": {
    post: requestAction(
      "Submit a draft for review: validates the spec and, for a change to a live product, refuses an illegal change at its path and a version smaller than the changes need; fills in the version and column ids",
    ),
  },
  "/api/v1/requests/{id}/reopen": {
    post: requestAction("Reopen a rejected request as a draft"),
  },
  "/api/v1/requests/{id}/withdraw": {
    post: requestAction("Withdraw a draft, submitted or rejected request (its domain)"),
  },
  "/api/v1/requests/{id}/approve": {
    post: requestAction(
      "Approve a submitted request (platform admins): a breaking change needs acknowledgeBreaking; answers 409 while the current spec's plan preview is pending, missing or reports policy violations, unless overrideReason is given",
      ApproveBody,
    ),
  },
  "/api/v1/requests/{id}/reject": {
    post: requestAction("Reject a submitted request with a reason (platform admins)", DecisionBody),
  },
  "/api/v1/requests/{id}/plan": {
    get: operation("requests", "Get the request's plan preview and policy results", {
      requestParams: { path: RequestIdParams },
      responses: { "200": json(RequestPlan), "404": problem("No such request.") },
    }),
    post: operation("requests", "Compute the plan preview (unless one of this spec is ready)", {
      requestParams: { path: RequestIdParams },
      responses: {
        "200": json(RequestPlan, "A plan of the current spec is ready (or already running)."),
        "202": json(RequestPlan, "Accepted: the plan is being computed; poll GET."),
        "404": problem("No such request."),
        "409": problem("Decommission requests have no plan preview."),
      },
    }),
  },
  "/api/v1/requests/{id}/changes": {
    get: operation(
      "requests",
      "What the request changes: against the live version and the previous submission",
      {
        requestParams: { path: RequestIdParams },
        responses: { "200": json(RequestChanges), "404": problem("No such request.") },
      },
    ),
  },
  "/api/v1/requests/{id}/comments": {
    post: operation("requests", "Comment on a request", {
      requestParams: { path: RequestIdParams },
      requestBody: body(CommentBody),
      responses: { "201": json(RequestComment, "Created"), "404": problem("No such request.") },
    }),
  },
  "/api/v1/products": {
    get: operation("products", "List data products", {
      requestParams: { query: ProductListQuery },
      responses: { "200": json(ProductList) },
    }),
  },
  "/api/v1/products/{domain}/{name}": {
    get: operation("products", "Get a data product: contract, outputs, lineage, deployments", {
      requestParams: { path: ProductParams },
      responses: { "200": json(ProductDetail), "404": problem("No such product.") },
    }),
  },
  "/api/v1/products/{domain}/{name}/contract": {
    get: operation(
      "products",
      "Export a version of the product's contract as ODCS v3 (YAML or JSON)",
      {
        requestParams: { path: ProductParams, query: ContractQuery },
        responses: {
          "200": {
            description:
              "The ODCS v3.2.0 document: YAML by default, JSON with type=json or Accept: application/json",
            content: {
              "application/yaml": { schema: { type: "string" } },
              "application/json": { schema: { type: "object" } },
            },
          },
          "404": problem("No such product, or no such deployed version."),
          "422": problem("format is not odcs, or version is not major.minor.patch."),
        },
      },
    ),
  },
  "/api/v1/products/{domain}/{name}/versions": {
    get: operation("products", "List the product's deployed versions, newest first", {
      requestParams: { path: ProductParams },
      responses: { "200": json(ProductVersionList), "404": problem("No such product.") },
    }),
  },
  "/api/v1/products/{domain}/{name}/versions/{version}": {
    get: operation("products", "Get one deployed version of the product with its spec", {
      requestParams: { path: VersionParams },
      responses: {
        "200": json(ProductVersionDetail),
        "404": problem("No such product or version."),
      },
    }),
  },
  "/api/v1/products/{domain}/{name}/versions/compare": {
    get: operation(
      "products",
      "Compare two versions field by field, each change with its verdict",
      {
        requestParams: { path: ProductParams, query: VersionCompareQuery },
        responses: {
          "200": json(VersionComparison),
          "404": problem("No such product or version."),
          "422": problem("from or to is not a version, or both are the same."),
        },
      },
    ),
  },
  "/api/v1/catalog": {
    get: operation("catalog", "Search the catalog: full text, facets, sort, pagination", {
      requestParams: { query: CatalogQuery },
      responses: { "200": json(CatalogResult) },
    }),
  },
  "/api/v1/catalog/products/{domain}/{name}": {
    put: operation("catalog", "Register or update a deployed product (Pulumi components)", {
      auth: "platform",
      requestParams: { path: ProductParams },
      requestBody: body(CatalogRegistrationBody),
      responses: {
        "200": json(CatalogRegistrationResult, "Updated"),
        "201": json(CatalogRegistrationResult, "Registered"),
        "409": problem("The product is live from another stack (one environment per product)."),
        "422": problem("The registration is not valid or does not match the path."),
      },
    }),
    delete: operation("catalog", "Mark a product decommissioned (its data is retained)", {
      auth: "platform",
      requestParams: { path: ProductParams, query: CatalogDecommissionQuery },
      responses: {
        "204": {
          description:
            "Decommissioned; or left as it is because another stack than `stack` registered it",
        },
        "404": problem("No such product."),
      },
    }),
  },
  "/api/v1/domains": {
    get: operation("domains", "List domains", { responses: { "200": json(DomainList) } }),
    post: operation("domains", "Create a domain with its first owner (platform admins)", {
      requestBody: body(CreateDomainBody),
      responses: {
        "201": json(DomainDetail, "Created"),
        "409": problem("A domain with this slug exists."),
      },
    }),
  },
  "/api/v1/domains/{slug}/access": {
    get: operation("access", "What a domain consumes and who consumes its products", {
      requestParams: { path: DomainParams, query: DomainAccessQuery },
      responses: {
        "200": json(DomainAccess),
        "403": problem("Not a member of the domain nor a platform admin."),
        "404": problem("No such domain."),
      },
    }),
  },
  "/api/v1/domains/{slug}": {
    get: operation("domains", "Get a domain with its members", {
      requestParams: { path: DomainParams },
      responses: { "200": json(DomainDetail), "404": problem("No such domain.") },
    }),
    patch: operation("domains", "Rename, describe, archive or restore a domain (platform admins)", {
      requestParams: { path: DomainParams },
      requestBody: body(UpdateDomainBody),
      responses: {
        "200": json(DomainDetail),
        "404": problem("No such domain."),
        "409": problem("The domain still has products in service or open requests."),
      },
    }),
  },
  "/api/v1/domains/{slug}/members": {
    post: operation("domains", "Add a member or change their role (domain owners)", {
      requestParams: { path: DomainParams },
      requestBody: body(AddMemberBody),
      responses: { "200": json(DomainDetail), "404": problem("No such domain or user.") },
    }),
  },
  "/api/v1/domains/{slug}/members/{userId}": {
    delete: operation("domains", "Remove a member (domain owners)", {
      requestParams: { path: MemberParams },
      responses: {
        "200": json(DomainDetail),
        "404": problem("No such domain or member."),
        "409": problem("The last owner cannot be removed."),
      },
    }),
  },
  ...lineagePaths(operation, json, body, problem),
  ...deploymentPaths(operation, json, problem),
  "/api/v1/backstage/entities": {
    get: operation("backstage", "Every domain and live product as Backstage catalog entities", {
      requestParams: { query: BackstageQuery },
      responses: {
        "200": {
          description: "JSON `{items}`, or with `format=yaml` one YAML document per entity.",
          content: {
            "application/json": { schema: BackstageEntityList },
            "application/yaml": { schema: { type: "string" } },
          },
        },
      },
    }),
  },
  "/api/v1/backstage/products/{domain}/{name}/catalog-info.yaml": {
    get: operation(
      "backstage",
      "A live product's catalog-info.yaml (Domain, System, Resource, API)",
      {
        requestParams: { path: ProductParams },
        responses: {
          "200": {
            description: "One YAML document per entity.",
            content: { "application/yaml": { schema: { type: "string" } } },
          },
          "404": problem("No live product of that name."),
        },
      },
    ),
  },
  "/api/v1/openapi.json": {
    get: {
      tags: ["meta"],
      summary: "This document",
      security: [],
      responses: { "200": { description: "OpenAPI 3.1 document" } },
    },
  },
};

/** Text in requests never holds NUL (withApi answers 400), nor in responses (the database has none). */
const NO_NUL_PATTERN = "^[^\\u0000]*$";

/**
 * Says on every string schema without a pattern, format or fixed values that it holds no NUL:
 * the one input rule withApi applies to all text rather than a zod schema per field. Patterns of
 * the schemas themselves exclude NUL already (a test checks them).
 */
export function withoutNul<T>(document: T): T {
  const keysKeepNul = openLineageSchemaNodes(document);
  const stack: unknown[] = [document];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== "object" || node === null) continue;
    if (Array.isArray(node)) {
      stack.push(...(node as unknown[]));
      continue;
    }
    const schema = node as Record<string, unknown>;
    const isString =
      schema.type === "string" || (Array.isArray(schema.type) && schema.type.includes("string"));
    const constrained = ["pattern", "format", "enum", "const"].some((key) => key in schema);
    if (isString && !constrained) schema.pattern = NO_NUL_PATTERN;
    // Free-form objects (a draft's spec, tags) take any key, but no key with a NUL either; an
    // OpenLineage event keeps such a key, its NUL made U+FFFD (docs/lineage.md).
    const openObject = schema.type === "object" && schema.additionalProperties !== false;
    if (openObject && !keysKeepNul.has(schema) && !("propertyNames" in schema)) {
      schema.propertyNames = { pattern: NO_NUL_PATTERN };
    }
    stack.push(...Object.values(schema));
  }
  return document;
}

/** Every schema node of the OpenLineage components, following their `$ref`s. */
function openLineageSchemaNodes(document: unknown): Set<unknown> {
  const schemas =
    (document as { components?: { schemas?: Record<string, unknown> } }).components?.schemas ?? {};
  const stack: unknown[] = Object.entries(schemas)
    .filter(([name]) => name.startsWith("OpenLineage"))
    .map(([, schema]) => schema);
  const nodes = new Set<unknown>();
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== "object" || node === null || nodes.has(node)) continue;
    nodes.add(node);
    const ref = (node as { $ref?: unknown }).$ref;
    if (typeof ref === "string") stack.push(schemas[ref.replace("#/components/schemas/", "")]);
    stack.push(...Object.values(node as Record<string, unknown>));
  }
  return nodes;
}

export function openApiDocument() {
  return withoutNul(
    createDocument({
      openapi: "3.1.0",
      info: {
        title: "Meshplane portal API",
        version: "1.0.0",
        description:
          "Requests, reviews, catalog and domains of the Meshplane data mesh. Errors are RFC 9457 problem+json. See docs/portal.md.",
      },
      servers: [{ url: "/" }],
      components: {
        schemas: { ...OPENLINEAGE_SCHEMAS },
        securitySchemes: {
          session: {
            type: "apiKey",
            in: "cookie",
            name: "meshplane.session_token",
            description:
              "Set by sign-in; named __Secure-meshplane.session_token when served over https",
          },
          platformToken: {
            type: "http",
            scheme: "bearer",
            description: "MESHPLANE_PLATFORM_TOKEN",
          },
          lineageKey: {
            type: "http",
            scheme: "bearer",
            description: "A domain API key (mpl_…) issued in the portal; see docs/lineage.md",
          },
        },
      },
      paths,
    }),
  );
}
