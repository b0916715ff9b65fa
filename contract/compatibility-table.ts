/**
 * Changes to the Iceberg table between two versions, judged by Iceberg's schema-evolution rules
 * (https://iceberg.apache.org/spec/#schema-evolution): columns are compared by field id (see
 * column-ids.ts), so a rename is a rename and not a drop plus an add; partition and sort fields are
 * compared by the ids of their source columns, so renaming a partition column changes nothing.
 */
import { breaking, change, illegal, minor, patch, type SpecChange, type Verdict } from "./changes";
import { matchColumns, unknownIdIssue, withColumnIds, type IdentifiedColumn } from "./column-ids";
import { isTypePromotion, parseIcebergType, type IcebergType } from "./iceberg";
import type { ColumnSpec, PartitionFieldSpec, SortFieldSpec, TableSpec } from "./table";

export interface TableChangeOptions {
  /** Whether the live table holds data (any snapshot); unknown counts as yes. */
  tableHasData?: boolean;
}

const REPLACE_COLUMN =
  "add a new column with the new definition, fill it, and drop this one in a later major version";

export function tableChanges(
  live: TableSpec,
  proposed: TableSpec,
  options: TableChangeOptions = {},
): SpecChange[] {
  const liveColumns = withColumnIds(live.columns).columns;
  const matching = matchColumns(liveColumns, proposed.columns);
  const proposedIds = new Map<number, number>(); // proposed index → live id
  for (const [liveIndex, index] of matching.pairs) {
    proposedIds.set(index, (liveColumns[liveIndex] as IdentifiedColumn).id);
  }
  const columnKey = (name: string): string => {
    const index = proposed.columns.findIndex((column) => column.name === name);
    const id = proposedIds.get(index);
    return id === undefined ? `new:${name}` : `id:${id}`;
  };
  const liveKey = (name: string): string =>
    `id:${liveColumns.find((column) => column.name === name)?.id ?? name}`;
  const columnAt = (index: number): ColumnSpec => proposed.columns[index] as ColumnSpec;

  return [
    ...matching.unknownIds.map((index) => {
      const issue = unknownIdIssue(columnAt(index), index);
      return change(issue.path, "changed", undefined, columnAt(index).id, illegal(issue.message));
    }),
    ...matching.removed.map((liveIndex) =>
      removedColumn(liveColumns[liveIndex] as IdentifiedColumn, liveIndex),
    ),
    ...matching.added.map((index) => addedColumn(columnAt(index), index)),
    ...matching.pairs.flatMap(([liveIndex, index]) =>
      columnChanges(liveColumns[liveIndex] as IdentifiedColumn, columnAt(index), index),
    ),
    ...orderChange(liveColumns, proposed.columns, matching.pairs),
    ...partitionChange(live.partitionSpec, proposed.partitionSpec, liveKey, columnKey, options),
    ...sortChange(live.sortOrder, proposed.sortOrder, liveKey, columnKey),
  ];
}

function removedColumn(column: IdentifiedColumn, liveIndex: number): SpecChange {
  return change(
    `table.columns[${liveIndex}]`,
    "removed",
    column,
    undefined,
    breaking(
      `column ${column.name} is dropped: consumers that read it fail. Files already written keep its values, but it leaves the schema and its field id ${column.id} is never used again`,
    ),
  );
}

function addedColumn(column: ColumnSpec, index: number): SpecChange {
  const verdict = column.required
    ? illegal(
        `a new column cannot be required: Iceberg format version 2 has no default values, so rows already written would have none. Add ${column.name} with required: false`,
      )
    : minor(`new optional column ${column.name}: rows written before read it as null`);
  return change(`table.columns[${index}]`, "added", undefined, column, verdict);
}

function columnChanges(live: IdentifiedColumn, proposed: ColumnSpec, index: number): SpecChange[] {
  const path = `table.columns[${index}]`;
  const changes: SpecChange[] = [];
  if (live.name !== proposed.name) {
    changes.push(
      change(
        `${path}.name`,
        "renamed",
        live.name,
        proposed.name,
        minor(
          `renamed keeping field id ${live.id}: the data written under ${live.name} reads as ${proposed.name}; queries that name the column must use the new name`,
        ),
      ),
    );
  }
  if (live.type !== proposed.type) {
    changes.push(
      change(`${path}.type`, "changed", live.type, proposed.type, typeVerdict(live, proposed)),
    );
  }
  if (live.required !== proposed.required) {
    changes.push(
      change(
        `${path}.required`,
        "changed",
        live.required,
        proposed.required,
        requiredVerdict(proposed),
      ),
    );
  }
  if (live.doc !== proposed.doc) {
    changes.push(
      change(`${path}.doc`, "changed", live.doc, proposed.doc, patch("documentation only")),
    );
  }
  if (live.pii !== proposed.pii) {
    changes.push(change(`${path}.pii`, "changed", live.pii, proposed.pii, piiVerdict(proposed)));
  }
  return changes;
}

function requiredVerdict(proposed: ColumnSpec): Verdict {
  return proposed.required
    ? illegal(
        `${proposed.name} cannot become required: rows already written may hold nulls, and Iceberg format version 2 has no default to fill them. Keep it optional`,
      )
    : minor(
        `${proposed.name} becomes optional: readers must expect nulls from now on, and the quality SLA no longer counts its nulls`,
      );
}

function piiVerdict(proposed: ColumnSpec): Verdict {
  return proposed.pii
    ? minor(`${proposed.name} is now marked as personal data`)
    : breaking(
        `${proposed.name} is no longer marked as personal data: consumers may drop the protection they give personal data; make sure it holds none`,
      );
}

function parsed(text: string): IcebergType | undefined {
  const result = parseIcebergType(text);
  return result.ok ? result.value : undefined;
}

function typeVerdict(live: ColumnSpec, proposed: ColumnSpec): Verdict {
  const from = parsed(live.type);
  const to = parsed(proposed.type);
  const what = `${live.type} → ${proposed.type}`;
  if (from !== undefined && to !== undefined && isTypePromotion(from, to)) {
    return minor(`widening ${what}: Iceberg reads the values already written as ${proposed.type}`);
  }
  return illegal(`${typeChangeProblem(live.type, proposed.type, from, to)}; ${REPLACE_COLUMN}`);
}

const NARROWINGS: Readonly<Record<string, string>> = { long: "int", double: "float" };

function typeChangeProblem(
  before: string,
  after: string,
  from: IcebergType | undefined,
  to: IcebergType | undefined,
): string {
  if (from?.kind === "decimal" && to?.kind === "decimal") {
    return from.scale !== to.scale
      ? `a decimal's scale is fixed in Iceberg (${before} → ${after} changes it)`
      : `${before} → ${after} narrows the precision: values already written may not fit (Iceberg only widens a decimal's precision)`;
  }
  if (from !== undefined && NARROWINGS[from.kind] === to?.kind) {
    return `${before} → ${after} narrows the type: values already written may not fit`;
  }
  return `Iceberg cannot change ${before} to ${after} in place: the files already written hold ${before} (only int → long, float → double and decimal(P,S) → decimal(P',S) with P' > P are possible)`;
}

/** One change when the columns that stay keep a different relative order. */
function orderChange(
  live: readonly IdentifiedColumn[],
  proposed: readonly ColumnSpec[],
  pairs: readonly [number, number][], // sorted by proposed index
): SpecChange[] {
  const liveOrder = pairs.map(([liveIndex]) => liveIndex);
  if (liveOrder.every((liveIndex, i) => i === 0 || liveIndex > (liveOrder[i - 1] as number))) {
    return [];
  }
  const before = [...liveOrder].sort((a, b) => a - b).map((i) => (live[i] as ColumnSpec).name);
  const after = pairs.map(([, index]) => (proposed[index] as ColumnSpec).name);
  return [
    change(
      "table.columns",
      "moved",
      before,
      after,
      minor(
        "columns are reordered: readers by name or field id see the same data; positional readers (SELECT *, exports by position) see a new order",
      ),
    ),
  ];
}

function fieldKeys<F extends { column: string }>(
  fields: readonly F[],
  key: (name: string) => string,
  rest: (field: F) => string,
): string[] {
  return fields.map((field) => `${key(field.column)}:${rest(field)}`);
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((key, i) => key === b[i]);
}

const partitionText = (fields: readonly PartitionFieldSpec[]) =>
  fields.map((f) => `${f.transform}(${f.column})`);

function partitionChange(
  live: readonly PartitionFieldSpec[],
  proposed: readonly PartitionFieldSpec[],
  liveKey: (name: string) => string,
  proposedKey: (name: string) => string,
  options: TableChangeOptions,
): SpecChange[] {
  const transform = (field: PartitionFieldSpec) => field.transform;
  if (sameKeys(fieldKeys(live, liveKey, transform), fieldKeys(proposed, proposedKey, transform))) {
    return [];
  }
  const verdict =
    options.tableHasData === false
      ? minor("the table holds no data yet: every file will be written with the new partitioning")
      : breaking(
          "files already written keep the old partitioning and new rows are written with the new one: readers and jobs that rely on the partition layout see both, and filters on the old fields no longer prune new files",
        );
  return [
    change("table.partitionSpec", "changed", partitionText(live), partitionText(proposed), verdict),
  ];
}

const sortText = (fields: readonly SortFieldSpec[]) =>
  fields.map((f) => `${f.column} ${f.direction} ${f.nullOrder}`);

function sortChange(
  live: readonly SortFieldSpec[],
  proposed: readonly SortFieldSpec[],
  liveKey: (name: string) => string,
  proposedKey: (name: string) => string,
): SpecChange[] {
  const order = (field: SortFieldSpec) => `${field.direction}:${field.nullOrder}`;
  if (sameKeys(fieldKeys(live, liveKey, order), fieldKeys(proposed, proposedKey, order))) return [];
  return [
    change(
      "table.sortOrder",
      "changed",
      sortText(live),
      sortText(proposed),
      minor("only how new files are sorted changes; the data is the same"),
    ),
  ];
}
