/**
 * A deployment's schema change as an Iceberg REST commit on the catalog's head: the table updates
 * (add-schema, set-current-schema, add-spec, set-default-spec, add-sort-order,
 * set-default-sort-order, set-properties) that turn the head into the table the spec describes.
 * Once a table is in Meshplane's catalog, the catalog is its only writer, so a deployment's
 * evolution is a commit like an engine's (workflow/iceberg-catalog.ts commitDeployedTable).
 *
 * There is one evolution algorithm: nextTableMetadata (field ids kept, renames by id, the legal
 * type promotions, new ids above last-column-id, refusals naming the spec path) builds the next
 * metadata from the head, and this module only reads the updates off its result. Pure.
 */
import {
  IcebergSchema,
  PartitionSpec,
  SortOrder,
  type TableMetadata as CatalogMetadata,
} from "#lib/iceberg/table-metadata";
import type { TableRequirement, TableUpdate } from "#lib/iceberg/updates";
import {
  asTableMetadata,
  nextTableMetadata,
  type IcebergTableInput,
  type TableMetadata,
} from "./iceberg-metadata";

/** What the catalog commits for a deployment: requirements on the head it was built from. */
export interface DeploymentCommit {
  requirements: TableRequirement[];
  updates: TableUpdate[];
}

/** `-1`: "the schema/spec/order added last in this commit" (REST catalog spec). */
const LAST_ADDED = -1;

function schemaUpdates(head: TableMetadata, next: TableMetadata): TableUpdate[] {
  const id = next["current-schema-id"];
  if (id === head["current-schema-id"]) return [];
  if (head.schemas.some((schema) => schema["schema-id"] === id))
    return [{ action: "set-current-schema", "schema-id": id }];
  const schema = next.schemas.find((candidate) => candidate["schema-id"] === id);
  if (schema === undefined) throw new Error(`unreachable: schema ${id} is not in the metadata`);
  return [
    {
      action: "add-schema",
      schema: IcebergSchema.parse(schema),
      "last-column-id": next["last-column-id"],
    },
    { action: "set-current-schema", "schema-id": LAST_ADDED },
  ];
}

function specUpdates(head: TableMetadata, next: TableMetadata): TableUpdate[] {
  const id = next["default-spec-id"];
  if (id === head["default-spec-id"]) return [];
  if (head["partition-specs"].some((spec) => spec["spec-id"] === id))
    return [{ action: "set-default-spec", "spec-id": id }];
  const spec = next["partition-specs"].find((candidate) => candidate["spec-id"] === id);
  if (spec === undefined) throw new Error(`unreachable: spec ${id} is not in the metadata`);
  return [
    { action: "add-spec", spec: PartitionSpec.parse(spec) },
    { action: "set-default-spec", "spec-id": LAST_ADDED },
  ];
}

function sortOrderUpdates(head: TableMetadata, next: TableMetadata): TableUpdate[] {
  const id = next["default-sort-order-id"];
  if (id === head["default-sort-order-id"]) return [];
  if (head["sort-orders"].some((order) => order["order-id"] === id))
    return [{ action: "set-default-sort-order", "sort-order-id": id }];
  const order = next["sort-orders"].find((candidate) => candidate["order-id"] === id);
  if (order === undefined) throw new Error(`unreachable: sort order ${id} is not in the metadata`);
  return [
    { action: "add-sort-order", "sort-order": SortOrder.parse(order) },
    { action: "set-default-sort-order", "sort-order-id": LAST_ADDED },
  ];
}

function propertyUpdates(head: TableMetadata, next: TableMetadata): TableUpdate[] {
  const changed = Object.entries(next.properties).filter(
    ([key, value]) => head.properties[key] !== value,
  );
  return changed.length === 0
    ? []
    : [{ action: "set-properties", updates: Object.fromEntries(changed) }];
}

/**
 * The commit that evolves the catalog's head (`headLocation`) into `table`; no updates when the
 * head already is that table. The requirements pin the head it was built on (its uuid and
 * current schema), so a commit rebuilt after a conflict is checked against the new head. Throws
 * (naming the spec path) when the change is not a legal evolution of the head, e.g. a required
 * column added to a table that holds data.
 */
export function deploymentCommit(
  table: IcebergTableInput,
  catalogHead: CatalogMetadata,
  headLocation: string,
  nowMs: number,
): DeploymentCommit {
  const head = asTableMetadata(catalogHead, headLocation);
  const next = nextTableMetadata(
    table,
    head.location,
    { metadata: head, file: headLocation },
    {
      nowMs,
      newUuid: () => {
        throw new Error("unreachable: an existing table keeps its uuid");
      },
    },
  );
  const requirements: TableRequirement[] = [
    { type: "assert-table-uuid", uuid: head["table-uuid"] },
    { type: "assert-current-schema-id", "current-schema-id": head["current-schema-id"] },
  ];
  if (next === undefined) return { requirements, updates: [] };
  return {
    requirements,
    updates: [
      ...schemaUpdates(head, next),
      ...specUpdates(head, next),
      ...sortOrderUpdates(head, next),
      ...propertyUpdates(head, next),
    ],
  };
}
