/**
 * The spec's table in Iceberg's own spelling, for every catalog a component writes it into (the
 * Glue table, the BigQuery schema, the local warehouse's metadata): a column's parsed type and its
 * canonical name, and a partition field's canonical transform and default field name; and where
 * a bucket-based warehouse keeps the table. Pure.
 *
 * The contract has accepted the spec already, so a parse error here means a caller skipped it.
 */
import {
  formatPartitionTransform,
  parsePartitionTransform,
  partitionFieldName,
  type DataProductSpec,
  type PartitionFieldSpec,
} from "#contract";

/**
 * Folder of the product's table inside its warehouse bucket on AWS and GCP: `iceberg/<product>`
 * (an Azure product has a container of its own, see azure/planning/storage.ts).
 */
export function bucketTablePath(spec: Pick<DataProductSpec, "name">): string {
  return `iceberg/${spec.name}`;
}

/**
 * Prefix of the table's data files below its folder (`<table path>/data/`): what lifecycle rules
 * tier and expire by age and what object-created events fire on. Iceberg's `metadata/` beside it
 * is never moved or expired by age: a table not committed within its retention would lose its
 * current metadata.
 */
export function dataFilesPrefix(tablePath: string): string {
  return `${tablePath}/data/`;
}

/** The spec's column types in Iceberg's spelling live in the contract (one mapping for all). */
export { columnType, icebergTypeName } from "#contract";

export interface IcebergPartition {
  column: string;
  /** The transform as Iceberg writes it, e.g. `bucket[16]`. */
  transform: string;
  /** Iceberg's default name of the partition field, e.g. `ts_day`. */
  name: string;
}

export function icebergPartition(field: PartitionFieldSpec): IcebergPartition {
  const result = parsePartitionTransform(field.transform);
  if (!result.ok) throw new Error(result.reason);
  return {
    column: field.column,
    transform: formatPartitionTransform(result.value),
    name: partitionFieldName(field.column, result.value),
  };
}
