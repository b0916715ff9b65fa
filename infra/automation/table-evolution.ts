/**
 * What the worker hands the catalog about a product's table: whether the catalog already owns it
 * (before `up`: the program then writes no metadata on update), and the commit that brings the
 * catalog's head to the deployed spec's table (after `up`, at settle). Only tables the catalog
 * writes (tableHome `meshplane`: local and Azure); Glue and BigLake tables have their own writer.
 */
import { icebergTableInput, tableProperties } from "#components/local/table-input";
import { deploymentCommit } from "#components/local/catalog-updates";
import { productContext } from "#components/context";
import type { DataProductSpec } from "#contract";
import { tableHome } from "#core/iceberg-catalog";
import type { Db } from "#db/client";
import { findCatalogTable, type TableEvolution } from "#workflow/iceberg-catalog";

function catalogWrites(spec: DataProductSpec): boolean {
  return tableHome(spec.target.cloud, undefined).kind === "meshplane";
}

/** The product's table is in Meshplane's catalog, so the catalog is its only writer. */
export async function isCatalogOwned(db: Db, spec: DataProductSpec): Promise<boolean> {
  if (!catalogWrites(spec)) return false;
  return (await findCatalogTable(db, spec.domain, spec.name)) !== null;
}

/**
 * The spec's table as the deployed program built it (same context, so the same columns and
 * properties), turned into a commit on whatever head the catalog has at settle.
 */
export function tableEvolution(
  spec: DataProductSpec,
  environment: string,
  organization: string | undefined,
): TableEvolution | undefined {
  if (!catalogWrites(spec)) return undefined;
  const context = productContext({
    spec,
    environment,
    ...(organization === undefined ? {} : { organization }),
  });
  const table = icebergTableInput(context.spec.table, tableProperties(context));
  return (head, headLocation) => deploymentCommit(table, head, headLocation, Date.now());
}
