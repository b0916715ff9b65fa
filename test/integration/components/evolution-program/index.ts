/** The evolution test's program: a local DataProduct, its spec and warehouse root from config. */
import * as pulumi from "@pulumi/pulumi";
import { DataProduct } from "../../../../components/index";

const config = new pulumi.Config("it");
const spec: unknown = JSON.parse(config.require("spec"));

const product = new DataProduct("product", {
  spec,
  environment: "dev",
  warehouseRoot: config.require("warehouseRoot"),
});

export const storageUri = product.storageUri;
export const catalog = product.catalog;
