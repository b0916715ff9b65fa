/**
 * ODCS v3 through the API: a product version exports as YAML (or JSON) valid against the vendored
 * ODCS JSON Schema, and an ODCS document imports into a new draft request, listing what it could
 * not map.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { parse } from "yaml";
import * as contract from "#portal/app/api/v1/products/[domain]/[name]/contract/route";
import * as importOdcs from "#portal/app/api/v1/requests/import-odcs/route";
import type { OdcsImportResult } from "#portal/shared/api-schemas";
import { DataProductSpec } from "#contract";
import { odcsValidator } from "../../support/odcs";
import { exampleInput } from "../../support/specs";
import { forEachDatabase } from "./databases";
import { json, registrationOf, type Harness } from "./harness";

vi.mock("server-only", () => ({}));

const SECOND = "Customer events, second version of the contract.";
const CUSTOMER = { domain: "customer", name: "customer-events" };
const valid = odcsValidator();

forEachDatabase((target, open) => {
  describe(`ODCS endpoints (${target})`, () => {
    let h: Harness & { close: () => Promise<void> };
    beforeAll(async () => {
      h = await open();
      await h.register(registrationOf(exampleInput("customer-events.yaml")));
      // A second version: a new description.
      const product = await h.prisma.dataProduct.findUniqueOrThrow({
        where: { domain_name: CUSTOMER },
      });
      await h.prisma.productVersion.create({
        data: {
          productId: product.id,
          version: "1.0.1",
          spec: { ...(product.spec as object), version: "1.0.1", description: SECOND },
          deployedAt: new Date(Date.now() + 1000),
        },
      });
    });
    afterAll(async () => {
      await h.close();
    });

    const exportAs = (
      query: Record<string, string> = {},
      headers: Record<string, string> = { accept: "*/*" },
    ) => h.call(contract.GET, "GET", "/", { as: "member", params: CUSTOMER, query, headers });

    it("exports the newest version as YAML by default, valid ODCS v3 with its server", async () => {
      const response = await exportAs({ format: "odcs" });
      expect(response.status, await response.clone().text()).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^application\/yaml/);
      const document = parse(await response.text()) as Record<string, unknown>;
      expect(valid(document), JSON.stringify(valid.errors)).toBe(true);
      expect(document).toMatchObject({
        apiVersion: "v3.2.0",
        kind: "DataContract",
        id: "customer/customer-events",
        version: "1.0.1",
        status: "active",
      });
      expect(document.servers).toHaveLength(1);
    });

    it("exports JSON on request, and a past version, deprecated and without a server", async () => {
      const byAccept = await exportAs({}, { accept: "application/json" });
      expect(byAccept.headers.get("content-type")).toMatch(/^application\/json/);
      expect((await json<{ version: string }>(byAccept)).version).toBe("1.0.1");
      const past = await exportAs({ type: "json", version: "1.0.0" });
      const document = await json(past);
      expect(valid(document), JSON.stringify(valid.errors)).toBe(true);
      expect(document).toMatchObject({ version: "1.0.0", status: "deprecated" });
      expect(document.servers).toBeUndefined();
    });

    it("answers 404 for a version that was never deployed and 422 for another format", async () => {
      expect((await exportAs({ version: "9.0.0" })).status).toBe(404);
      const csv = await exportAs({ format: "csv" });
      expect(csv.status).toBe(422);
      expect((await json<{ errors: { path: string }[] }>(csv)).errors[0]?.path).toBe(
        "query.format",
      );
    });

    it("imports an exported contract as a draft change of the live product, listing the unmapped", async () => {
      const exported = await (await exportAs({ type: "yaml" })).text();
      const response = await h.call(importOdcs.POST, "POST", "/", {
        as: "otherMember",
        body: { document: exported },
      });
      expect(response.status).toBe(201);
      const { request, unmapped } = await json<OdcsImportResult>(response);
      expect(request).toMatchObject({
        kind: "update",
        status: "draft",
        domain: "customer",
        name: "customer-events",
        issues: [],
      });
      expect(DataProductSpec.parse(request.spec).description).toBe(SECOND);
      // The server is the deployment's: Meshplane derives it from the target.
      expect(unmapped.map((item) => item.path)).toEqual(["servers"]);
    });

    it("files a foreign contract as a new product with what it lacks, in members' domains only", async () => {
      const foreign = {
        apiVersion: "v3.0.2",
        kind: "DataContract",
        id: "orders-contract",
        version: "0.3.0",
        status: "proposed",
        domain: "payments",
        dataProduct: "orders-feed",
        schema: [
          {
            name: "orders",
            physicalType: "table",
            properties: [
              { name: "order_id", logicalType: "integer", required: true, primaryKey: true },
            ],
          },
        ],
      };
      const outsider = await h.call(importOdcs.POST, "POST", "/", {
        as: "otherMember",
        body: { document: foreign },
      });
      expect(outsider.status).toBe(403);
      const response = await h.call(importOdcs.POST, "POST", "/", {
        as: "member",
        body: { document: JSON.stringify(foreign) },
      });
      expect(response.status).toBe(201);
      const { request, unmapped } = await json<OdcsImportResult>(response);
      expect(request).toMatchObject({ kind: "create", domain: "payments", name: "orders-feed" });
      expect(request.issues.map((issue) => issue.path)).toEqual(
        expect.arrayContaining(["tier", "target"]),
      );
      expect(unmapped.map((item) => item.path)).toContain("schema[0].properties[0].primaryKey");

      const garbage = await h.call(importOdcs.POST, "POST", "/", {
        as: "member",
        body: { document: "kind: [unclosed" },
      });
      expect(garbage.status).toBe(422);
      expect((await json<{ errors: { path: string }[] }>(garbage)).errors[0]?.path).toBe(
        "document",
      );
    });
  });
});
