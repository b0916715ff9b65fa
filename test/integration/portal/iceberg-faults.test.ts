/**
 * Fault injection against the Iceberg REST catalog's write path, through the real route
 * handlers: the metadata file write failing, the database failing after the file was written, a
 * transaction of several tables whose second table fails, and the database unreachable. Each
 * answers the spec's IcebergErrorResponse with a status the spec documents for the operation,
 * moves no head, and leaves no metadata file nothing refers to.
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import * as table from "#portal/app/api/iceberg/v1/[prefix]/namespaces/[namespace]/tables/[table]/route";
import * as transactions from "#portal/app/api/iceberg/v1/[prefix]/transactions/commit/route";
import * as tokens from "#portal/app/api/iceberg/v1/oauth/tokens/route";
import * as register from "#portal/app/api/iceberg/v1/[prefix]/namespaces/[namespace]/register/route";
import * as apiKeys from "#portal/app/api/v1/domains/[slug]/api-keys/route";
import { setDbForTests } from "#portal/server/db";
import { createPrismaClient } from "#db";
import { findCatalogTable, swap, SYSTEM_CLOCK } from "#workflow/iceberg-catalog";
import { parseStoredMetadata } from "#workflow/iceberg-catalog";
import { json, type Harness } from "./harness";
import { forEachDatabase } from "./databases";
import { deployLocalProduct } from "../../support/iceberg-catalog";

vi.mock("server-only", () => ({}));

const PREFIX = "meshplane";
interface IcebergErrorBody {
  error: { message: string; type: string; code: number };
}
interface LoadResult {
  "metadata-location": string;
}

async function issueKey(h: Harness, domain: string): Promise<string> {
  const response = await h.call(apiKeys.POST, "POST", "/", {
    as: "owner",
    params: { slug: domain },
    body: { label: "faults" },
  });
  return (await json<{ key: string }>(response)).key;
}

/** The metadata files in a table's folder. */
function metadataFiles(storageUri: string): string[] {
  return readdirSync(join(fileURLToPath(storageUri), "metadata")).sort();
}

forEachDatabase((target, open) => {
  describe(`Iceberg catalog under faults (${target})`, () => {
    let h: Awaited<ReturnType<typeof open>>;
    let key = "";
    const storage = new Map<string, string>();
    // Names of this database's own: the process's head cache outlives a suite's database.
    const own = (name: string) => `${name}-${target}`;
    const NAMES = ["fault-a", "fault-b", "fault-c", "fault-d", "fault-e", "fault-f"] as const;
    const UNREGISTERED = "fault-register";
    beforeAll(async () => {
      h = await open();
      for (const name of NAMES)
        storage.set(name, (await deployLocalProduct(h, "payments", own(name))).storageUri);
      const unregistered = await deployLocalProduct(
        h,
        "payments",
        own(UNREGISTERED),
        {},
        {
          registerTable: false,
        },
      );
      storage.set(UNREGISTERED, unregistered.storageUri);
      key = await issueKey(h, "payments");
    });
    afterAll(async () => {
      await h.close();
    });
    afterEach(() => {
      vi.restoreAllMocks();
    });

    const params = (name: string) => ({ prefix: PREFIX, namespace: "payments", table: own(name) });
    const load = async (name: string) =>
      json<LoadResult>(
        await h.call(table.GET, "GET", "/", { as: { bearer: key }, params: params(name) }),
      );
    const storageOf = (name: string) => storage.get(name) ?? "";

    it("removes the files of tables a failed transaction rolled back", async () => {
      const before = metadataFiles(storageOf("fault-a"));
      const head = (await load("fault-a"))["metadata-location"];
      const response = await h.call(transactions.POST, "POST", "/", {
        as: { bearer: key },
        params: { prefix: PREFIX },
        body: {
          "table-changes": [
            {
              identifier: { namespace: ["payments"], name: own("fault-a") },
              requirements: [],
              updates: [{ action: "set-properties", updates: { batch: "1" } }],
            },
            {
              identifier: { namespace: ["payments"], name: own("fault-b") },
              requirements: [{ type: "assert-table-uuid", uuid: "not-the-uuid" }],
              updates: [{ action: "set-properties", updates: { batch: "1" } }],
            },
          ],
        },
      });
      expect(response.status).toBe(409);
      expect((await load("fault-a"))["metadata-location"]).toBe(head);
      expect(metadataFiles(storageOf("fault-a"))).toEqual(before);
    });

    it("answers a metadata file the storage refuses with 503, nothing moved or left", async () => {
      // A regular file where the new location's folder would be: the write fails (ENOTDIR).
      const blocker = join(fileURLToPath(storageOf("fault-c")), "blocked");
      writeFileSync(blocker, "not a folder");
      const head = (await load("fault-c"))["metadata-location"];
      const response = await h.call(table.POST, "POST", "/", {
        as: { bearer: key },
        params: params("fault-c"),
        body: {
          requirements: [],
          updates: [{ action: "set-location", location: `${storageOf("fault-c")}/blocked/table` }],
        },
      });
      const body = await json<IcebergErrorBody>(response);
      expect(response.status, body.error.message).toBe(503);
      expect(body.error).toMatchObject({ type: "ServiceUnavailableException", code: 503 });
      expect(body.error.message).toMatch(/metadata file/);
      expect((await load("fault-c"))["metadata-location"]).toBe(head);
    });

    it("removes the file when the swap fails and the head did not move", async () => {
      const row = await findCatalogTable(h.prisma, "payments", own("fault-d"));
      if (row === null) throw new Error("fault-d is not registered");
      const before = metadataFiles(storageOf("fault-d"));
      const metadata = parseStoredMetadata(row.metadata);
      // The swap's statement fails (a row id that does not parse as the column's type is not
      // needed: a version beyond PostgreSQL's integer fails the UPDATE after the file is written).
      const broken = { ...row, version: 2 ** 40 };
      await expect(swap(h.prisma, broken, metadata, SYSTEM_CLOCK)).rejects.toThrow();
      expect((await findCatalogTable(h.prisma, "payments", own("fault-d")))?.metadataLocation).toBe(
        row.metadataLocation,
      );
      expect(metadataFiles(storageOf("fault-d"))).toEqual(before);
    });

    it("refuses to register metadata holding an id beyond a 64-bit long, naming it", async () => {
      const folder = join(fileURLToPath(storageOf(UNREGISTERED)), "metadata");
      const [first] = metadataFiles(storageOf(UNREGISTERED));
      const text = readFileSync(join(folder, first ?? ""), "utf8");
      // An engine's file no engine could read back: a snapshot id of 2^66.
      const huge = text.replace(/^\{/, '{"current-snapshot-id":73786976294838206464,');
      const file = join(folder, "v9.metadata.json");
      writeFileSync(file, huge);
      const response = await h.call(register.POST, "POST", "/", {
        as: { bearer: key },
        params: { prefix: PREFIX, namespace: "payments" },
        body: { name: own(UNREGISTERED), "metadata-location": pathToFileURL(file).href },
      });
      expect(response.status).toBe(400);
      const { error } = await json<IcebergErrorBody>(response);
      expect(error.type).toBe("BadRequestException");
      expect(error.message).toContain("current-snapshot-id: must be a 64-bit long");
      expect(await findCatalogTable(h.prisma, "payments", own(UNREGISTERED))).toBeNull();
    });

    describe("a table moved while this process caches its product", () => {
      const commitAs = (name: string, updates: unknown[]) =>
        h.call(table.POST, "POST", "/", {
          as: { bearer: key },
          params: params(name),
          body: { requirements: [], updates },
        });
      /** The product's storage moves (a later deployment's outputs) after a commit cached it. */
      const moveStorage = async (name: string): Promise<string> => {
        const primed = await commitAs(name, [{ action: "set-properties", updates: { p: "1" } }]);
        expect(primed.status).toBe(200);
        const moved = pathToFileURL(mkdtempSync(join(tmpdir(), "meshplane-moved-"))).href;
        const product = await h.prisma.dataProduct.findUniqueOrThrow({
          where: { domain_name: { domain: "payments", name: own(name) } },
        });
        await h.prisma.dataProduct.update({
          where: { id: product.id },
          data: { outputs: { ...(product.outputs as object), storageUri: moved } },
        });
        return moved;
      };

      it("refuses a location under the storage the product no longer has", async () => {
        await moveStorage("fault-e");
        const response = await commitAs("fault-e", [
          { action: "set-location", location: `${storageOf("fault-e")}/elsewhere` },
        ]);
        expect(response.status).toBe(403);
      });

      it("accepts a location under the product's storage as it is now", async () => {
        const moved = await moveStorage("fault-f");
        const response = await commitAs("fault-f", [
          { action: "set-location", location: `${moved}/table` },
        ]);
        expect(response.status, await response.clone().text()).toBe(200);
      });
    });
  });
});

const tokenRequest = (body: string) =>
  tokens.POST(
    new Request("http://localhost:3000/api/iceberg/v1/oauth/tokens", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body,
    }),
  );
const TOKEN_FORM = "grant_type=client_credentials&client_secret=mpl_not_a_real_key_0123456789";

describe("the OAuth token endpoint's body", () => {
  it("is refused beyond the body limit before it is read, like every route's", async () => {
    const response = await tokenRequest(`${TOKEN_FORM}&pad=${"a".repeat(20_000_000)}`);
    expect(response.status).toBe(400);
    expect(await json<{ error: string; error_description: string }>(response)).toMatchObject({
      error: "invalid_request",
      error_description: expect.stringContaining("MESHPLANE_MAX_BODY_BYTES") as string,
    });
  });
});

describe("Iceberg catalog while the database is unreachable", () => {
  afterEach(() => {
    setDbForTests(undefined);
    vi.restoreAllMocks();
  });

  it("answers 503 ServiceUnavailableException with Retry-After", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    setDbForTests(createPrismaClient("postgresql://meshplane:x@127.0.0.1:1/meshplane"));
    const response = await table.GET(
      new Request("http://localhost:3000/api/iceberg/v1/meshplane/namespaces/a/tables/b", {
        headers: { authorization: "Bearer mpl_not_a_real_key_0123456789" },
      }),
      { params: Promise.resolve({ prefix: PREFIX, namespace: "a", table: "b" }) },
    );
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await json<IcebergErrorBody>(response)).toMatchObject({
      error: { type: "ServiceUnavailableException", code: 503 },
    });
  });

  it("answers the token endpoint 503 temporarily_unavailable with Retry-After", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    setDbForTests(createPrismaClient("postgresql://meshplane:x@127.0.0.1:1/meshplane"));
    const response = await tokenRequest(TOKEN_FORM);
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toMatch(/^\d+$/);
    expect((await json<{ error: string }>(response)).error).toBe("temporarily_unavailable");
  });
});
