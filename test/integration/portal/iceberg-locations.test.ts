/**
 * A table's files stay under its product's storage (authz.ts `mayUseTableLocation`): the catalog
 * reads and writes metadata files with its own credentials, so a register, create or commit that
 * names a location elsewhere is refused (403) before any file there is read or written, for a
 * domain's key and the platform alike, and nothing moves. Without the rule, a domain registered
 * another domain's restricted table as its own and loaded it, and created tables anywhere on the
 * portal's disk.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as tables from "#portal/app/api/iceberg/v1/[prefix]/namespaces/[namespace]/tables/route";
import * as table from "#portal/app/api/iceberg/v1/[prefix]/namespaces/[namespace]/tables/[table]/route";
import * as register from "#portal/app/api/iceberg/v1/[prefix]/namespaces/[namespace]/register/route";
import * as transactions from "#portal/app/api/iceberg/v1/[prefix]/transactions/commit/route";
import { issueApiKey } from "../../support/iceberg-server";
import { deployLocalProduct } from "../../support/iceberg-catalog";
import { forEachDatabase } from "./databases";
import { PLATFORM_TOKEN, json } from "./harness";
import { findCatalogTable } from "#workflow/iceberg-catalog";

vi.mock("server-only", () => ({}));

const PREFIX = "meshplane";
const SCHEMA = {
  type: "struct",
  "schema-id": 0,
  fields: [{ id: 1, name: "id", type: "long", required: false }],
};

interface Refusal {
  error: { message: string; type: string; code: number };
}

/** A folder no product owns, holding a file no caller should ever see. */
function strayFolder(): { folder: string; secretFile: string } {
  const folder = mkdtempSync(join(tmpdir(), "meshplane-stray-"));
  const secretFile = join(folder, "secret.txt");
  writeFileSync(secretFile, "TOP-SECRET-CONTENT");
  return { folder, secretFile };
}

const filesUnder = (folder: string) =>
  existsSync(join(folder, "metadata")) ? readdirSync(join(folder, "metadata")) : [];

forEachDatabase((target, open) => {
  describe(`Iceberg table locations (${target})`, () => {
    let h: Awaited<ReturnType<typeof open>>;
    let key = "";
    let theirs = { storageUri: "", metadataLocation: "" };
    const own = new Map<string, string>();

    beforeAll(async () => {
      h = await open();
      theirs = await deployLocalProduct(h, "customer", "secret", { classification: "restricted" });
      for (const name of [
        "reg",
        "reg-nested",
        "reg-dots",
        "made",
        "made-in",
        "moved",
        "txn",
        "old-row",
      ])
        own.set(
          name,
          (await deployLocalProduct(h, "payments", name, {}, { registerTable: name === "moved" }))
            .storageUri,
        );
      key = (await issueApiKey(h, "payments", "owner")).key;
    });
    afterAll(async () => {
      await h.close();
    });

    const root = (name: string) => own.get(name) ?? "";
    const registerAs = (bearer: string, name: string, metadataLocation: string) =>
      h.call(register.POST, "POST", "/", {
        as: { bearer },
        params: { prefix: PREFIX, namespace: "payments" },
        body: { name, "metadata-location": metadataLocation },
      });
    const create = (body: object) =>
      h.call(tables.POST, "POST", "/", {
        as: { bearer: key },
        params: { prefix: PREFIX, namespace: "payments" },
        body: { schema: SCHEMA, ...body },
      });
    async function refused(response: Response, mentions: string) {
      expect(response.status).toBe(403);
      const { error } = await json<Refusal>(response);
      expect(error.type).toBe("ForbiddenException");
      expect(error.message).toContain(mentions);
      expect(error.message).not.toContain("TOP-SECRET");
      return error;
    }

    it("refuses to register another domain's metadata file, for a key and the platform", async () => {
      for (const bearer of [key, PLATFORM_TOKEN])
        await refused(await registerAs(bearer, "reg", theirs.metadataLocation), root("reg"));
      expect(await findCatalogTable(h.prisma, "payments", "reg")).toBeNull();
    });

    it("refuses to register a file outside the product's storage without reading it", async () => {
      const { secretFile } = strayFolder();
      await refused(await registerAs(key, "reg", pathToFileURL(secretFile).href), "outside");
      // `..` segments, plain or encoded, do not climb out of the product's folder.
      const climb = `${root("reg-dots")}/../../../customer/secret/metadata/v1.metadata.json`;
      await refused(await registerAs(key, "reg-dots", climb), "outside");
      await refused(await registerAs(key, "reg-dots", climb.replaceAll("..", "%2e%2E")), "outside");
      expect(await findCatalogTable(h.prisma, "payments", "reg-dots")).toBeNull();
    });

    it("refuses a metadata file in the product's storage whose table lives elsewhere", async () => {
      const { folder } = strayFolder();
      const metadataDir = join(fileURLToPath(root("reg-nested")), "metadata");
      mkdirSync(metadataDir, { recursive: true });
      const created = await create({ name: "made-in", location: `${root("made-in")}/copy` });
      const { metadata } = await json<{ metadata: { location: string } }>(created);
      const elsewhere = join(metadataDir, "elsewhere.metadata.json");
      writeFileSync(
        elsewhere,
        JSON.stringify({ ...metadata, location: pathToFileURL(folder).href }),
      );
      await refused(await registerAs(key, "reg-nested", pathToFileURL(elsewhere).href), "outside");
      expect(await findCatalogTable(h.prisma, "payments", "reg-nested")).toBeNull();
    });

    it("creates tables only under the product's storage, refusing before writing a file", async () => {
      const { folder } = strayFolder();
      await refused(
        await create({ name: "made", location: pathToFileURL(folder).href }),
        "outside",
      );
      // A sibling folder whose name only starts like the product's is not under it.
      await refused(await create({ name: "made", location: `${root("made")}-2` }), "outside");
      await refused(
        await create({ name: "made", location: pathToFileURL(folder).href, "stage-create": true }),
        "outside",
      );
      const byCommit = await h.call(table.POST, "POST", "/", {
        as: { bearer: key },
        params: { prefix: PREFIX, namespace: "payments", table: "made" },
        body: {
          requirements: [{ type: "assert-create" }],
          updates: [
            { action: "assign-uuid", uuid: crypto.randomUUID() },
            { action: "upgrade-format-version", "format-version": 2 },
            { action: "set-location", location: pathToFileURL(folder).href },
          ],
        },
      });
      await refused(byCommit, "outside");
      expect(filesUnder(folder)).toEqual([]);
      expect(await findCatalogTable(h.prisma, "payments", "made")).toBeNull();
      const inside = await create({ name: "made", location: `${root("made")}/tables/v2` });
      expect(inside.status).toBe(200);
      const body = await json<{ "metadata-location": string }>(inside);
      expect(body["metadata-location"].startsWith(`${root("made")}/tables/v2/metadata/`)).toBe(
        true,
      );
    });

    it("refuses a commit that moves the table out of its storage; nothing moves", async () => {
      const { folder } = strayFolder();
      const before = await findCatalogTable(h.prisma, "payments", "moved");
      const response = await h.call(table.POST, "POST", "/", {
        as: { bearer: key },
        params: { prefix: PREFIX, namespace: "payments", table: "moved" },
        body: {
          requirements: [],
          updates: [{ action: "set-location", location: pathToFileURL(folder).href }],
        },
      });
      await refused(response, "outside");
      expect(filesUnder(folder)).toEqual([]);
      expect((await findCatalogTable(h.prisma, "payments", "moved"))?.metadataLocation).toBe(
        before?.metadataLocation,
      );
    });

    it("refuses a transaction with one table leaving its storage, moving neither table", async () => {
      const created = await create({ name: "txn" });
      expect(created.status).toBe(200);
      const heads = async () =>
        Promise.all(
          ["moved", "txn"].map(
            async (name) => (await findCatalogTable(h.prisma, "payments", name))?.metadataLocation,
          ),
        );
      const before = await heads();
      const { folder } = strayFolder();
      const change = (name: string, updates: object[]) => ({
        identifier: { namespace: ["payments"], name },
        requirements: [],
        updates,
      });
      const response = await h.call(transactions.POST, "POST", "/", {
        as: { bearer: key },
        params: { prefix: PREFIX },
        body: {
          "table-changes": [
            change("moved", [{ action: "set-properties", updates: { touched: "yes" } }]),
            change("txn", [{ action: "set-location", location: pathToFileURL(folder).href }]),
          ],
        },
      });
      await refused(response, "outside");
      expect(await heads()).toEqual(before);
    });

    it("refuses commits to a table an earlier register left outside its storage", async () => {
      // As a register before this rule left it: the row names a file in a stray folder.
      const { folder } = strayFolder();
      const created = await create({ name: "old-row" });
      const { metadata } = await json<{ metadata: object }>(created);
      const stray = join(folder, "metadata", "v1.metadata.json");
      mkdirSync(join(folder, "metadata"));
      writeFileSync(stray, JSON.stringify({ ...metadata, location: pathToFileURL(folder).href }));
      await h.prisma.icebergTable.update({
        where: { namespace_name: { namespace: "payments", name: "old-row" } },
        data: {
          metadataLocation: pathToFileURL(stray).href,
          metadata: JSON.stringify({ ...metadata, location: pathToFileURL(folder).href }),
        },
      });
      const response = await h.call(table.POST, "POST", "/", {
        as: { bearer: key },
        params: { prefix: PREFIX, namespace: "payments", table: "old-row" },
        body: { requirements: [], updates: [{ action: "set-properties", updates: { a: "b" } }] },
      });
      await refused(response, "outside");
      expect(filesUnder(folder)).toEqual(["v1.metadata.json"]);
    });
  });
});
