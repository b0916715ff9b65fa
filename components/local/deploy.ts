/**
 * `deployLocal`: the local-target implementation of DataProduct. A warehouse directory with the
 * product's Iceberg table; the Meshplane catalog is the catalog. Lifecycle, backup and inference
 * are unsupported here (contract/capabilities.ts), so none are built.
 */
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { DataProductOutputs } from "#contract";
import { dataStoreOptions } from "../checks";
import type { ProductContext } from "../context";
import type { CloudDeployment } from "../types";
import { LocalWarehouse } from "./local-warehouse";
import { icebergTableInput, tableProperties, warehouseSubpath } from "./table-input";

/** Where local warehouses go when the caller names no root: `./.data/warehouse` (npm start's). */
const DEFAULT_WAREHOUSE_ROOT = ".data/warehouse";

function checkLocalContext(context: ProductContext): void {
  const { spec } = context;
  if (spec.target.cloud !== "local") {
    throw new Error(`deployLocal: spec.target.cloud must be local, not ${spec.target.cloud}`);
  }
}

/** deployLocal with an explicit warehouse root (infra passes `<MESHPLANE_DATA_DIR>/warehouse`). */
export function localDeployment(warehouseRoot: string): CloudDeployment {
  return (context, parent) => {
    checkLocalContext(context);
    const { spec } = context;
    const path = warehouseSubpath(context);
    const warehouse = new LocalWarehouse(
      `${spec.name}-warehouse`,
      {
        root: warehouseRoot,
        path,
        table: icebergTableInput(spec.table, tableProperties(context)),
        catalogOwned: context.catalogOwned,
      },
      // The resource itself keeps the data on delete; retainOnDelete also keeps the engine from
      // even calling delete, and gold protects it like a cloud data store.
      { parent, ...dataStoreOptions(context.policy) },
    );
    // The location is known from the inputs; only the metadata version comes from the provider
    // (unknown in a preview, absent under mocks: then the catalog entry simply has none yet).
    const storageUri = pathToFileURL(join(resolve(warehouseRoot), ...path.split("/"))).href;
    return warehouse.metadataLocation.apply(
      (metadataLocation: string | undefined): DataProductOutputs => ({
        cloud: "local",
        region: spec.target.region,
        storageUri,
        catalog: {
          kind: "meshplane",
          database: spec.domain,
          table: spec.name,
          ...(metadataLocation === undefined ? {} : { metadataLocation }),
          // The local provider writes the table's Iceberg metadata with the spec's partition spec.
          partitioning: "iceberg",
        },
        backup: { kind: "none" },
        tags: { ...context.labels },
      }),
    );
  };
}

export const deployLocal: CloudDeployment = localDeployment(DEFAULT_WAREHOUSE_ROOT);
