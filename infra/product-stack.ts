/**
 * A product stack: the DataProduct of the spec in the stack config, registered in the catalog,
 * with the platform's settings of its cloud (`meshplane:azure`) that the spec does not hold.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { DataProductOutputs } from "#contract";
import { DataProduct } from "../components/index";
import type { ProductStackConfig } from "./stack-config";

export function productStack(config: ProductStackConfig): pulumi.Output<DataProductOutputs> {
  const product = new DataProduct(config.spec.name, {
    spec: config.spec,
    environment: config.environment,
    ...(config.organization === undefined ? {} : { organization: config.organization }),
    ...(config.warehouseRoot === undefined ? {} : { warehouseRoot: config.warehouseRoot }),
    catalog: { url: config.catalogUrl, platformToken: config.platformToken },
    ...(config.azure === undefined ? {} : { options: { azure: config.azure } }),
    ...(config.grants === undefined ? {} : { grants: config.grants }),
    ...(config.catalogOwned === true ? { catalogOwned: true } : {}),
  });
  return product.outputs;
}
