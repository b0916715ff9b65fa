/**
 * The Iceberg REST catalog through its real route handlers, sessions, keys and database: a local
 * product's table registered by the workflow, loaded with ETag/304, committed (schema evolution,
 * a snapshot with a 64-bit id), raced (one 200, one 409 CommitFailedException, the loser's file
 * removed), and guarded (another domain's key cannot commit; a restricted product is its own
 * domain's; dropping is refused). pyiceberg drives the same routes over HTTP in
 * test/integration/iceberg/pyiceberg.test.ts.
 */
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as config from "#portal/app/api/iceberg/v1/config/route";
import * as tokens from "#portal/app/api/iceberg/v1/oauth/tokens/route";
import * as namespaces from "#portal/app/api/iceberg/v1/[prefix]/namespaces/route";
import * as namespace from "#portal/app/api/iceberg/v1/[prefix]/namespaces/[namespace]/route";
import * as tables from "#portal/app/api/iceberg/v1/[prefix]/namespaces/[namespace]/tables/route";
import * as table from "#portal/app/api/iceberg/v1/[prefix]/namespaces/[namespace]/tables/[table]/route";
import * as transactions from "#portal/app/api/iceberg/v1/[prefix]/transactions/commit/route";
import * as apiKeys from "#portal/app/api/v1/domains/[slug]/api-keys/route";
import * as apiKey from "#portal/app/api/v1/domains/[slug]/api-keys/[id]/route";
import { ORIGIN, PLATFORM_TOKEN, json, type Harness } from "./harness";
import { PLATFORM_SCOPES, type PlatformPrincipal } from "#portal/server/authz";
import { TableTextCache } from "#portal/server/iceberg/head-cache";
import { loadTableResource } from "#portal/server/iceberg/service";
import { forEachDatabase } from "./databases";
import { CATALOG_URI, deployLocalProduct } from "../../support/iceberg-catalog";
import { icebergTableInput, localWarehouseProvider } from "#components/local/index";
import { DataProductOutputs, DataProductSpec } from "#contract";
import {
  CommitConflict,
  DEPLOYMENT_COMMIT_ATTEMPTS,
  commitDeployedTable,
  commitTable,
  findCatalogTable,
  parseStoredMetadata,
  type CatalogTableRow,
} from "#workflow/iceberg-catalog";
import { settle, settleEffects } from "#workflow/settle";
import { AUTOMATION } from "#workflow/audit";
import { isCatalogOwned, tableEvolution } from "#infra/automation/table-evolution";
import type { Db } from "#db/client";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import * as productRoute from "#portal/app/api/v1/products/[domain]/[name]/route";
import type { ProductDetail, ProductTableSchema } from "#portal/shared/api-schemas";
import { TableSchemaBanner } from "#portal/ui/product/TableSchemaBanner";

vi.mock("server-only", () => ({}));
// A client component (React Query, the router): what it would post is all the banner decides.
vi.mock("#portal/ui/DeploymentButtons", async () => {
  const { createElement: element } = await import("react");
  return {
    DeploymentButtons: ({ actions }: { actions: { label: string; path: string }[] }) =>
      actions.map((action) =>
        element("button", { key: action.path, "data-path": action.path }, action.label),
      ),
  };
});

type Column = DataProductSpec["table"]["columns"][number];

const PREFIX = "meshplane";
const LOCAL = { domain: "payments", name: "churn-local" };
const RESTRICTED = { domain: "payments", name: "churn-restricted" };
const tableParams = (product: { domain: string; name: string }) => ({
  prefix: PREFIX,
  namespace: product.domain,
  table: product.name,
});

interface LoadResult {
  "metadata-location": string;
  metadata: {
    "table-uuid": string;
    "current-schema-id": number;
    "last-column-id": number;
    schemas: { "schema-id": number; fields: { id: number; name: string }[] }[];
    "metadata-log": { "metadata-file": string }[];
    refs: Record<string, { "snapshot-id": number }>;
  };
}
interface IcebergError {
  error: { message: string; type: string; code: number };
}

/** The schema field names of the catalog's DatasetEvents for a table, oldest first. */
/** An engine's schema change through the catalog: one optional column added to the head. */
async function addColumnThroughCatalog(
  db: Db,
  head: CatalogTableRow,
  column: { name: string; type: string },
): Promise<void> {
  const metadata = parseStoredMetadata(head.metadata);
  const fields =
    metadata.schemas.find((schema) => schema["schema-id"] === metadata["current-schema-id"])
      ?.fields ?? [];
  const id = metadata["last-column-id"] + 1;
  await commitTable(db, head, {
    requirements: [],
    updates: [
      {
        action: "add-schema",
        schema: { type: "struct", fields: [...fields, { id, required: false, ...column }] },
        "last-column-id": id,
      },
      { action: "set-current-schema", "schema-id": -1 },
    ],
  });
}

async function catalogEvents(h: Harness, product: { domain: string; name: string }) {
  const events = await h.prisma.lineageEvent.findMany({
    where: { kind: "dataset", producer: "https://meshplane.dev/iceberg-catalog" },
    orderBy: { id: "asc" },
  });
  type Payload = {
    dataset: { name: string; facets: { schema: { fields: { name: string }[] } } };
  };
  return events
    .map((event) => (event.payload as Payload).dataset)
    .filter((dataset) => dataset.name === `${product.domain}.${product.name}`)
    .map((dataset) => dataset.facets.schema.fields.map((field) => field.name));
}

async function issueKey(h: Harness, domain: string, as: "owner" | "otherMember"): Promise<string> {
  const response = await h.call(apiKeys.POST, "POST", "/", {
    as,
    params: { slug: domain },
    body: { label: "iceberg" },
  });
  return (await json<{ key: string }>(response)).key;
}

/**
 * The database as commitDeployedTable sees it, with `beforeReturn` run (another writer's
 * commit) after each read of a table's row and before the reader gets it: the reader's swap then
 * finds the head moved.
 */
function racingReads<T extends Db>(
  db: T,
  beforeReturn: (row: CatalogTableRow) => Promise<void>,
): T {
  const tables = db.icebergTable;
  const findUnique = async (args: Parameters<typeof tables.findUnique>[0]) => {
    const row = await tables.findUnique(args);
    if (row !== null) await beforeReturn(row);
    return row;
  };
  return new Proxy(db, {
    get(target, property): unknown {
      if (property !== "icebergTable") return bound(target, property);
      return new Proxy(tables, {
        get: (delegate, name): unknown =>
          name === "findUnique" ? findUnique : bound(delegate, name),
      });
    },
  });
}

/** The database with every Prisma audit entry write failing (after the swap's own, raw, one). */
function failingAuditWrites<T extends Db>(db: T): T {
  const entries = db.auditLog;
  return new Proxy(db, {
    get(target, property): unknown {
      if (property !== "auditLog") return bound(target, property);
      return new Proxy(entries, {
        get: (delegate, name): unknown =>
          name === "create"
            ? () => Promise.reject(new Error("injected: the audit write failed"))
            : bound(delegate, name),
      });
    },
  });
}

/** A property of a Prisma client or delegate, methods bound to it (they rely on `this`). */
function bound(owner: object, property: string | symbol): unknown {
  const value: unknown = Reflect.get(owner, property);
  return typeof value === "function"
    ? (value as (...args: unknown[]) => unknown).bind(owner)
    : value;
}

forEachDatabase((target, open) => {
  describe(`Iceberg REST catalog (${target})`, () => {
    let h: Awaited<ReturnType<typeof open>>;
    let paymentsKey = "";
    let customerKey = "";
    beforeAll(async () => {
      h = await open();
      await deployLocalProduct(h, LOCAL.domain, LOCAL.name);
      await deployLocalProduct(h, RESTRICTED.domain, RESTRICTED.name, {
        classification: "restricted",
      });
      paymentsKey = await issueKey(h, "payments", "owner");
      customerKey = await issueKey(h, "customer", "otherMember");
    });
    afterAll(async () => {
      await h.close();
    });

    const load = (as: { bearer: string } | "member", product = LOCAL) =>
      h.call(table.GET, "GET", "/", { as, params: tableParams(product) });

    const commit = (as: { bearer: string }, body: unknown, product = LOCAL) =>
      h.call(table.POST, "POST", "/", { as, params: tableParams(product), body });

    it("serves the config with the prefix, the token endpoint and the endpoints it implements", async () => {
      const response = await h.call(config.GET, "GET", "/api/iceberg/v1/config", {
        as: { bearer: paymentsKey },
      });
      expect(response.status).toBe(200);
      const body = await json<{
        defaults: Record<string, string>;
        overrides: Record<string, string>;
        endpoints: string[];
      }>(response);
      expect(body.overrides.prefix).toBe(PREFIX);
      expect(body.defaults["oauth2-server-uri"]).toBe(`${ORIGIN}/api/iceberg/v1/oauth/tokens`);
      expect(body.endpoints).toContain("POST /v1/{prefix}/namespaces/{namespace}/tables/{table}");
      expect(body.endpoints).not.toContain(
        "DELETE /v1/{prefix}/namespaces/{namespace}/tables/{table}",
      );
    });

    it("answers without credentials with 401 NotAuthorizedException", async () => {
      const response = await h.call(config.GET, "GET", "/api/iceberg/v1/config");
      expect(response.status).toBe(401);
      expect((await json<IcebergError>(response)).error.type).toBe("NotAuthorizedException");
    });

    it("lists one namespace per domain and the domain's tables", async () => {
      const listed = await h.call(namespaces.GET, "GET", "/", {
        as: { bearer: customerKey },
        params: { prefix: PREFIX },
      });
      const { namespaces: all } = await json<{ namespaces: string[][] }>(listed);
      expect(all).toContainEqual(["payments"]);
      expect(all).toContainEqual(["customer"]);
      const head = await h.call(namespace.HEAD, "HEAD", "/", {
        as: { bearer: customerKey },
        params: { prefix: PREFIX, namespace: "nowhere" },
      });
      expect(head.status).toBe(404);
      const ownTables = await h.call(tables.GET, "GET", "/", {
        as: { bearer: paymentsKey },
        params: { prefix: PREFIX, namespace: "payments" },
      });
      expect((await json<{ identifiers: unknown[] }>(ownTables)).identifiers).toEqual([
        { namespace: ["payments"], name: LOCAL.name },
        { namespace: ["payments"], name: RESTRICTED.name },
      ]);
      const othersView = await h.call(tables.GET, "GET", "/", {
        as: { bearer: customerKey },
        params: { prefix: PREFIX, namespace: "payments" },
      });
      // The restricted product's table is its own domain's (mayReadTable).
      expect((await json<{ identifiers: unknown[] }>(othersView)).identifiers).toEqual([
        { namespace: ["payments"], name: LOCAL.name },
      ]);
    });

    it("registers a local product's table when its deployment settles", async () => {
      const name = "churn-settled";
      const { metadataLocation } = await deployLocalProduct(
        h,
        "payments",
        name,
        {},
        {
          registerTable: false,
        },
      );
      const product = await h.prisma.dataProduct.findUniqueOrThrow({
        where: { domain_name: { domain: "payments", name } },
      });
      const deployment = await h.prisma.deployment.create({
        data: {
          productId: product.id,
          stackName: "payments.churn-settled.dev",
          operation: "up",
          status: "succeeded",
        },
      });
      expect(await findCatalogTable(h.prisma, "payments", name)).toBeNull();
      await h.prisma.$transaction((tx) => settleEffects(tx, deployment, "succeeded", undefined));
      const row = await findCatalogTable(h.prisma, "payments", name);
      expect(row?.metadataLocation).toBe(metadataLocation);
      const audit = await h.prisma.auditLog.findMany({
        where: { action: "iceberg-table.registered", entityId: `payments.${name}` },
      });
      expect(audit).toHaveLength(1);
      // The catalog's DatasetEvent for the new table, recorded by settle as by the REST API.
      const settled = await catalogEvents(h, { domain: "payments", name });
      expect(settled).toHaveLength(1);
      expect(settled[0]).toEqual(expect.arrayContaining(["customer_key", "churned"]));
      // Settling again (a later deployment) keeps the catalog's head and registers nothing new.
      await h.prisma.$transaction((tx) => settleEffects(tx, deployment, "succeeded", undefined));
      expect((await findCatalogTable(h.prisma, "payments", name))?.id).toBe(row?.id);
      expect(await catalogEvents(h, { domain: "payments", name })).toHaveLength(1);
    });

    it("records the catalog URI and identifier in the product's outputs", async () => {
      const product = await h.prisma.dataProduct.findUniqueOrThrow({
        where: { domain_name: LOCAL },
      });
      expect(product.outputs).toMatchObject({
        catalog: {
          restCatalog: {
            uri: "http://localhost:3000/api/iceberg",
            namespace: ["payments"],
            table: LOCAL.name,
          },
        },
      });
    });

    it("loads a table with an ETag and answers 304 to If-None-Match", async () => {
      const response = await load({ bearer: customerKey });
      expect(response.status).toBe(200);
      const etag = response.headers.get("etag");
      expect(etag).toMatch(/^".+"$/);
      const body = await json<LoadResult>(response);
      expect(body["metadata-location"]).toMatch(/v1\.metadata\.json$/);
      expect(body.metadata.schemas[0]?.fields.map((field) => field.name)).toContain("customer_key");
      const again = await table.GET(
        new Request(`${ORIGIN}/api/iceberg/v1/${PREFIX}/namespaces/payments/tables/${LOCAL.name}`, {
          headers: { authorization: `Bearer ${customerKey}`, "if-none-match": etag ?? "" },
        }),
        { params: Promise.resolve(tableParams(LOCAL)) },
      );
      expect(again.status).toBe(304);
    });

    describe("loads with the metadata text this process read before", () => {
      const PLATFORM: PlatformPrincipal = { kind: "platform", scopes: new Set(PLATFORM_SCOPES) };
      const TEXTS = { domain: "payments", name: "churn-load-texts" };
      beforeAll(async () => {
        await deployLocalProduct(h, TEXTS.domain, TEXTS.name);
      });
      const remembering = () => {
        const texts = new TableTextCache();
        return {
          texts,
          read: () => loadTableResource(h.prisma, PLATFORM, TEXTS.domain, TEXTS.name, texts),
        };
      };

      it("leaves the stored metadata out while the row still has the head it was read at", async () => {
        const { texts, read } = remembering();
        const first = await read();
        const head = texts.get(TEXTS.domain, TEXTS.name);
        if (head === undefined) throw new Error("the load remembered no text");
        expect(head.metadata).toBe(first.row?.metadata);
        // A text the database does not hold: served only if the statement left the column out.
        const marked = { ...head, metadata: '{"marked":true}' };
        texts.remember(TEXTS.domain, TEXTS.name, marked);
        expect((await read()).row?.metadata).toBe(marked.metadata);
        // The same location with another update time (a re-register, say): the stored text.
        texts.remember(TEXTS.domain, TEXTS.name, { ...marked, updatedAt: new Date(0) });
        expect((await read()).row?.metadata).toBe(first.row?.metadata);
      });

      it("serves another process's commit, not the text it remembered", async () => {
        const before = await json<LoadResult>(await load({ bearer: paymentsKey }, TEXTS));
        const row = await findCatalogTable(h.prisma, TEXTS.domain, TEXTS.name);
        if (row === null) throw new Error("the table is not registered");
        // Another process: the workflow's commit, with no part in this process's caches.
        await commitTable(h.prisma, row, {
          requirements: [],
          updates: [{ action: "set-properties", updates: { elsewhere: "yes" } }],
        });
        const after = await json<LoadResult & { metadata: { properties: Record<string, string> } }>(
          await load({ bearer: paymentsKey }, TEXTS),
        );
        expect(after["metadata-location"]).not.toBe(before["metadata-location"]);
        expect(after.metadata.properties.elsewhere).toBe("yes");
      });
    });

    it("lets the owning domain evolve the schema, keeping field ids and logging the old file", async () => {
      const before = await json<LoadResult>(await load({ bearer: paymentsKey }));
      const current = before.metadata.schemas.find(
        (schema) => schema["schema-id"] === before.metadata["current-schema-id"],
      );
      const lastId = before.metadata["last-column-id"];
      const response = await commit(
        { bearer: paymentsKey },
        {
          requirements: [
            {
              type: "assert-current-schema-id",
              "current-schema-id": before.metadata["current-schema-id"],
            },
            { type: "assert-last-assigned-field-id", "last-assigned-field-id": lastId },
          ],
          updates: [
            {
              action: "add-schema",
              schema: {
                type: "struct",
                fields: [
                  ...(current?.fields ?? []),
                  { id: lastId + 1, name: "score", required: false, type: "double" },
                ],
              },
              "last-column-id": lastId + 1,
            },
            { action: "set-current-schema", "schema-id": -1 },
          ],
        },
      );
      expect(response.status, await response.clone().text()).toBe(200);
      const after = await json<LoadResult>(response);
      expect(after["metadata-location"]).toMatch(
        /\/metadata\/00002-[0-9a-f-]{36}\.metadata\.json$/,
      );
      expect(after.metadata["last-column-id"]).toBe(lastId + 1);
      expect(after.metadata["metadata-log"].at(-1)?.["metadata-file"]).toBe(
        before["metadata-location"],
      );
      const onDisk = readFileSync(fileURLToPath(after["metadata-location"]), "utf8");
      expect(JSON.parse(onDisk)).toMatchObject({
        "current-schema-id": after.metadata["current-schema-id"],
      });
    });

    it("records the catalog's DatasetEvent with a CatalogDatasetFacet when the schema changes", async () => {
      const events = await h.prisma.lineageEvent.findMany({
        where: { kind: "dataset", producer: "https://meshplane.dev/iceberg-catalog" },
      });
      const datasets = events.map(
        (event) =>
          (
            event.payload as {
              dataset: {
                namespace: string;
                name: string;
                facets: { schema: { fields: { name: string }[] }; catalog: Record<string, string> };
              };
            }
          ).dataset,
      );
      const evolved = datasets.find((dataset) =>
        dataset.facets.schema.fields.some((field) => field.name === "score"),
      );
      expect(evolved).toMatchObject({
        namespace: "meshplane",
        name: `payments.${LOCAL.name}`,
        facets: {
          catalog: { framework: "iceberg", type: "rest", name: "meshplane", source: "meshplane" },
        },
      });
      expect(evolved?.facets.catalog.metadataUri).toBe(`${ORIGIN}/api/iceberg`);
    });

    it("keeps a 64-bit snapshot id exact through a commit and a load", async () => {
      const id = "7386950426547063621"; // above 2^53: a JavaScript number would round it
      const before = await json<LoadResult>(await load({ bearer: paymentsKey }));
      const raw = `{"requirements":[{"type":"assert-ref-snapshot-id","ref":"main","snapshot-id":null}],"updates":[{"action":"add-snapshot","snapshot":{"snapshot-id":${id},"sequence-number":1,"timestamp-ms":${Date.now()},"manifest-list":"${before.metadata["table-uuid"]}-m0.avro","summary":{"operation":"append"},"schema-id":${before.metadata["current-schema-id"]}}},{"action":"set-snapshot-ref","ref-name":"main","type":"branch","snapshot-id":${id}}]}`;
      const response = await table.POST(
        new Request(`${ORIGIN}/x`, {
          method: "POST",
          headers: { authorization: `Bearer ${paymentsKey}`, "content-type": "application/json" },
          body: raw,
        }),
        { params: Promise.resolve(tableParams(LOCAL)) },
      );
      expect(response.status, await response.clone().text()).toBe(200);
      const text = await (await load({ bearer: paymentsKey })).text();
      expect(text).toContain(`"current-snapshot-id":${id}`);
      expect(text).toContain(`"main":{"type":"branch","snapshot-id":${id}}`);
    });

    it("gives one of two racing commits 200 and the other 409, removing the loser's file", async () => {
      const before = await json<LoadResult>(await load({ bearer: paymentsKey }));
      const metadataDir = fileURLToPath(new URL(".", before["metadata-location"]));
      const filesBefore = readdirSync(metadataDir).length;
      const race = (value: string) =>
        commit(
          { bearer: paymentsKey },
          {
            requirements: [{ type: "assert-table-uuid", uuid: before.metadata["table-uuid"] }],
            updates: [{ action: "set-properties", updates: { writer: value } }],
          },
        );
      const audited = () =>
        h.prisma.auditLog.count({
          where: { action: "iceberg-table.committed", entityId: `payments.${LOCAL.name}` },
        });
      const auditedBefore = await audited();
      const answers = await Promise.all([race("a"), race("b")]);
      const statuses = answers.map((answer) => answer.status).sort();
      // The swap and its audit row are one statement: exactly one entry per commit that moved
      // the head, naming the head it moved to; none for the loser.
      const winners = statuses.filter((status) => status === 200).length;
      expect(await audited()).toBe(auditedBefore + winners);
      const head = await json<LoadResult>(await load({ bearer: paymentsKey }));
      const entries = await h.prisma.auditLog.findMany({
        where: { action: "iceberg-table.committed", entityId: `payments.${LOCAL.name}` },
      });
      const toHead = entries.filter(
        (entry) =>
          (entry.after as { metadataLocation?: string } | null)?.metadataLocation ===
          head["metadata-location"],
      );
      expect(toHead).toHaveLength(1);
      expect(toHead[0]?.actorLabel).toMatch(/^api-key:/);
      // PGlite serialises the two transactions: the second re-reads the moved row and still wins
      // its own swap; PostgreSQL runs them together and the compare-and-swap refuses one.
      if (statuses[1] === 409) {
        expect(statuses).toEqual([200, 409]);
        const loser = answers.find((answer) => answer.status === 409);
        expect((await json<IcebergError>(loser as Response)).error.type).toBe(
          "CommitFailedException",
        );
        expect(readdirSync(metadataDir).length).toBe(filesBefore + 1);
      } else {
        expect(statuses).toEqual([200, 200]);
      }
    });

    describe("a deployment's table change is a catalog commit", () => {
      /** A registered local product, an engine's append through the catalog, and the spec with one more column. */
      async function deployedWithEngineAppend(name: string) {
        const { storageUri } = await deployLocalProduct(h, "payments", name);
        const product = await h.prisma.dataProduct.findUniqueOrThrow({
          where: { domain_name: { domain: "payments", name } },
        });
        await engineAppend(await headOf(name), storageUri);
        const spec = DataProductSpec.parse(product.spec);
        const evolved = DataProductSpec.parse({
          ...spec,
          table: {
            ...spec.table,
            columns: [...spec.table.columns, { name: "added_later", type: "string" }],
          },
        });
        const evolve = tableEvolution(evolved, "dev", undefined);
        if (evolve === undefined) throw new Error("a local product's table is the catalog's");
        const deployment = await h.prisma.deployment.create({
          data: {
            productId: product.id,
            stackName: `payments.${name}.dev`,
            operation: "up",
            status: "succeeded",
          },
        });
        return { product, storageUri, evolved, evolve, deployment };
      }

      const headOf = async (name: string) => {
        const row = await findCatalogTable(h.prisma, "payments", name);
        if (row === null) throw new Error("the table is not registered");
        return row;
      };

      /** What an engine's append commits: a snapshot on main (pyiceberg's shape). */
      async function engineAppend(
        row: CatalogTableRow,
        storageUri: string,
        id = 7,
        db: Db = h.prisma,
      ) {
        const metadata = parseStoredMetadata(row.metadata);
        await commitTable(db, row, {
          requirements: [
            {
              type: "assert-ref-snapshot-id",
              ref: "main",
              "snapshot-id": metadata.refs.main?.["snapshot-id"] ?? null,
            },
          ],
          updates: [
            {
              action: "add-snapshot",
              snapshot: {
                "snapshot-id": id,
                "sequence-number": metadata["last-sequence-number"] + 1,
                "timestamp-ms": Date.now(),
                "manifest-list": `${storageUri}/metadata/snap-${id}.avro`,
                summary: { operation: "append" },
                "schema-id": metadata["current-schema-id"],
              },
            },
            { action: "set-snapshot-ref", "ref-name": "main", type: "branch", "snapshot-id": id },
          ],
        });
      }

      /** The current schema's fields as stored (types, nullability and docs included). */
      const fieldsOfSchema = (row: CatalogTableRow) => {
        const metadata = parseStoredMetadata(row.metadata);
        const current = metadata.schemas.find(
          (schema) => schema["schema-id"] === metadata["current-schema-id"],
        );
        return current?.fields ?? [];
      };

      const fieldsOf = (row: CatalogTableRow) =>
        fieldsOfSchema(row).map((field) => ({ id: field.id, name: field.name }));

      it("tells the worker a registered local table is catalog-owned, an unregistered one or another cloud's not", async () => {
        const registered = DataProductSpec.parse(
          (
            await h.prisma.dataProduct.findUniqueOrThrow({
              where: { domain_name: LOCAL },
            })
          ).spec,
        );
        expect(await isCatalogOwned(h.prisma, registered)).toBe(true);
        expect(await isCatalogOwned(h.prisma, { ...registered, name: "not-deployed" })).toBe(false);
        const glue = { ...registered, target: { ...registered.target, cloud: "aws" as const } };
        expect(await isCatalogOwned(h.prisma, glue)).toBe(false);
        expect(tableEvolution(glue, "dev", undefined)).toBeUndefined();
      });

      it("writes no file at `up` and commits the new column on the engine's head at settle, audited as automation", async () => {
        const name = "churn-evolved";
        const { product, storageUri, evolved, evolve, deployment } =
          await deployedWithEngineAppend(name);
        const engineHead = await headOf(name);
        const before = fieldsOf(engineHead);

        // `up`: the LocalWarehouse of a catalog-owned table writes nothing and names the head.
        const metadataDir = join(fileURLToPath(storageUri), "metadata");
        const files = readdirSync(metadataDir).sort();
        const root = fileURLToPath(new URL("../..", `${storageUri}/`));
        const updated = await localWarehouseProvider.update?.(
          fileURLToPath(storageUri),
          { root, path: `payments/${name}`, table: icebergTableInput(evolved.table, {}) } as never,
          {
            root,
            path: `payments/${name}`,
            table: icebergTableInput(evolved.table, {}),
            catalogOwned: true,
          },
        );
        expect(readdirSync(metadataDir).sort()).toEqual(files);
        expect(updated?.outs?.metadataLocation).toBe(engineHead.metadataLocation);

        await h.prisma.$transaction((tx) => settle(tx, deployment, "succeeded", undefined, evolve));
        const head = await headOf(name);
        const metadata = parseStoredMetadata(head.metadata);
        expect(head.version).toBe(engineHead.version + 1);
        expect(metadata.snapshots.map((snapshot) => snapshot["snapshot-id"])).toEqual([7]);
        expect(metadata.refs.main?.["snapshot-id"]).toBe(7);
        const lastId = Math.max(...before.map((field) => field.id));
        expect(fieldsOf(head)).toEqual([...before, { id: lastId + 1, name: "added_later" }]);
        expect(metadata["metadata-log"].at(-1)?.["metadata-file"]).toBe(
          engineHead.metadataLocation,
        );
        const commits = await h.prisma.auditLog.findMany({
          where: { action: "iceberg-table.committed", entityId: `payments.${name}` },
          orderBy: { id: "asc" },
        });
        expect(commits.at(-1)).toMatchObject({
          actorLabel: "automation",
          before: { metadataLocation: engineHead.metadataLocation },
          after: { metadataLocation: head.metadataLocation, deployment: deployment.id },
        });
        const events = await catalogEvents(h, { domain: "payments", name });
        expect(events.at(-1)).toContain("added_later");
        const outputs = await h.prisma.dataProduct.findUniqueOrThrow({ where: { id: product.id } });
        expect(outputs.outputs).toMatchObject({
          catalog: { metadataLocation: head.metadataLocation },
        });

        // Settling the same spec again commits nothing: the head already is the spec's table.
        await h.prisma.$transaction((tx) => settle(tx, deployment, "succeeded", undefined, evolve));
        expect((await headOf(name)).metadataLocation).toBe(head.metadataLocation);
      });

      it("rebuilds on the new head when an engine commits between its read and its swap", async () => {
        const name = "churn-raced";
        const { storageUri, evolve, deployment } = await deployedWithEngineAppend(name);
        const metadataDir = join(fileURLToPath(storageUri), "metadata");
        let raced = 0;
        // The engine's second append lands after the deployment read the head, before its swap.
        const racing = racingReads(h.prisma, async (row) => {
          if (raced > 0) return;
          raced += 1;
          await engineAppend(row, storageUri, 8);
        });
        const product = await h.prisma.dataProduct.findFirstOrThrow({
          where: { domain: "payments", name },
        });
        const committed = await commitDeployedTable(racing, product, evolve, {
          actor: AUTOMATION,
          deploymentId: deployment.id,
          catalogUri: CATALOG_URI,
        });
        expect(raced).toBe(1);
        const head = await headOf(name);
        expect(committed?.metadataLocation).toBe(head.metadataLocation);
        const metadata = parseStoredMetadata(head.metadata);
        expect(metadata.snapshots.map((snapshot) => snapshot["snapshot-id"])).toEqual([7, 8]);
        expect(fieldsOf(head).map((field) => field.name)).toContain("added_later");
        // The first attempt's file, built on the stale head, is gone.
        const heads = readdirSync(metadataDir).filter((file) => file.endsWith(".metadata.json"));
        expect(heads).toHaveLength(4); // v1, two engine appends, the deployment's commit
      });

      it("ends the deployment failed, audited, when engines win every race: the change is not lost silently", async () => {
        const name = "churn-busy";
        const { storageUri, evolve, deployment } = await deployedWithEngineAppend(name);
        const before = await headOf(name);
        let snapshot = 100;
        await h.prisma.$transaction(async (tx) => {
          // Every read of the head is followed by an engine's append (in the same transaction:
          // PGlite has one connection), so every swap finds the head moved.
          const racing = racingReads(tx, async (row) => {
            snapshot += 1;
            await engineAppend(row, storageUri, snapshot, tx);
          });
          await settle(racing, deployment, "succeeded", undefined, evolve);
        });
        expect(snapshot - 100).toBe(DEPLOYMENT_COMMIT_ATTEMPTS);
        const head = await headOf(name);
        expect(fieldsOf(head)).toEqual(fieldsOf(before));
        expect(parseStoredMetadata(head.metadata).snapshots).toHaveLength(
          1 + DEPLOYMENT_COMMIT_ATTEMPTS,
        );
        const ended = await h.prisma.deployment.findUniqueOrThrow({ where: { id: deployment.id } });
        expect(ended.status).toBe("failed");
        expect(ended.error).toContain(
          `other commits moved the table ${DEPLOYMENT_COMMIT_ATTEMPTS} times`,
        );
        const failed = await h.prisma.auditLog.findMany({
          where: { action: "iceberg-table.evolution-failed", entityId: `payments.${name}` },
        });
        expect(failed).toHaveLength(1);
        expect(
          await h.prisma.auditLog.count({
            where: {
              action: "iceberg-table.committed",
              actorLabel: "automation",
              entityId: `payments.${name}`,
            },
          }),
        ).toBe(0);
      });

      it("ends the deployment failed with the reason when the change is illegal on the head", async () => {
        const name = "churn-refused";
        const { product, deployment } = await deployedWithEngineAppend(name);
        const spec = DataProductSpec.parse(product.spec);
        const required = DataProductSpec.parse({
          ...spec,
          table: {
            ...spec.table,
            columns: spec.table.columns.map((column) =>
              column.name === "churned" ? { ...column, required: true } : column,
            ),
          },
        });
        const evolve = tableEvolution(required, "dev", undefined);
        const before = await headOf(name);
        await h.prisma.$transaction((tx) => settle(tx, deployment, "succeeded", undefined, evolve));
        expect((await headOf(name)).metadataLocation).toBe(before.metadataLocation);
        const ended = await h.prisma.deployment.findUniqueOrThrow({ where: { id: deployment.id } });
        expect(ended.status).toBe("failed");
        expect(ended.error).toContain('column "churned" cannot become required');
        expect(ended.error).toContain("Deploy again to retry");
        const failed = await h.prisma.auditLog.findMany({
          where: { action: "iceberg-table.evolution-failed", entityId: `payments.${name}` },
        });
        expect(failed).toHaveLength(1);
        expect(
          await h.prisma.auditLog.count({
            where: { action: "deployment.failed", entityId: deployment.id },
          }),
        ).toBe(1);
        expect(
          await h.prisma.auditLog.count({
            where: { action: "deployment.succeeded", entityId: deployment.id },
          }),
        ).toBe(0);
      });

      it("ends the deployment failed, saying why, when the table's storage refuses the file", async () => {
        const name = "churn-disk-refused";
        const { storageUri, evolve, deployment } = await deployedWithEngineAppend(name);
        const before = await headOf(name);
        // A regular file where the metadata folder is: the next metadata file cannot be written.
        const folder = join(fileURLToPath(storageUri), "metadata");
        renameSync(folder, `${folder}.aside`);
        writeFileSync(folder, "not a folder");
        try {
          await h.prisma.$transaction((tx) =>
            settle(tx, deployment, "succeeded", undefined, evolve),
          );
        } finally {
          rmSync(folder);
          renameSync(`${folder}.aside`, folder);
        }
        expect((await headOf(name)).metadataLocation).toBe(before.metadataLocation);
        const ended = await h.prisma.deployment.findUniqueOrThrow({ where: { id: deployment.id } });
        expect(ended.status).toBe("failed");
        expect(ended.error).toContain("did not take the metadata file");
        expect(ended.error).toContain("Deploy again to retry");
        expect(
          await h.prisma.auditLog.count({
            where: { action: "iceberg-table.evolution-failed", entityId: `payments.${name}` },
          }),
        ).toBe(1);
      });

      it("removes the committed file when the rest of settle fails and rolls the commit back", async () => {
        const name = "churn-settle-crash";
        const { storageUri, evolve, deployment } = await deployedWithEngineAppend(name);
        const before = await headOf(name);
        const folder = join(fileURLToPath(storageUri), "metadata");
        const files = readdirSync(folder).sort();
        await expect(
          h.prisma.$transaction((tx) =>
            settle(failingAuditWrites(tx), deployment, "succeeded", undefined, evolve),
          ),
        ).rejects.toThrow("injected");
        expect((await headOf(name)).metadataLocation).toBe(before.metadataLocation);
        expect(readdirSync(folder).sort()).toEqual(files);
      });

      describe("a refused table change shows on the product (API and page banner)", () => {
        const productGet = (as: "member" | "admin", name: string) =>
          h.call(productRoute.GET, "GET", "/", { as, params: { domain: "payments", name } });

        /** What MeshCatalogEntry does during `up`: the product holds the deployed spec. */
        async function registerSpec(spec: DataProductSpec) {
          const product = await h.prisma.dataProduct.findUniqueOrThrow({
            where: { domain_name: { domain: "payments", name: spec.name } },
          });
          await h.register({
            environment: "dev",
            stack: `payments.${spec.name}.dev`,
            spec,
            outputs: DataProductOutputs.parse(product.outputs),
          });
        }

        const withColumns = (spec: DataProductSpec, change: (columns: Column[]) => Column[]) =>
          DataProductSpec.parse({
            ...spec,
            table: { ...spec.table, columns: change(spec.table.columns) },
          });

        const banner = (schema: ProductTableSchema | null, runsDeployments: boolean) =>
          renderToStaticMarkup(createElement(TableSchemaBanner, { schema, runsDeployments }));

        it("answers tableSchema with the differing columns and the refusal, shows the banner, and clears after a committed retry", async () => {
          const name = "churn-banner";
          const { product, deployment } = await deployedWithEngineAppend(name);
          const spec = DataProductSpec.parse(product.spec);
          const matching = await json<ProductDetail>(await productGet("member", name));
          expect(matching.tableSchema).toMatchObject({ matchesSpec: true, differences: [] });
          expect(banner(matching.tableSchema, true)).toBe("");

          // The deployed spec makes `churned` required (illegal: the table holds data) and adds
          // a column; settle refuses the whole change.
          const refused = withColumns(spec, (columns) => [
            ...columns.map((c) => (c.name === "churned" ? { ...c, required: true } : c)),
            { name: "added_later", type: "string", required: false, pii: false },
          ]);
          await registerSpec(refused);
          const evolve = tableEvolution(refused, "dev", undefined);
          await h.prisma.$transaction((tx) =>
            settle(tx, deployment, "succeeded", undefined, evolve),
          );

          const member = await json<ProductDetail>(await productGet("member", name));
          const head = await headOf(name);
          expect(member.tableSchema).toEqual({
            matchesSpec: false,
            metadataLocation: head.metadataLocation,
            differences: [
              { column: "churned", kind: "required", spec: "required", table: "optional" },
              { column: "added_later", kind: "missing", spec: "string" },
            ],
            failedDeployment: {
              id: deployment.id,
              reason: expect.stringContaining('column "churned" cannot become required'),
              at: expect.any(String),
            },
            deploying: false,
          });
          const seen = banner(member.tableSchema, false);
          expect(seen).toContain("The table&#x27;s schema differs from the product&#x27;s spec.");
          expect(seen).toContain("cannot become required");
          expect(seen).toContain(
            "<code>added_later</code>: in the spec (string), not in the table",
          );
          expect(seen).toContain("Ask the platform team to deploy the product again");
          expect(seen).not.toContain("/retry");
          expect(seen).not.toContain(`/deployments/${deployment.id}`);
          const admin = await json<ProductDetail>(await productGet("admin", name));
          const operated = banner(admin.tableSchema, true);
          expect(operated).toContain(`href="/deployments/${deployment.id}"`);
          expect(operated).toContain(`data-path="/api/v1/deployments/${deployment.id}/retry"`);

          // The retry, with the spec fixed: its settle commits, and the banner is gone.
          const fixed = withColumns(refused, (columns) =>
            columns.map((c) => (c.name === "churned" ? { ...c, required: false } : c)),
          );
          await registerSpec(fixed);
          const retry = await h.prisma.deployment.create({
            data: {
              productId: product.id,
              stackName: deployment.stackName,
              operation: "up",
              status: "queued",
              retryOfId: deployment.id,
            },
          });
          const queued = await json<ProductDetail>(await productGet("admin", name));
          expect(queued.tableSchema).toMatchObject({ matchesSpec: false, deploying: true });
          const waiting = banner(queued.tableSchema, true);
          expect(waiting).toContain("A deployment is in progress");
          expect(waiting).not.toContain("/retry");
          await h.prisma.deployment.update({
            where: { id: retry.id },
            data: { status: "succeeded" },
          });
          await h.prisma.$transaction((tx) =>
            settle(tx, retry, "succeeded", undefined, tableEvolution(fixed, "dev", undefined)),
          );
          const cleared = await json<ProductDetail>(await productGet("member", name));
          expect(cleared.tableSchema).toMatchObject({
            matchesSpec: true,
            differences: [],
            failedDeployment: null,
            deploying: false,
          });
          expect(banner(cleared.tableSchema, true)).toBe("");

          // An engine adds a column through the catalog: the table differs again, and the old
          // refusal (superseded by the retry's success) is not given as the reason.
          await addColumnThroughCatalog(h.prisma, await headOf(name), {
            name: "engine_col",
            type: "int",
          });
          const drifted = await json<ProductDetail>(await productGet("admin", name));
          expect(drifted.tableSchema).toMatchObject({
            matchesSpec: false,
            differences: [{ column: "engine_col", kind: "extra", table: "int" }],
            failedDeployment: null,
          });
          const noReason = banner(drifted.tableSchema, true);
          expect(noReason).not.toContain("The last deployment could not change it");
          expect(noReason).toContain("Deploy the product again");
        });
      });
    });

    it("swaps only from the location it read: a stale writer gets CommitConflict and its file goes", async () => {
      const stale = await findCatalogTable(h.prisma, LOCAL.domain, LOCAL.name);
      if (stale === null) throw new Error("the table is not registered");
      const metadataDir = fileURLToPath(new URL(".", stale.metadataLocation));
      const change = (value: string) => ({
        requirements: [],
        updates: [{ action: "set-properties" as const, updates: { cas: value } }],
      });
      await commitTable(h.prisma, stale, change("first"));
      const files = readdirSync(metadataDir).length;
      await expect(commitTable(h.prisma, stale, change("second"))).rejects.toBeInstanceOf(
        CommitConflict,
      );
      expect(readdirSync(metadataDir).length).toBe(files);
      const current = await findCatalogTable(h.prisma, LOCAL.domain, LOCAL.name);
      expect(current?.metadata).toContain('"cas":"first"');
    });

    describe("commits planned on a process's cached head", () => {
      const setProperty = (key: string, value: string, requirements: unknown[] = []) => ({
        requirements,
        updates: [{ action: "set-properties", updates: { [key]: value } }],
      });
      const headOf = async (product: { domain: string; name: string }) => {
        const row = await findCatalogTable(h.prisma, product.domain, product.name);
        if (row === null) throw new Error("the table is not registered");
        return row;
      };
      const commitsAudited = (product: { domain: string; name: string }) =>
        h.prisma.auditLog.count({
          where: {
            action: "iceberg-table.committed",
            entityId: `${product.domain}.${product.name}`,
          },
        });

      it("refuses the second commit when the product was decommissioned in between", async () => {
        const product = { domain: "payments", name: "churn-retired" };
        await deployLocalProduct(h, product.domain, product.name);
        expect((await commit({ bearer: paymentsKey }, setProperty("a", "1"), product)).status).toBe(
          200,
        );
        const head = await headOf(product);
        const audited = await commitsAudited(product);
        await h.prisma.dataProduct.update({
          where: { domain_name: product },
          data: { status: "decommissioned" },
        });
        const refused = await commit({ bearer: paymentsKey }, setProperty("a", "2"), product);
        expect(refused.status).toBe(403);
        expect((await json<IcebergError>(refused)).error.type).toBe("ForbiddenException");
        expect((await headOf(product)).metadataLocation).toBe(head.metadataLocation);
        expect(await commitsAudited(product)).toBe(audited);
      });

      it("refuses the second commit when the product moved to another domain in between", async () => {
        const product = { domain: "payments", name: "churn-moved" };
        await deployLocalProduct(h, product.domain, product.name);
        expect((await commit({ bearer: paymentsKey }, setProperty("a", "1"), product)).status).toBe(
          200,
        );
        const head = await headOf(product);
        await h.prisma.dataProduct.update({
          where: { domain_name: product },
          data: { domain: "customer" },
        });
        const refused = await commit({ bearer: paymentsKey }, setProperty("a", "2"), product);
        expect(refused.status).toBe(404);
        expect((await headOf(product)).metadataLocation).toBe(head.metadataLocation);
      });

      it("refuses the second commit when the key was revoked in between", async () => {
        const key = await issueKey(h, "payments", "owner");
        expect((await commit({ bearer: key }, setProperty("k", "1"))).status).toBe(200);
        const stored = await h.prisma.lineageApiKey.findMany({
          where: { domain: "payments", revokedAt: null },
          orderBy: { id: "desc" }, // UUIDv7: the newest key first
        });
        const revoked = await h.call(apiKey.DELETE, "DELETE", "/", {
          as: "owner",
          params: { slug: "payments", id: stored[0]?.id ?? "" },
        });
        expect(revoked.status).toBe(200);
        expect((await commit({ bearer: key }, setProperty("k", "2"))).status).toBe(401);
      });

      it("keeps another writer's commit and checks requirements against the true head", async () => {
        const product = { domain: "payments", name: "churn-stale" };
        await deployLocalProduct(h, product.domain, product.name);
        expect((await commit({ bearer: paymentsKey }, setProperty("a", "1"), product)).status).toBe(
          200,
        );
        // Another process (or a deployment) moves the head to a new schema: this cache is stale.
        const cachedHead = await headOf(product);
        const oldSchema = parseStoredMetadata(cachedHead.metadata)["current-schema-id"];
        await addColumnThroughCatalog(h.prisma, cachedHead, { name: "elsewhere", type: "string" });
        const moved = await headOf(product);
        // Holds for the cached head, not for the true one: refused.
        const stale = await commit(
          { bearer: paymentsKey },
          setProperty("b", "2", [
            { type: "assert-current-schema-id", "current-schema-id": oldSchema },
          ]),
          product,
        );
        expect(stale.status).toBe(409);
        expect((await json<IcebergError>(stale)).error.type).toBe("CommitFailedException");
        expect((await headOf(product)).metadataLocation).toBe(moved.metadataLocation);
        // Holds for the true head only: accepted, on top of the other writer's commit.
        const newSchema = parseStoredMetadata(moved.metadata)["current-schema-id"];
        const fresh = await commit(
          { bearer: paymentsKey },
          setProperty("b", "3", [
            { type: "assert-current-schema-id", "current-schema-id": newSchema },
          ]),
          product,
        );
        expect(fresh.status, await fresh.clone().text()).toBe(200);
        const after = await json<LoadResult>(fresh);
        expect(after.metadata["current-schema-id"]).toBe(newSchema);
        expect(after.metadata["metadata-log"].at(-1)?.["metadata-file"]).toBe(
          moved.metadataLocation,
        );
        const properties = (after.metadata as unknown as { properties: Record<string, string> })
          .properties;
        expect(properties).toMatchObject({ a: "1", b: "3" });
      });

      it("two processes with their own caches commit in turns and race without losing a commit", async () => {
        const product = { domain: "payments", name: "churn-two-processes" };
        await deployLocalProduct(h, product.domain, product.name);
        // A second portal process: the route module loaded again, with its own caches.
        vi.resetModules();
        const other =
          await import("#portal/app/api/iceberg/v1/[prefix]/namespaces/[namespace]/tables/[table]/route");
        const via = (route: typeof table, body: unknown) =>
          h.call(route.POST, "POST", "/", {
            as: { bearer: paymentsKey },
            params: tableParams(product),
            body,
          });
        const first = parseStoredMetadata((await headOf(product)).metadata);
        const uuid = first["table-uuid"];
        const asserted = (key: string, value: string) =>
          setProperty(key, value, [{ type: "assert-table-uuid", uuid }]);
        // Each commit finds the other process's commit has moved the head past its cache.
        for (const [index, route] of [table, other, table, other, table].entries()) {
          const response = await via(route, asserted(`turn${index}`, "done"));
          expect(response.status, await response.clone().text()).toBe(200);
        }
        const audited = await commitsAudited(product);
        const [answerA, answerB] = await Promise.all([
          via(table, asserted("raceA", "a")),
          via(other, asserted("raceB", "b")),
        ]);
        const answers = [answerA, answerB];
        const winners = answers.filter((answer) => answer.status === 200).length;
        for (const answer of answers) expect([200, 409]).toContain(answer.status);
        expect(winners).toBeGreaterThan(0);
        expect(await commitsAudited(product)).toBe(audited + winners);
        const head = parseStoredMetadata((await headOf(product)).metadata);
        const properties = head.properties;
        for (let index = 0; index < 5; index += 1) expect(properties[`turn${index}`]).toBe("done");
        // Every commit answered 200 is in the head: none was lost.
        if (answerA.status === 200) expect(properties.raceA).toBe("a");
        if (answerB.status === 200) expect(properties.raceB).toBe("b");
        expect(head["metadata-log"]).toHaveLength(first["metadata-log"].length + 5 + winners);
      });
    });

    it("refuses a commit whose requirement no longer holds with 409 CommitFailedException", async () => {
      const response = await commit(
        { bearer: paymentsKey },
        {
          requirements: [{ type: "assert-current-schema-id", "current-schema-id": 0 }],
          updates: [{ action: "set-properties", updates: { stale: "yes" } }],
        },
      );
      expect(response.status).toBe(409);
      expect((await json<IcebergError>(response)).error).toMatchObject({
        type: "CommitFailedException",
        code: 409,
      });
    });

    it("answers an unknown update with 400 BadRequestException naming it", async () => {
      const response = await commit(
        { bearer: paymentsKey },
        { requirements: [], updates: [{ action: "rename-everything" }] },
      );
      expect(response.status).toBe(400);
      const body = await json<IcebergError>(response);
      expect(body.error.type).toBe("BadRequestException");
      expect(body.error.message).toContain("updates[0].action");
    });

    it("refuses another domain's key a commit (403) and a restricted product (403)", async () => {
      const foreign = await commit(
        { bearer: customerKey },
        { requirements: [], updates: [{ action: "set-properties", updates: { taken: "over" } }] },
      );
      expect(foreign.status).toBe(403);
      expect((await json<IcebergError>(foreign)).error.type).toBe("ForbiddenException");
      expect((await load({ bearer: customerKey }, RESTRICTED)).status).toBe(403);
      expect((await load({ bearer: paymentsKey }, RESTRICTED)).status).toBe(200);
    });

    it("lets the platform token and the domain's members commit", async () => {
      const platform = await commit(
        { bearer: PLATFORM_TOKEN },
        { requirements: [], updates: [{ action: "set-properties", updates: { by: "platform" } }] },
      );
      expect(platform.status).toBe(200);
      const member = await h.call(table.POST, "POST", "/", {
        as: "member",
        params: tableParams(LOCAL),
        body: {
          requirements: [],
          updates: [{ action: "set-properties", updates: { by: "member" } }],
        },
      });
      expect(member.status).toBe(200);
    });

    it("refuses to drop a table: that is a decommission", async () => {
      const response = await h.call(table.DELETE, "DELETE", "/", {
        as: { bearer: paymentsKey },
        params: tableParams(LOCAL),
      });
      expect(response.status).toBe(403);
      expect((await load({ bearer: paymentsKey })).status).toBe(200);
    });

    it("exchanges a key's client credentials for a bearer that works like the key", async () => {
      const keys = await h.prisma.lineageApiKey.findMany({ where: { domain: "payments" } });
      const keyId = keys[0]?.id ?? "";
      const form = new URLSearchParams({
        grant_type: "client_credentials",
        client_id: keyId,
        client_secret: paymentsKey,
        scope: "catalog",
      });
      const response = await tokens.POST(
        new Request(`${ORIGIN}/api/iceberg/v1/oauth/tokens`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: form.toString(),
        }),
      );
      expect(response.status).toBe(200);
      const token = await json<{ access_token: string; token_type: string; expires_in: number }>(
        response,
      );
      expect(token.token_type).toBe("bearer");
      expect(token.expires_in).toBeGreaterThan(0);
      expect((await load({ bearer: token.access_token })).status).toBe(200);
      const wrong = await tokens.POST(
        new Request(`${ORIGIN}/api/iceberg/v1/oauth/tokens`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({
            grant_type: "client_credentials",
            client_id: keyId,
            client_secret: "mpl_nope",
          }).toString(),
        }),
      );
      expect(wrong.status).toBe(401);
      expect((await json<{ error: string }>(wrong)).error).toBe("invalid_client");
      expect((await load({ bearer: `${token.access_token}x` })).status).toBe(401);
    });

    it("commits several tables atomically: one failed requirement leaves all unchanged", async () => {
      const local = await json<LoadResult>(await load({ bearer: paymentsKey }));
      const restricted = await json<LoadResult>(await load({ bearer: paymentsKey }, RESTRICTED));
      const response = await h.call(transactions.POST, "POST", "/", {
        as: { bearer: paymentsKey },
        params: { prefix: PREFIX },
        body: {
          "table-changes": [
            {
              identifier: { namespace: ["payments"], name: LOCAL.name },
              requirements: [],
              updates: [{ action: "set-properties", updates: { batch: "1" } }],
            },
            {
              identifier: { namespace: ["payments"], name: RESTRICTED.name },
              requirements: [{ type: "assert-table-uuid", uuid: "not-the-uuid" }],
              updates: [{ action: "set-properties", updates: { batch: "1" } }],
            },
          ],
        },
      });
      expect(response.status).toBe(409);
      const localAfter = await json<LoadResult>(await load({ bearer: paymentsKey }));
      expect(localAfter["metadata-location"]).toBe(local["metadata-location"]);
      expect(existsSync(fileURLToPath(restricted["metadata-location"]))).toBe(true);
      const ok = await h.call(transactions.POST, "POST", "/", {
        as: { bearer: paymentsKey },
        params: { prefix: PREFIX },
        body: {
          "table-changes": [LOCAL, RESTRICTED].map((product) => ({
            identifier: { namespace: [product.domain], name: product.name },
            requirements: [],
            updates: [{ action: "set-properties", updates: { batch: "2" } }],
          })),
        },
      });
      expect(ok.status, await ok.clone().text()).toBe(204);
    });
  });
});
