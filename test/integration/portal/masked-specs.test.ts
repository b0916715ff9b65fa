/**
 * The Azure artifact's SAS URL is a credential: the portal shows and returns specs with its
 * signature masked (lib/masking.ts `maskForDisplay`), and a spec sent back with the mask in place
 * keeps the stored signature, so what deploys read is never the mask.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DataProductSpec } from "#contract";
import { MASK } from "#lib/masking";
import * as collection from "#portal/app/api/v1/requests/route";
import * as item from "#portal/app/api/v1/requests/[id]/route";
import * as product from "#portal/app/api/v1/products/[domain]/[name]/route";
import type { ProductDetail, RequestDetail } from "#portal/shared/api-schemas";
import { exampleInput } from "../../support/specs";
import { forEachDatabase } from "./databases";
import { json, registrationOf, type Harness } from "./harness";

vi.mock("server-only", () => ({}));

const stored = DataProductSpec.parse(exampleInput("customer-360.yaml"));
const ARTIFACT = stored.inference?.artifact ?? "";
const SIGNATURE = new URL(ARTIFACT).searchParams.get("sig") ?? "";
/** How the portal shows the artifact: everything but the signature. */
const SHOWN = ARTIFACT.replace(/([?&]sig=)[^&]+/, `$1${MASK}`);

forEachDatabase((target, open) => {
  describe(`masked specs (${target})`, () => {
    let h: Harness & { close: () => Promise<void> };
    beforeAll(async () => {
      h = await open();
      await h.register(registrationOf(stored));
    });
    afterAll(async () => {
      await h.close();
    });

    const storedArtifact = async (id: string) => {
      const row = await h.prisma.productRequest.findUniqueOrThrow({ where: { id } });
      return (row.spec as { inference?: { artifact?: string } }).inference?.artifact;
    };
    const edit = (id: string, spec: unknown) =>
      h.call(item.PATCH, "PATCH", `/api/v1/requests/${id}`, {
        as: "otherMember",
        params: { id },
        body: { spec },
      });

    it("shows a product's spec without the signature, and keeps it in the catalog", async () => {
      expect(SIGNATURE.length).toBeGreaterThan(8);
      const detail = await json<ProductDetail>(
        await h.call(product.GET, "GET", "/", {
          as: "otherMember",
          params: { domain: "customer", name: "customer-360" },
        }),
      );
      expect(detail.spec.inference?.artifact).toBe(SHOWN);
      expect(JSON.stringify(detail)).not.toContain(SIGNATURE);
      const row = await h.prisma.dataProduct.findUniqueOrThrow({
        where: { domain_name: { domain: "customer", name: "customer-360" } },
      });
      expect((row.spec as typeof stored).inference?.artifact).toBe(ARTIFACT);
    });

    it("keeps the signature through an update request built from the shown spec and its edits", async () => {
      const shown = await json<ProductDetail>(
        await h.call(product.GET, "GET", "/", {
          as: "otherMember",
          params: { domain: "customer", name: "customer-360" },
        }),
      );
      const created = await h.call(collection.POST, "POST", "/api/v1/requests", {
        as: "otherMember",
        body: { kind: "update", spec: shown.spec },
      });
      expect(created.status).toBe(201);
      const draft = await json<RequestDetail>(created);
      expect((draft.spec as typeof stored).inference?.artifact).toBe(SHOWN);
      expect(await storedArtifact(draft.id)).toBe(ARTIFACT);

      // Saved again as shown, with another field changed: the signature stays.
      const described = { ...draft.spec, description: "One row per customer, refreshed hourly." };
      const saved = await edit(draft.id, described);
      expect(saved.status).toBe(200);
      expect(JSON.stringify(await json(saved))).not.toContain(SIGNATURE);
      expect(await storedArtifact(draft.id)).toBe(ARTIFACT);

      // A masked URL edited around the mask cannot be deployed: refused at its field.
      const longer = SHOWN.replace("se=2099-12-31", "se=2100-12-31");
      const refused = await edit(draft.id, {
        ...described,
        inference: { ...stored.inference, artifact: longer },
      });
      expect(refused.status).toBe(422);
      expect((await json<{ errors: unknown[] }>(refused)).errors).toEqual([
        {
          path: "spec.inference.artifact",
          message: `holds a masked value (${MASK}): keep it as shown or enter the whole value again`,
        },
      ]);
      expect(await storedArtifact(draft.id)).toBe(ARTIFACT);

      // A new URL typed whole replaces it.
      const renewed = ARTIFACT.replace(SIGNATURE, "bmV3LXNpZ25hdHVyZQ%3D%3D");
      const replaced = await edit(draft.id, {
        ...described,
        inference: { ...stored.inference, artifact: renewed },
      });
      expect(replaced.status).toBe(200);
      expect(await storedArtifact(draft.id)).toBe(renewed);
    });
  });
});
