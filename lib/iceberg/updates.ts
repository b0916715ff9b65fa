/**
 * Iceberg REST table commits as pure functions: the spec's TableRequirement and TableUpdate
 * objects (zod), `checkRequirements` (the asserts a commit makes about the metadata it read) and
 * `applyUpdates` (the next metadata). The catalog runs both inside its compare-and-swap; nothing
 * here does I/O, so metadata writers for other targets reuse them as they are.
 *
 * Invariants kept: `last-column-id` and `last-partition-id` never go down, every schema, spec and
 * sort order stays in the history, snapshot-log grows when `main` moves.
 */
import { z } from "zod";
import { sameLong, type JsonLong } from "./json";
import {
  IcebergSchema,
  Long,
  MapKey,
  jsonMap,
  PARTITION_ID_BASE,
  PartitionSpec,
  Snapshot,
  SortOrder,
  maxColumnId,
  type StoredSchema,
  type StoredSpec,
  type TableMetadata,
} from "./table-metadata";

// ─── Wire shapes ──────────────────────────────────────────────────────────────────────────────

export const TableRequirement = z.discriminatedUnion("type", [
  z.looseObject({ type: z.literal("assert-create") }),
  z.looseObject({ type: z.literal("assert-table-uuid"), uuid: z.string().min(1) }),
  z.looseObject({
    type: z.literal("assert-ref-snapshot-id"),
    ref: z.string().min(1),
    "snapshot-id": Long.nullable(),
  }),
  z.looseObject({
    type: z.literal("assert-last-assigned-field-id"),
    "last-assigned-field-id": z.number().int(),
  }),
  z.looseObject({
    type: z.literal("assert-current-schema-id"),
    "current-schema-id": z.number().int(),
  }),
  z.looseObject({
    type: z.literal("assert-last-assigned-partition-id"),
    "last-assigned-partition-id": z.number().int(),
  }),
  z.looseObject({ type: z.literal("assert-default-spec-id"), "default-spec-id": z.number().int() }),
  z.looseObject({
    type: z.literal("assert-default-sort-order-id"),
    "default-sort-order-id": z.number().int(),
  }),
]);
export type TableRequirement = z.infer<typeof TableRequirement>;

export const TableUpdate = z.discriminatedUnion("action", [
  z.looseObject({ action: z.literal("assign-uuid"), uuid: z.string().min(1) }),
  z.looseObject({
    action: z.literal("upgrade-format-version"),
    "format-version": z.number().int(),
  }),
  z.looseObject({
    action: z.literal("add-schema"),
    schema: IcebergSchema,
    "last-column-id": z.number().int().optional(),
  }),
  z.looseObject({ action: z.literal("set-current-schema"), "schema-id": z.number().int() }),
  z.looseObject({ action: z.literal("add-spec"), spec: PartitionSpec }),
  z.looseObject({ action: z.literal("set-default-spec"), "spec-id": z.number().int() }),
  z.looseObject({ action: z.literal("add-sort-order"), "sort-order": SortOrder }),
  z.looseObject({
    action: z.literal("set-default-sort-order"),
    "sort-order-id": z.number().int(),
  }),
  z.looseObject({ action: z.literal("add-snapshot"), snapshot: Snapshot }),
  z.looseObject({
    action: z.literal("set-snapshot-ref"),
    "ref-name": MapKey.min(1),
    type: z.enum(["branch", "tag"]),
    "snapshot-id": Long,
    "max-ref-age-ms": Long.optional(),
    "max-snapshot-age-ms": Long.optional(),
    "min-snapshots-to-keep": z.number().int().optional(),
  }),
  z.looseObject({ action: z.literal("remove-snapshot-ref"), "ref-name": z.string().min(1) }),
  z.looseObject({ action: z.literal("remove-snapshots"), "snapshot-ids": z.array(Long) }),
  z.looseObject({
    action: z.literal("set-properties"),
    updates: jsonMap(z.string()),
  }),
  z.looseObject({ action: z.literal("remove-properties"), removals: z.array(z.string()) }),
  z.looseObject({ action: z.literal("set-location"), location: z.string().min(1) }),
]);
export type TableUpdate = z.infer<typeof TableUpdate>;

/** The update actions this module applies (what the catalog advertises it implements). */
export const SUPPORTED_UPDATES = TableUpdate.options.map((option) => option.shape.action.value);

// ─── Errors ───────────────────────────────────────────────────────────────────────────────────

/** A requirement did not hold: someone else committed first. The REST answer is 409. */
export class RequirementFailed extends Error {
  constructor(message: string) {
    super(`Requirement failed: ${message}`);
    this.name = "RequirementFailed";
  }
}

/** An update that cannot apply to this metadata whoever committed first. The REST answer is 400. */
export class InvalidUpdate extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidUpdate";
  }
}

// ─── Requirements ─────────────────────────────────────────────────────────────────────────────

function expectEqual(what: string, expected: unknown, found: unknown): void {
  if (expected !== found)
    throw new RequirementFailed(
      `${what} changed: expected ${String(expected)} != ${String(found)}`,
    );
}

/**
 * Checks every requirement against `metadata` (undefined: the table does not exist yet).
 * Throws RequirementFailed on the first that does not hold.
 */
export function checkRequirements(
  metadata: TableMetadata | undefined,
  requirements: readonly TableRequirement[],
): void {
  for (const requirement of requirements) {
    if (requirement.type === "assert-create") {
      if (metadata !== undefined) throw new RequirementFailed("table already exists");
      continue;
    }
    if (metadata === undefined) throw new RequirementFailed("table does not exist");
    switch (requirement.type) {
      case "assert-table-uuid":
        expectEqual("table uuid", requirement.uuid, metadata["table-uuid"]);
        break;
      case "assert-ref-snapshot-id": {
        // Own entries only: a missing ref named `toString` is missing, not Object's method.
        const ref = Object.hasOwn(metadata.refs, requirement.ref)
          ? metadata.refs[requirement.ref]
          : undefined;
        const expected = requirement["snapshot-id"];
        if (expected === null) {
          if (ref !== undefined)
            throw new RequirementFailed(
              `branch or tag ${requirement.ref} was created concurrently`,
            );
        } else if (ref === undefined) {
          throw new RequirementFailed(`branch or tag ${requirement.ref} is missing`);
        } else if (!sameLong(ref["snapshot-id"], expected)) {
          throw new RequirementFailed(
            `branch ${requirement.ref} has changed: expected id ${String(expected)} != ${String(ref["snapshot-id"])}`,
          );
        }
        break;
      }
      case "assert-last-assigned-field-id":
        expectEqual(
          "last assigned field id",
          requirement["last-assigned-field-id"],
          metadata["last-column-id"],
        );
        break;
      case "assert-current-schema-id":
        expectEqual(
          "current schema id",
          requirement["current-schema-id"],
          metadata["current-schema-id"],
        );
        break;
      case "assert-last-assigned-partition-id":
        expectEqual(
          "last assigned partition id",
          requirement["last-assigned-partition-id"],
          metadata["last-partition-id"],
        );
        break;
      case "assert-default-spec-id":
        expectEqual(
          "default partition spec",
          requirement["default-spec-id"],
          metadata["default-spec-id"],
        );
        break;
      case "assert-default-sort-order-id":
        expectEqual(
          "default sort order id",
          requirement["default-sort-order-id"],
          metadata["default-sort-order-id"],
        );
        break;
    }
  }
}

// ─── Updates ──────────────────────────────────────────────────────────────────────────────────

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

const nextId = (ids: readonly number[], floor: number): number => Math.max(floor - 1, ...ids) + 1;

/** What `-1` ("the one added last in this commit") resolves to while updates are applied. */
interface Added {
  schema?: number;
  spec?: number;
  order?: number;
}

function resolveLast(id: number, last: number | undefined, what: string): number {
  if (id !== -1) return id;
  if (last === undefined)
    throw new InvalidUpdate(`cannot set the last added ${what}: none was added`);
  return last;
}

function addSchema(
  metadata: TableMetadata,
  update: Extract<TableUpdate, { action: "add-schema" }>,
  added: Added,
): TableMetadata {
  const { "schema-id": _requested, ...schema } = update.schema;
  const same = metadata.schemas.find(
    (existing) =>
      sameJson(existing.fields, schema.fields) &&
      sameJson(existing["identifier-field-ids"] ?? [], schema["identifier-field-ids"] ?? []),
  );
  const lastColumnId = Math.max(
    metadata["last-column-id"],
    maxColumnId(update.schema),
    update["last-column-id"] ?? 0,
  );
  if (same !== undefined) {
    added.schema = same["schema-id"];
    return { ...metadata, "last-column-id": lastColumnId };
  }
  const id = nextId(
    metadata.schemas.map((s) => s["schema-id"]),
    0,
  );
  added.schema = id;
  const stored: StoredSchema = { ...schema, "schema-id": id };
  return { ...metadata, schemas: [...metadata.schemas, stored], "last-column-id": lastColumnId };
}

function addSpec(metadata: TableMetadata, spec: PartitionSpec, added: Added): TableMetadata {
  let lastPartitionId = metadata["last-partition-id"];
  const known = metadata["partition-specs"].flatMap((s) => s.fields);
  const fields = spec.fields.map((field) => {
    const reused = known.find(
      (k) => k["source-id"] === field["source-id"] && k.transform === field.transform,
    );
    const fieldId = field["field-id"] ?? reused?.["field-id"] ?? ++lastPartitionId;
    lastPartitionId = Math.max(lastPartitionId, fieldId);
    return { ...field, "field-id": fieldId };
  });
  const same = metadata["partition-specs"].find((existing) => sameJson(existing.fields, fields));
  if (same !== undefined) {
    added.spec = same["spec-id"];
    return { ...metadata, "last-partition-id": lastPartitionId };
  }
  const id = nextId(
    metadata["partition-specs"].map((s) => s["spec-id"]),
    0,
  );
  added.spec = id;
  const stored: StoredSpec = { ...spec, "spec-id": id, fields };
  return {
    ...metadata,
    "partition-specs": [...metadata["partition-specs"], stored],
    "last-partition-id": lastPartitionId,
  };
}

function addSortOrder(metadata: TableMetadata, order: SortOrder, added: Added): TableMetadata {
  const same = metadata["sort-orders"].find((existing) => sameJson(existing.fields, order.fields));
  if (same !== undefined) {
    added.order = same["order-id"];
    return metadata;
  }
  // Order id 0 is reserved for "unsorted".
  const id =
    order.fields.length === 0
      ? 0
      : nextId(
          metadata["sort-orders"].map((o) => o["order-id"]),
          1,
        );
  added.order = id;
  return { ...metadata, "sort-orders": [...metadata["sort-orders"], { ...order, "order-id": id }] };
}

function addSnapshot(metadata: TableMetadata, snapshot: Snapshot): TableMetadata {
  const id = snapshot["snapshot-id"];
  if (metadata.snapshots.some((s) => sameLong(s["snapshot-id"], id)))
    throw new InvalidUpdate(`snapshot ${String(id)} already exists`);
  const sequence = snapshot["sequence-number"] ?? 0;
  if (
    metadata["format-version"] >= 2 &&
    sequence <= metadata["last-sequence-number"] &&
    metadata.snapshots.length > 0
  ) {
    throw new InvalidUpdate(
      `snapshot sequence number ${sequence} must be above the table's last sequence number ${metadata["last-sequence-number"]}`,
    );
  }
  return {
    ...metadata,
    snapshots: [...metadata.snapshots, snapshot],
    "last-sequence-number": Math.max(metadata["last-sequence-number"], sequence),
  };
}

function setSnapshotRef(
  metadata: TableMetadata,
  update: Extract<TableUpdate, { action: "set-snapshot-ref" }>,
): TableMetadata {
  const id = update["snapshot-id"];
  const snapshot = metadata.snapshots.find((s) => sameLong(s["snapshot-id"], id));
  if (snapshot === undefined)
    throw new InvalidUpdate(`cannot set ${update["ref-name"]} to unknown snapshot ${String(id)}`);
  const { action: _action, "ref-name": name, ...ref } = update;
  const next: TableMetadata = { ...metadata, refs: { ...metadata.refs, [name]: ref } };
  if (name !== "main") return next;
  if (sameLong(metadata["current-snapshot-id"], id)) return next;
  return {
    ...next,
    "current-snapshot-id": id,
    "snapshot-log": [
      ...metadata["snapshot-log"],
      { "snapshot-id": id, "timestamp-ms": snapshot["timestamp-ms"] },
    ],
  };
}

function withoutMain(metadata: TableMetadata): TableMetadata {
  const { "current-snapshot-id": _current, ...rest } = metadata;
  return rest;
}

function removeSnapshotRef(metadata: TableMetadata, name: string): TableMetadata {
  const { [name]: _removed, ...refs } = metadata.refs;
  const next = { ...metadata, refs };
  return name === "main" ? withoutMain(next) : next;
}

function removeSnapshots(metadata: TableMetadata, ids: readonly JsonLong[]): TableMetadata {
  const removed = (id: JsonLong | undefined) => ids.some((gone) => sameLong(gone, id));
  const refs = Object.fromEntries(
    Object.entries(metadata.refs).filter(([, ref]) => !removed(ref["snapshot-id"])),
  );
  const next: TableMetadata = {
    ...metadata,
    snapshots: metadata.snapshots.filter((s) => !removed(s["snapshot-id"])),
    "snapshot-log": metadata["snapshot-log"].filter((entry) => !removed(entry["snapshot-id"])),
    refs,
  };
  return removed(metadata["current-snapshot-id"]) ? withoutMain(next) : next;
}

function applyOne(metadata: TableMetadata, update: TableUpdate, added: Added): TableMetadata {
  switch (update.action) {
    case "assign-uuid":
      if (update.uuid !== metadata["table-uuid"])
        throw new InvalidUpdate(
          `cannot change the table uuid ${metadata["table-uuid"]} to ${update.uuid}`,
        );
      return metadata;
    case "upgrade-format-version": {
      const version = update["format-version"];
      if (version < metadata["format-version"])
        throw new InvalidUpdate(
          `cannot downgrade format-version ${metadata["format-version"]} to ${version}`,
        );
      if (version > 2)
        throw new InvalidUpdate(`format-version ${version} is not supported (2 is the highest)`);
      return { ...metadata, "format-version": 2 };
    }
    case "add-schema":
      return addSchema(metadata, update, added);
    case "set-current-schema": {
      const id = resolveLast(update["schema-id"], added.schema, "schema");
      if (!metadata.schemas.some((s) => s["schema-id"] === id))
        throw new InvalidUpdate(`cannot set the current schema to unknown schema ${id}`);
      return { ...metadata, "current-schema-id": id };
    }
    case "add-spec":
      return addSpec(metadata, update.spec, added);
    case "set-default-spec": {
      const id = resolveLast(update["spec-id"], added.spec, "partition spec");
      if (!metadata["partition-specs"].some((s) => s["spec-id"] === id))
        throw new InvalidUpdate(`cannot set the default partition spec to unknown spec ${id}`);
      return { ...metadata, "default-spec-id": id };
    }
    case "add-sort-order":
      return addSortOrder(metadata, update["sort-order"], added);
    case "set-default-sort-order": {
      const id = resolveLast(update["sort-order-id"], added.order, "sort order");
      if (!metadata["sort-orders"].some((o) => o["order-id"] === id))
        throw new InvalidUpdate(`cannot set the default sort order to unknown order ${id}`);
      return { ...metadata, "default-sort-order-id": id };
    }
    case "add-snapshot":
      return addSnapshot(metadata, update.snapshot);
    case "set-snapshot-ref":
      return setSnapshotRef(metadata, update);
    case "remove-snapshot-ref":
      return removeSnapshotRef(metadata, update["ref-name"]);
    case "remove-snapshots":
      return removeSnapshots(metadata, update["snapshot-ids"]);
    case "set-properties":
      return { ...metadata, properties: { ...metadata.properties, ...update.updates } };
    case "remove-properties":
      return {
        ...metadata,
        properties: Object.fromEntries(
          Object.entries(metadata.properties).filter(([key]) => !update.removals.includes(key)),
        ),
      };
    case "set-location":
      return { ...metadata, location: update.location.replace(/\/+$/, "") };
  }
}

/**
 * The metadata after `updates`, in order. Throws InvalidUpdate when one cannot apply. Does not
 * touch `metadata-log` (the catalog appends the file it replaces when it writes the result).
 */
export function applyUpdates(
  metadata: TableMetadata,
  updates: readonly TableUpdate[],
  nowMs: number,
): TableMetadata {
  const added: Added = {};
  let next = metadata;
  for (const update of updates) next = applyOne(next, update, added);
  if (updates.length === 0) return next;
  return { ...next, "last-updated-ms": Math.max(nowMs, metadata["last-updated-ms"]) };
}

/** Iceberg's table property bounding `metadata-log`, and its default (as Java and pyiceberg). */
export const PREVIOUS_VERSIONS_MAX = "write.metadata.previous-versions-max";
const PREVIOUS_VERSIONS_MAX_DEFAULT = 100;

/**
 * `metadata` with `previous` (the file it replaces) appended to its `metadata-log`, keeping the
 * newest `write.metadata.previous-versions-max` entries (at least one), as Iceberg's Java
 * TableMetadata builder and pyiceberg do: the log, and every load and commit that reads it, stay
 * bounded however many commits a table sees. The dropped files stay on disk.
 */
export function withPreviousFile(
  metadata: TableMetadata,
  previous: { "metadata-file": string; "timestamp-ms": number },
): TableMetadata {
  const configured = Number(metadata.properties[PREVIOUS_VERSIONS_MAX]);
  const max = Number.isSafeInteger(configured) ? configured : PREVIOUS_VERSIONS_MAX_DEFAULT;
  return {
    ...metadata,
    "metadata-log": [...metadata["metadata-log"], previous].slice(-Math.max(1, max)),
  };
}

/** The empty metadata a create starts from, before its schema, spec and order are added. */
export function emptyTableMetadata(uuid: string, location: string, nowMs: number): TableMetadata {
  return {
    "format-version": 2,
    "table-uuid": uuid,
    location: location.replace(/\/+$/, ""),
    "last-sequence-number": 0,
    "last-updated-ms": nowMs,
    "last-column-id": 0,
    schemas: [],
    "current-schema-id": -1,
    "partition-specs": [],
    "default-spec-id": -1,
    "last-partition-id": PARTITION_ID_BASE - 1,
    properties: {},
    snapshots: [],
    "snapshot-log": [],
    "metadata-log": [],
    "sort-orders": [],
    "default-sort-order-id": -1,
    refs: {},
  };
}

/** The updates a CreateTableRequest stands for (what a staged create's commit would send). */
export function createUpdates(request: {
  schema: IcebergSchema;
  "partition-spec"?: PartitionSpec | undefined;
  "write-order"?: SortOrder | undefined;
  properties?: Record<string, string> | undefined;
}): TableUpdate[] {
  return [
    { action: "add-schema", schema: request.schema },
    { action: "set-current-schema", "schema-id": -1 },
    { action: "add-spec", spec: request["partition-spec"] ?? { fields: [] } },
    { action: "set-default-spec", "spec-id": -1 },
    {
      action: "add-sort-order",
      "sort-order": request["write-order"] ?? { "order-id": 0, fields: [] },
    },
    { action: "set-default-sort-order", "sort-order-id": -1 },
    { action: "set-properties", updates: request.properties ?? {} },
  ];
}
