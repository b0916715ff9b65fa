/**
 * The Pulumi program's product stack for each cloud target, planned under the production plan
 * mocks (infra/plan/mocks.ts answer like each cloud): what `pulumi preview` of a cloud stack
 * would build, with no credentials and no provider plugins, which this machine does not have.
 */
import { describe, expect, it, vi } from "vitest";
import * as pulumi from "@pulumi/pulumi";
import { DataProductSpec, type DataProductOutputs } from "#contract";
import { installPlanMocks } from "../../../infra/plan/mocks";
import type { ProductStackConfig } from "../../../infra/stack-config";
import { exampleInput } from "../../support/specs";

function resolved<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => {
    output.apply((value) => {
      resolve(value);
      return value;
    });
  });
}

const CATALOG_ENTRY = "pulumi-nodejs:dynamic/meshplane/catalog:MeshCatalogEntry";

const CASES = [
  { file: "card-transactions.yaml", cloud: "aws", storage: /^s3:\/\//, catalog: "glue" },
  { file: "fraud-scores.yaml", cloud: "gcp", storage: /^gs:\/\//, catalog: "bigquery" },
  { file: "country-codes.yaml", cloud: "azure", storage: /^abfss:\/\//, catalog: "meshplane" },
] as const;

describe("the product stack of each cloud under mocks", () => {
  it.each(CASES)(
    "plans $cloud ($file) with a catalog entry",
    async ({ file, cloud, storage, catalog }) => {
      const spec = DataProductSpec.parse(exampleInput(file));
      const recorded = installPlanMocks(spec.target.region);
      const { productStack } = await import("../../../infra/product-stack");
      const config: ProductStackConfig = {
        kind: "product",
        spec,
        environment: "prod",
        catalogUrl: "https://portal.example.com",
        platformToken: "p".repeat(40),
      };
      const outputs: DataProductOutputs = await resolved(productStack(config));
      expect([outputs.cloud, outputs.region]).toEqual([cloud, spec.target.region]);
      expect(outputs.storageUri).toMatch(storage);
      expect(outputs.catalog.kind).toBe(catalog);
      // The catalog entry registers once the outputs it sends are known.
      await vi.waitFor(() => {
        expect(recorded.filter((r) => r.type === CATALOG_ENTRY)).toHaveLength(1);
      });
    },
  );
});
