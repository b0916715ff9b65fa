/** The integration test's program: a local DataProduct registered in a test catalog server. */
import * as pulumi from "@pulumi/pulumi";
import { DataProduct } from "../../../../components/index";

const config = new pulumi.Config("it");
const spec: unknown = JSON.parse(config.require("spec"));

const product = new DataProduct("product", {
  spec,
  environment: "dev",
  warehouseRoot: config.require("warehouseRoot"),
  catalog: {
    url: config.require("catalogUrl"),
    platformToken: config.requireSecret("platformToken"),
    retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 50 },
  },
});

export const storageUri = product.storageUri;
export const catalog = product.catalog;
