/**
 * Every response the Iceberg REST catalog gives in its scenarios (config, OAuth tokens,
 * namespaces, tables list/load/304/HEAD, create and staged create, commit, register, transactions,
 * drop, and every error class) checked against the spec two ways:
 *
 * - its status is one the spec's operation documents (SPEC_STATUSES, from
 *   `open-api/rest-catalog-open-api.yaml` of Iceberg 1.10), and the scenario's expected one;
 * - its body is read by the official Java client's own parsers (iceberg-core 1.10.0 from Maven
 *   Central, tools/iceberg-java/: the ObjectMapper HTTPClient parses with, the response class the
 *   client expects for the operation, then validate(); errors through ErrorResponseParser with
 *   message, type and code required). A body the reference client cannot read fails here.
 *
 * No package on npm, PyPI, Maven Central or the Go proxy ships the spec's YAML itself (see
 * docs/iceberg.md, "Conformance"), so the reference client's parsers are the schema.
 */
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { deployLocalProduct } from "../../support/iceberg-catalog";
import { catalogOverHttp, issueApiKey, type IcebergServer } from "../../support/iceberg-server";
import type { Harness } from "../portal/harness";

vi.mock("server-only", () => ({}));

const TOOLS = join(import.meta.dirname, "..", "..", "..", "tools", "iceberg-java");

/** The statuses each operation (the spec's operationId) documents; `5XX` aside. */
const SPEC_STATUSES: Readonly<Record<string, readonly number[]>> = {
  getConfig: [200, 400, 401, 403, 419, 503],
  getToken: [200, 400, 401],
  listNamespaces: [200, 400, 401, 403, 404, 419, 503],
  loadNamespaceMetadata: [200, 400, 401, 403, 404, 419, 503],
  namespaceExists: [204, 400, 401, 403, 404, 419, 503],
  listTables: [200, 400, 401, 403, 404, 419, 503],
  createTable: [200, 400, 401, 403, 404, 409, 419, 503],
  registerTable: [200, 400, 401, 403, 404, 409, 419, 503],
  loadTable: [200, 304, 400, 401, 403, 404, 419, 503],
  tableExists: [204, 400, 401, 403, 404, 419, 503],
  updateTable: [200, 400, 401, 403, 404, 409, 419, 500, 502, 503, 504],
  dropTable: [204, 400, 401, 403, 404, 419, 503],
  commitTransaction: [204, 400, 401, 403, 404, 409, 419, 500, 502, 503, 504],
};

interface Recorded {
  scenario: string;
  operation: string;
  status: number;
  expected: number;
  body: string;
}

interface Call {
  scenario: string;
  operation: keyof typeof SPEC_STATUSES;
  method: "GET" | "HEAD" | "POST" | "DELETE";
  path: string;
  expected: number;
  bearer?: string | null;
  body?: unknown;
  /** A JSON body as text, for numbers JSON.stringify cannot write (beyond 2^53). */
  raw?: string;
  form?: Record<string, string>;
  headers?: Record<string, string>;
}

/** Runs the validator over recorded responses; its lines and exit status. */
function validate(responses: readonly Pick<Recorded, "operation" | "status" | "body">[]) {
  const fetched = spawnSync("bash", [join(TOOLS, "fetch.sh")], { encoding: "utf8" });
  if (fetched.status !== 0) throw new Error(`tools/iceberg-java/fetch.sh: ${fetched.stderr}`);
  const jars = fetched.stdout.trim().split("\n").at(-1) ?? "";
  const file = join(mkdtempSync(join(tmpdir(), "iceberg-conformance-")), "responses.json");
  writeFileSync(file, JSON.stringify(responses));
  const run = spawnSync(
    "java",
    [
      "-Dslf4j.internal.verbosity=ERROR",
      "-cp",
      `${jars}/*`,
      join(TOOLS, "ValidateResponses.java"),
      file,
    ],
    {
      encoding: "utf8",
      timeout: 120_000,
    },
  );
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("Iceberg REST catalog responses against the spec", () => {
  let h: Harness;
  let close: () => Promise<void>;
  let server: IcebergServer;
  const recorded: Recorded[] = [];

  async function call(request: Call, defaultBearer: string): Promise<Response> {
    const headers = new Headers(request.headers);
    const bearer = request.bearer === undefined ? defaultBearer : request.bearer;
    if (bearer !== null) headers.set("authorization", `Bearer ${bearer}`);
    let body: string | undefined;
    if (request.form !== undefined) {
      headers.set("content-type", "application/x-www-form-urlencoded");
      body = new URLSearchParams(request.form).toString();
    } else if (request.body !== undefined || request.raw !== undefined) {
      headers.set("content-type", "application/json");
      body = request.raw ?? JSON.stringify(request.body);
    }
    const response = await fetch(`${server.uri}${request.path}`, {
      method: request.method,
      headers,
      ...(body === undefined ? {} : { body }),
    });
    recorded.push({
      scenario: request.scenario,
      operation: request.operation,
      status: response.status,
      expected: request.expected,
      body: await response.clone().text(),
    });
    return response;
  }

  beforeAll(async () => {
    ({ h, server, close } = await catalogOverHttp());
    const deployed = await deployLocalProduct(h, "payments", "conf-loaded");
    const blocked = await deployLocalProduct(
      h,
      "payments",
      "conf-blocked",
      {},
      { registerTable: false },
    );
    // Regular files where a table's metadata folder would go: the storage refuses the write.
    for (const storage of [deployed.storageUri, blocked.storageUri])
      writeFileSync(join(fileURLToPath(storage), "blocked"), "not a folder");
    await deployLocalProduct(h, "payments", "conf-other");
    await deployLocalProduct(h, "payments", "conf-restricted", { classification: "restricted" });
    await deployLocalProduct(h, "payments", "conf-created", {}, { registerTable: false });
    await deployLocalProduct(h, "payments", "conf-staged", {}, { registerTable: false });
    const registered = await deployLocalProduct(
      h,
      "payments",
      "conf-registered",
      {},
      { registerTable: false },
    );
    const payments = await issueApiKey(h, "payments", "owner");
    const customer = await issueApiKey(h, "customer", "otherMember");
    const ns = "/v1/meshplane/namespaces";
    const tbl = (name: string) => `${ns}/payments/tables/${name}`;
    const schema = {
      type: "struct",
      "schema-id": 0,
      fields: [{ id: 1, name: "id", required: true, type: "long" }],
    };
    const as = payments.key;
    const run = (request: Call) => call(request, as);

    await run({
      scenario: "config",
      operation: "getConfig",
      method: "GET",
      path: "/v1/config",
      expected: 200,
    });
    await run({
      scenario: "config without credentials",
      operation: "getConfig",
      method: "GET",
      path: "/v1/config",
      bearer: null,
      expected: 401,
    });
    await run({
      scenario: "token",
      operation: "getToken",
      method: "POST",
      path: "/v1/oauth/tokens",
      bearer: null,
      expected: 200,
      form: {
        grant_type: "client_credentials",
        client_id: payments.id,
        client_secret: payments.key,
      },
    });
    await run({
      scenario: "token with a wrong secret",
      operation: "getToken",
      method: "POST",
      path: "/v1/oauth/tokens",
      bearer: null,
      expected: 401,
      form: { grant_type: "client_credentials", client_secret: "mpl_wrong" },
    });
    await run({
      scenario: "token with another grant",
      operation: "getToken",
      method: "POST",
      path: "/v1/oauth/tokens",
      bearer: null,
      expected: 400,
      form: { grant_type: "password", client_secret: payments.key },
    });

    await run({
      scenario: "namespaces",
      operation: "listNamespaces",
      method: "GET",
      path: ns,
      expected: 200,
    });
    await run({
      scenario: "child namespaces of a domain",
      operation: "listNamespaces",
      method: "GET",
      path: `${ns}?parent=payments`,
      expected: 200,
    });
    await run({
      scenario: "children of a missing namespace",
      operation: "listNamespaces",
      method: "GET",
      path: `${ns}?parent=nowhere`,
      expected: 404,
    });
    await run({
      scenario: "namespace",
      operation: "loadNamespaceMetadata",
      method: "GET",
      path: `${ns}/payments`,
      expected: 200,
    });
    await run({
      scenario: "missing namespace",
      operation: "loadNamespaceMetadata",
      method: "GET",
      path: `${ns}/nowhere`,
      expected: 404,
    });
    await run({
      scenario: "namespace exists",
      operation: "namespaceExists",
      method: "HEAD",
      path: `${ns}/payments`,
      expected: 204,
    });
    await run({
      scenario: "namespace does not exist",
      operation: "namespaceExists",
      method: "HEAD",
      path: `${ns}/nowhere`,
      expected: 404,
    });
    await run({
      scenario: "namespace without credentials",
      operation: "loadNamespaceMetadata",
      method: "GET",
      path: `${ns}/payments`,
      bearer: null,
      expected: 401,
    });

    await run({
      scenario: "tables",
      operation: "listTables",
      method: "GET",
      path: `${ns}/payments/tables`,
      expected: 200,
    });
    await run({
      scenario: "tables of a missing namespace",
      operation: "listTables",
      method: "GET",
      path: `${ns}/nowhere/tables`,
      expected: 404,
    });

    const loaded = await run({
      scenario: "load",
      operation: "loadTable",
      method: "GET",
      path: tbl("conf-loaded"),
      expected: 200,
    });
    const etag = loaded.headers.get("etag") ?? "";
    const { metadata } = (await loaded.json()) as { metadata: { "table-uuid": string } };
    await run({
      scenario: "load unchanged",
      operation: "loadTable",
      method: "GET",
      path: tbl("conf-loaded"),
      headers: { "if-none-match": etag },
      expected: 304,
    });
    await run({
      scenario: "load a missing table",
      operation: "loadTable",
      method: "GET",
      path: tbl("conf-missing"),
      expected: 404,
    });
    await run({
      scenario: "load another domain's restricted table",
      operation: "loadTable",
      method: "GET",
      path: tbl("conf-restricted"),
      bearer: customer.key,
      expected: 403,
    });
    await run({
      scenario: "table exists",
      operation: "tableExists",
      method: "HEAD",
      path: tbl("conf-loaded"),
      expected: 204,
    });
    await run({
      scenario: "table does not exist",
      operation: "tableExists",
      method: "HEAD",
      path: tbl("conf-missing"),
      expected: 404,
    });

    await run({
      scenario: "create",
      operation: "createTable",
      method: "POST",
      path: `${ns}/payments/tables`,
      body: { name: "conf-created", schema },
      expected: 200,
    });
    await run({
      scenario: "create an existing table",
      operation: "createTable",
      method: "POST",
      path: `${ns}/payments/tables`,
      body: { name: "conf-created", schema },
      expected: 409,
    });
    await run({
      scenario: "staged create",
      operation: "createTable",
      method: "POST",
      path: `${ns}/payments/tables`,
      body: { name: "conf-staged", schema, "stage-create": true },
      expected: 200,
    });
    await run({
      scenario: "create without a schema",
      operation: "createTable",
      method: "POST",
      path: `${ns}/payments/tables`,
      body: { name: "conf-staged" },
      expected: 400,
    });
    await run({
      // A 64-bit integer where a 32-bit one belongs: the lossless parser's bigint is named in
      // the message (it used to crash the error map: 500).
      scenario: "create with a 64-bit field id",
      operation: "createTable",
      method: "POST",
      path: `${ns}/payments/tables`,
      raw: '{"name":"conf-staged","schema":{"type":"struct","fields":[{"id":12345678901234567890,"name":"id","required":true,"type":"long"}]}}',
      expected: 400,
    });
    await run({
      scenario: "create whose metadata file the storage refuses",
      operation: "createTable",
      method: "POST",
      path: `${ns}/payments/tables`,
      body: { name: "conf-blocked", schema, location: `${blocked.storageUri}/blocked/table` },
      expected: 503,
    });
    await run({
      scenario: "create in another domain",
      operation: "createTable",
      method: "POST",
      path: `${ns}/payments/tables`,
      body: { name: "conf-staged", schema },
      bearer: customer.key,
      expected: 403,
    });

    const uuid = metadata["table-uuid"];
    await run({
      scenario: "commit",
      operation: "updateTable",
      method: "POST",
      path: tbl("conf-loaded"),
      body: {
        requirements: [{ type: "assert-table-uuid", uuid }],
        updates: [{ action: "set-properties", updates: { owner: "payments" } }],
      },
      expected: 200,
    });
    await run({
      scenario: "commit with a failed requirement",
      operation: "updateTable",
      method: "POST",
      path: tbl("conf-loaded"),
      body: { requirements: [{ type: "assert-table-uuid", uuid: randomUUID() }], updates: [] },
      expected: 409,
    });
    await run({
      scenario: "commit an unknown update",
      operation: "updateTable",
      method: "POST",
      path: tbl("conf-loaded"),
      body: { requirements: [], updates: [{ action: "no-such-update" }] },
      expected: 400,
    });
    await run({
      scenario: "commit whose metadata file the storage refuses",
      operation: "updateTable",
      method: "POST",
      path: tbl("conf-loaded"),
      body: {
        requirements: [],
        updates: [{ action: "set-location", location: `${deployed.storageUri}/blocked/table` }],
      },
      expected: 503,
    });
    await run({
      scenario: "commit by another domain",
      operation: "updateTable",
      method: "POST",
      path: tbl("conf-loaded"),
      body: { requirements: [], updates: [] },
      bearer: customer.key,
      expected: 403,
    });
    await run({
      scenario: "commit to a missing table",
      operation: "updateTable",
      method: "POST",
      path: tbl("conf-missing"),
      body: { requirements: [], updates: [] },
      expected: 404,
    });

    await run({
      scenario: "register",
      operation: "registerTable",
      method: "POST",
      path: `${ns}/payments/register`,
      body: { name: "conf-registered", "metadata-location": registered.metadataLocation },
      expected: 200,
    });
    await run({
      scenario: "register an existing table",
      operation: "registerTable",
      method: "POST",
      path: `${ns}/payments/register`,
      body: { name: "conf-registered", "metadata-location": registered.metadataLocation },
      expected: 409,
    });

    const change = (name: string, requirements: unknown[]) => ({
      identifier: { namespace: ["payments"], name },
      requirements,
      updates: [{ action: "set-properties", updates: { touched: name } }],
    });
    await run({
      scenario: "transaction",
      operation: "commitTransaction",
      method: "POST",
      path: "/v1/meshplane/transactions/commit",
      body: { "table-changes": [change("conf-loaded", []), change("conf-other", [])] },
      expected: 204,
    });
    await run({
      scenario: "transaction with a failed requirement",
      operation: "commitTransaction",
      method: "POST",
      path: "/v1/meshplane/transactions/commit",
      body: {
        "table-changes": [
          change("conf-loaded", []),
          change("conf-other", [{ type: "assert-table-uuid", uuid: randomUUID() }]),
        ],
      },
      expected: 409,
    });
    await run({
      scenario: "empty transaction",
      operation: "commitTransaction",
      method: "POST",
      path: "/v1/meshplane/transactions/commit",
      body: { "table-changes": [] },
      expected: 400,
    });

    await run({
      scenario: "drop",
      operation: "dropTable",
      method: "DELETE",
      path: tbl("conf-loaded"),
      expected: 403,
    });
  }, 120_000);

  afterAll(async () => {
    await close();
  });

  it("answers each scenario with the status it should, one the spec documents", () => {
    expect(recorded.length).toBeGreaterThan(36);
    for (const response of recorded) {
      const where = `${response.scenario} (${response.operation}): ${response.body}`;
      expect(response.status, where).toBe(response.expected);
      expect(SPEC_STATUSES[response.operation], where).toContain(response.status);
    }
    // Every operation the catalog serves, and every error status, was exercised.
    expect(new Set(recorded.map((response) => response.operation))).toEqual(
      new Set(Object.keys(SPEC_STATUSES)),
    );
    expect(new Set(recorded.map((response) => response.status))).toEqual(
      new Set([200, 204, 304, 400, 401, 403, 404, 409, 503]),
    );
  });

  it("gives bodies the official Java client reads (iceberg-core's parsers)", () => {
    const run = validate(recorded);
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toContain(`${recorded.length} passed, 0 failed`);
  }, 180_000);

  it("would fail a response that drifted from the spec", () => {
    const load = recorded.find((response) => response.scenario === "load");
    const error = recorded.find((response) => response.scenario === "load a missing table");
    if (load === undefined || error === undefined) throw new Error("scenarios missing");
    const drifted = JSON.parse(load.body) as { metadata: Record<string, unknown> };
    delete drifted.metadata["current-schema-id"];
    const run = validate([
      { ...load, body: JSON.stringify(drifted) },
      { ...error, body: JSON.stringify({ error: { message: "gone", code: 404 } }) },
      { ...error, status: 409 },
      { ...load, operation: "namespaceExists", status: 204 },
    ]);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("0 passed, 4 failed");
  }, 180_000);
});
