/**
 * The OpenAPI 3.1 document of the Iceberg REST catalog as Meshplane serves it (/api/iceberg,
 * served at /api/iceberg/v1/openapi.json), generated from the zod schemas the route handlers
 * parse with (service.ts) and the metadata schema stored tables are read with. It describes only
 * what is implemented (the `endpoints` of /v1/config, plus the OAuth token endpoint and the
 * refused DELETE), with the operationIds and error shape of the upstream spec, so schemathesis
 * fuzzes the catalog against it (test/integration/iceberg/schemathesis.test.ts). The upstream
 * spec's conformance is checked separately with the official Java client's parsers
 * (test/integration/iceberg/spec-conformance.test.ts).
 */
import { z } from "zod";
import {
  createDocument,
  type ZodOpenApiOperationObject,
  type ZodOpenApiResponseObject,
} from "zod-openapi";
import { StoredTableMetadata } from "#lib/iceberg/table-metadata";
import { forEachSchemaObject, withoutNul } from "../openapi";
import {
  CommitTableRequest,
  CommitTransactionRequest,
  CreateTableRequest,
  ListNamespacesQuery,
  NamespaceParams,
  PrefixParams,
  RegisterTableRequest,
  TableIdentifier,
  TableParams,
} from "./service";

// ─── Response bodies ─────────────────────────────────────────────────────────────────────────

const StringMap = z.record(z.string(), z.string());

const IcebergErrorResponse = z
  .object({
    error: z.object({
      message: z.string(),
      type: z.string(),
      code: z.number().int().min(400).max(599),
    }),
  })
  .meta({ id: "IcebergErrorResponse" });

const CatalogConfig = z
  .object({ defaults: StringMap, overrides: StringMap, endpoints: z.array(z.string()) })
  .meta({ id: "CatalogConfig" });

const ListNamespacesResponse = z
  .object({ namespaces: z.array(z.array(z.string())) })
  .meta({ id: "ListNamespacesResponse" });

const GetNamespaceResponse = z
  .object({ namespace: z.array(z.string()), properties: StringMap })
  .meta({ id: "GetNamespaceResponse" });

const ListTablesResponse = z
  .object({ identifiers: z.array(TableIdentifier) })
  .meta({ id: "ListTablesResponse" });

const TableMetadata = StoredTableMetadata.meta({ id: "TableMetadata" });

/** A staged create's result has no metadata file yet. */
const LoadTableResult = z
  .object({
    "metadata-location": z.string().optional(),
    metadata: TableMetadata,
    config: StringMap.optional(),
  })
  .meta({ id: "LoadTableResult" });

const CommitTableResponse = z
  .object({ "metadata-location": z.string(), metadata: TableMetadata })
  .meta({ id: "CommitTableResponse" });

const OAuthTokenRequest = z.object({
  grant_type: z.literal("client_credentials"),
  client_id: z.string().optional(),
  client_secret: z.string(),
  scope: z.string().optional(),
});

const OAuthTokenResponse = z
  .object({
    access_token: z.string(),
    token_type: z.literal("bearer"),
    expires_in: z.number().int(),
  })
  .meta({ id: "OAuthTokenResponse" });

const OAuthError = z
  .object({
    error: z.enum(["invalid_request", "invalid_client", "unsupported_grant_type", "server_error"]),
    error_description: z.string().optional(),
  })
  .meta({ id: "OAuthError" });

// ─── Operations ──────────────────────────────────────────────────────────────────────────────

const json = (schema: z.ZodType, description = "OK"): ZodOpenApiResponseObject => ({
  description,
  content: { "application/json": { schema } },
});
const error = (description: string) => json(IcebergErrorResponse, description);
const none = (description: string): ZodOpenApiResponseObject => ({ description });
const body = (schema: z.ZodType) => ({
  required: true,
  content: { "application/json": { schema } },
});

/** What withApi may answer any catalog operation (errors as IcebergErrorResponse). */
const COMMON = {
  "401": error(
    "NotAuthorizedException: no valid bearer (domain API key, OAuth token, platform token) or session.",
  ),
  "503": error(
    "ServiceUnavailableException (with Retry-After): the database cannot be reached, or the table's storage did not take a new metadata file; nothing was committed.",
  ),
};
const INPUT = {
  "400": error(
    "BadRequestException: a parameter or the body is not valid (the message names the field), or holds a NUL.",
  ),
};
const BODY = {
  "413": error("The body is larger than MESHPLANE_MAX_BODY_BYTES."),
};
/** HEAD answers carry no body, errors included. */
const HEAD_COMMON = {
  "400": none("A parameter is not valid."),
  "401": none("No valid credentials."),
  "503": none("The database cannot be reached."),
};

function operation(
  operationId: string,
  summary: string,
  spec: Omit<ZodOpenApiOperationObject, "operationId" | "summary" | "security" | "tags">,
  head = false,
): ZodOpenApiOperationObject {
  const withInput = spec.requestParams !== undefined || spec.requestBody !== undefined;
  return {
    operationId,
    summary,
    tags: ["iceberg"],
    security: [{ bearer: [] }],
    ...spec,
    responses: {
      ...(head ? HEAD_COMMON : COMMON),
      ...(withInput && !head ? INPUT : {}),
      ...(spec.requestBody !== undefined ? BODY : {}),
      ...spec.responses,
    },
  };
}

const namespaceMissing = error("NoSuchNamespaceException: no domain of that name.");
const tableMissing = error(
  "NoSuchNamespaceException / NoSuchTableException: no such domain, product or table (or not visible to the caller).",
);

function paths() {
  const tablePath = "/api/iceberg/v1/{prefix}/namespaces/{namespace}/tables/{table}";
  return {
    "/api/iceberg/v1/config": {
      get: operation("getConfig", "The prefix, the token endpoint and the endpoints served", {
        responses: { "200": json(CatalogConfig) },
      }),
    },
    "/api/iceberg/v1/oauth/tokens": {
      post: {
        operationId: "getToken",
        summary: "OAuth2 client credentials: a domain API key's secret for an hour's bearer",
        tags: ["iceberg"],
        security: [],
        requestBody: {
          required: true,
          content: { "application/x-www-form-urlencoded": { schema: OAuthTokenRequest } },
        },
        responses: {
          "200": json(OAuthTokenResponse),
          "400": json(OAuthError, "invalid_request / unsupported_grant_type"),
          "401": json(OAuthError, "invalid_client: not a live API key"),
        },
      },
    },
    "/api/iceberg/v1/{prefix}/namespaces": {
      get: operation("listNamespaces", "Every domain (namespaces are one level)", {
        requestParams: { path: PrefixParams, query: ListNamespacesQuery },
        responses: {
          "200": json(ListNamespacesResponse),
          "404": error("NoSuchNamespaceException: `parent` names no domain."),
        },
      }),
    },
    "/api/iceberg/v1/{prefix}/namespaces/{namespace}": {
      get: operation("loadNamespaceMetadata", "A domain: its name and description", {
        requestParams: { path: NamespaceParams },
        responses: { "200": json(GetNamespaceResponse), "404": namespaceMissing },
      }),
      head: operation(
        "namespaceExists",
        "Whether the domain exists",
        {
          requestParams: { path: NamespaceParams },
          responses: { "204": none("It exists."), "404": none("It does not.") },
        },
        true,
      ),
    },
    "/api/iceberg/v1/{prefix}/namespaces/{namespace}/tables": {
      get: operation("listTables", "The domain's tables the caller may read", {
        requestParams: { path: NamespaceParams },
        responses: { "200": json(ListTablesResponse), "404": namespaceMissing },
      }),
      post: operation("createTable", "Create the table of the domain's product `name`", {
        requestParams: { path: NamespaceParams },
        requestBody: body(CreateTableRequest),
        responses: {
          "200": json(LoadTableResult),
          "403": error(
            "ForbiddenException: only the product's domain and the platform create its table; never an AWS (Glue) or GCP (BigLake) product's.",
          ),
          "404": tableMissing,
          "409": error("AlreadyExistsException: the product's table exists."),
        },
      }),
    },
    [tablePath]: {
      get: operation("loadTable", "LoadTableResult with an ETag; If-None-Match on it → 304", {
        requestParams: {
          path: TableParams,
          header: z.object({ "if-none-match": z.string().optional() }),
        },
        responses: {
          "200": json(LoadTableResult),
          "304": none("Not modified: the ETag names the current version."),
          "403": error(
            "ForbiddenException: a restricted product, read by its own domain and the domains granted access; or a GCP product's table deployed before its metadata was exported (the message names BigLake's REST catalog).",
          ),
          "404": tableMissing,
        },
      }),
      head: operation(
        "tableExists",
        "Whether the table exists and the caller may read it",
        {
          requestParams: { path: TableParams },
          responses: {
            "204": none("It exists."),
            "403": none("The caller may not read it."),
            "404": none("It does not."),
          },
        },
        true,
      ),
      post: operation("updateTable", "Commit updates under requirements (compare-and-swap)", {
        requestParams: { path: TableParams },
        requestBody: body(CommitTableRequest),
        responses: {
          "200": json(CommitTableResponse),
          "403": error(
            "ForbiddenException: only the product's domain and the platform commit; an AWS (Glue) or GCP (BigLake) table is read-only here (the message names where to commit).",
          ),
          "404": tableMissing,
          "409": error(
            "CommitFailedException: a requirement does not hold, or another commit won.",
          ),
        },
      }),
      delete: operation("dropTable", "Refused: a product's table goes with its decommission", {
        requestParams: { path: TableParams },
        responses: {
          "403": error("ForbiddenException: tables are dropped by decommissioning their product."),
          "404": tableMissing,
        },
      }),
    },
    "/api/iceberg/v1/{prefix}/namespaces/{namespace}/register": {
      post: operation(
        "registerTable",
        "Make an existing metadata file the product table's current one",
        {
          requestParams: { path: NamespaceParams },
          requestBody: body(RegisterTableRequest),
          responses: {
            "200": json(LoadTableResult),
            "403": error(
              "ForbiddenException: only the product's domain and the platform register; never an AWS (Glue) or GCP (BigLake) product's table.",
            ),
            "404": tableMissing,
            "409": error("AlreadyExistsException: the table exists (send `overwrite`)."),
          },
        },
      ),
    },
    "/api/iceberg/v1/{prefix}/transactions/commit": {
      post: operation("commitTransaction", "Several tables' commits, atomically", {
        requestParams: { path: PrefixParams },
        requestBody: body(CommitTransactionRequest),
        responses: {
          "204": none("All committed."),
          "403": error(
            "ForbiddenException: a table the caller may not commit to, or a read-only AWS / GCP table.",
          ),
          "404": tableMissing,
          "409": error(
            "CommitFailedException: a requirement does not hold; nothing was committed.",
          ),
        },
      }),
    },
  };
}

/**
 * Any JSON value without NUL (withApi refuses NUL in any text or key of a body: 400): the value
 * of the fields the catalog's objects carry over unread (extra fields are kept, as the spec's
 * objects allow), instead of the generator's "anything".
 */
const JSON_VALUE = { $ref: "#/components/schemas/JsonValue" };
const jsonValueSchema = () => ({
  anyOf: [
    { type: "string" as const },
    { type: "number" as const },
    { type: "boolean" as const },
    { type: "null" as const },
    { type: "array" as const, items: JSON_VALUE },
    { type: "object" as const, additionalProperties: JSON_VALUE },
  ],
});

/** Open objects' extra fields as JsonValue (see above); withoutNul then forbids NUL in keys. */
function extraFieldsAsJson<T>(document: T): T {
  forEachSchemaObject(document, (schema) => {
    const extra = schema.additionalProperties;
    const open =
      extra === undefined ||
      (typeof extra === "object" && extra !== null && Object.keys(extra).length === 0);
    if (schema.type === "object" && open) schema.additionalProperties = JSON_VALUE;
  });
  return document;
}

export function icebergOpenApiDocument() {
  const document = createDocument({
    openapi: "3.1.0",
    info: {
      title: "Meshplane Iceberg REST catalog",
      version: "1.0.0",
      description:
        "The part of the Apache Iceberg REST Catalog API that Meshplane implements: namespaces are domains, tables are data products' tables. See docs/iceberg.md.",
    },
    servers: [{ url: "/" }],
    components: {
      schemas: { JsonValue: jsonValueSchema() },
      securitySchemes: {
        bearer: {
          type: "http",
          scheme: "bearer",
          description:
            "A domain API key (mpl_…), an OAuth token for one (mpo_…) or the platform token",
        },
      },
    },
    paths: paths(),
  });
  return withoutNul(extraFieldsAsJson(document));
}
