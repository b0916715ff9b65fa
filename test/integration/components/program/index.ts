/**
 * The components integration tests' program: a local DataProduct, registered in a test catalog
 * server when `it:catalogUrl` is set (dynamic-providers.test.ts), or on its own
 * (evolution-pyiceberg.test.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import { DataProduct } from "#components/index";

const config = new pulumi.Config("it");
const spec: unknown = JSON.parse(config.require("spec"));
const catalogUrl = config.get("catalogUrl");

const product = new DataProduct("product", {
  spec,
  environment: "dev",
  warehouseRoot: config.require("warehouseRoot"),
  ...(catalogUrl === undefined
    ? {}
    : {
        catalog: {
          url: catalogUrl,
          platformToken: config.requireSecret("platformToken"),
          retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 50 },
        },
      }),
});

export const storageUri = product.storageUri;
export const catalog = product.catalog;
