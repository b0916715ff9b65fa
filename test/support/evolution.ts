/**
 * fast-check material for schema evolution: live tables whose columns carry Iceberg field ids, and
 * edits to them that Iceberg allows (compatible) or cannot express (illegal), each edit knowing
 * which live column every proposed column descends from and, for an illegal one, the path it must
 * be refused at.
 */
import fc from "fast-check";
import {
  ICEBERG_SIMPLE_TYPES,
  assertDataProductSpec,
  isTypePromotion,
  parseIcebergType,
  withColumnIds,
  type ColumnSpec,
  type DataProductSpec,
  type IdentifiedColumn,
} from "#contract";
import { exampleInput } from "./specs";

export const columnName = fc.stringMatching(/^[a-z][a-z0-9_]{0,11}$/);

export const icebergType: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...ICEBERG_SIMPLE_TYPES),
  fc
    .integer({ min: 1, max: 37 })
    .chain((p) => fc.integer({ min: 0, max: p }).map((s) => `decimal(${p},${s})`)),
  fc.integer({ min: 1, max: 32 }).map((length) => `fixed[${length}]`),
);

const column: fc.Arbitrary<ColumnSpec> = fc.record({
  name: columnName,
  type: icebergType,
  required: fc.boolean(),
  pii: fc.constant(false),
  doc: fc.option(fc.string({ maxLength: 20 }), { nil: undefined }),
});

export interface LiveTable {
  columns: IdentifiedColumn[];
  /** At least the highest id present: earlier versions may have dropped columns. */
  lastColumnId: number;
}

export const liveTable: fc.Arbitrary<LiveTable> = fc
  .tuple(
    fc.uniqueArray(column, { selector: (c) => c.name, minLength: 1, maxLength: 10 }),
    fc.nat(20),
  )
  .map(([columns, dropped]) => {
    const identified = withColumnIds(columns);
    return { columns: identified.columns, lastColumnId: identified.lastColumnId + dropped };
  });

/** A valid spec (the churn-experiments example, moved to AWS) around the given columns. */
export function specWith(
  columns: readonly ColumnSpec[],
  change: (spec: Record<string, unknown>) => void = () => undefined,
): DataProductSpec {
  const input = structuredClone(exampleInput("churn-experiments.yaml")) as Record<string, unknown>;
  input.target = { cloud: "aws", region: "eu-west-1" };
  input.table = { columns, partitionSpec: [], sortOrder: [] };
  change(input);
  return assertDataProductSpec(input);
}

/** A proposed column and the id of the live column it descends from (undefined: new). */
export interface Proposed {
  column: ColumnSpec;
  origin: number | undefined;
}

export type CompatibleEdit =
  | { op: "add"; name: string; type: string }
  | { op: "rename"; at: number; name: string }
  | { op: "widen"; at: number; by: number }
  | { op: "doc"; at: number; doc: string }
  | { op: "optional"; at: number }
  | { op: "move"; from: number; to: number }
  | { op: "forgetId"; at: number };

export const compatibleEdit: fc.Arbitrary<CompatibleEdit> = fc.oneof(
  fc.record({ op: fc.constant("add" as const), name: columnName, type: icebergType }),
  fc.record({ op: fc.constant("rename" as const), at: fc.nat(), name: columnName }),
  fc.record({
    op: fc.constant("widen" as const),
    at: fc.nat(),
    by: fc.integer({ min: 1, max: 5 }),
  }),
  fc.record({ op: fc.constant("doc" as const), at: fc.nat(), doc: fc.string({ maxLength: 20 }) }),
  fc.record({ op: fc.constant("optional" as const), at: fc.nat() }),
  fc.record({ op: fc.constant("move" as const), from: fc.nat(), to: fc.nat() }),
  fc.record({ op: fc.constant("forgetId" as const), at: fc.nat() }),
);

/** The promotion of a type, if it has one within `by` steps of decimal precision. */
function widened(type: string, by: number): string | undefined {
  const parsed = parseIcebergType(type);
  if (!parsed.ok) return undefined;
  const t = parsed.value;
  if (t.kind === "int") return "long";
  if (t.kind === "float") return "double";
  if (t.kind === "decimal" && t.precision + by <= 38) {
    return `decimal(${t.precision + by},${t.scale})`;
  }
  return undefined;
}

/** Applies compatible edits; the result keeps every live column's identity reachable. */
export function applyCompatible(live: LiveTable, edits: readonly CompatibleEdit[]): Proposed[] {
  const proposed: Proposed[] = live.columns.map((c) => ({ column: { ...c }, origin: c.id }));
  const renamed = new Set<number>();
  const names = () => new Set(proposed.map((p) => p.column.name));
  const liveNames = new Set(live.columns.map((c) => c.name));
  for (const edit of edits) {
    const at = "at" in edit ? edit.at % proposed.length : 0;
    const target = proposed[at] as Proposed;
    switch (edit.op) {
      case "add":
        // A new column may not take the name of a live column that is still matched by name.
        if (!names().has(edit.name) && !liveNames.has(edit.name)) {
          proposed.push({
            column: { name: edit.name, type: edit.type, required: false, pii: false },
            origin: undefined,
          });
        }
        break;
      case "rename":
        if (
          target.origin !== undefined &&
          target.column.id !== undefined &&
          !names().has(edit.name)
        ) {
          target.column = { ...target.column, name: edit.name };
          renamed.add(target.origin);
        }
        break;
      case "widen": {
        const type = widened(target.column.type, edit.by);
        if (type !== undefined) target.column = { ...target.column, type };
        break;
      }
      case "doc":
        target.column = { ...target.column, doc: edit.doc };
        break;
      case "optional":
        target.column = { ...target.column, required: false };
        break;
      case "move": {
        const [moved] = proposed.splice(edit.from % proposed.length, 1);
        proposed.splice(edit.to % (proposed.length + 1), 0, moved as Proposed);
        break;
      }
      case "forgetId":
        // Matching by name only finds a column that still has its live name.
        if (target.origin !== undefined && !renamed.has(target.origin)) {
          const { id: _id, ...rest } = target.column;
          target.column = rest;
        }
        break;
    }
  }
  return proposed;
}

export type IllegalEdit =
  | { op: "retype"; at: number; type: string }
  | { op: "require"; at: number }
  | { op: "addRequired"; name: string; type: string }
  | { op: "unknownId"; name: string; above: number }
  | { op: "identity"; field: "domain" | "name" | "cloud" | "region" };

export const illegalEdit: fc.Arbitrary<IllegalEdit> = fc.oneof(
  fc.record({ op: fc.constant("retype" as const), at: fc.nat(), type: icebergType }),
  fc.record({ op: fc.constant("require" as const), at: fc.nat() }),
  fc.record({ op: fc.constant("addRequired" as const), name: columnName, type: icebergType }),
  fc.record({ op: fc.constant("unknownId" as const), name: columnName, above: fc.nat(10) }),
  fc.record({
    op: fc.constant("identity" as const),
    field: fc.constantFrom("domain" as const, "name" as const, "cloud" as const, "region" as const),
  }),
);

const NEW_IDENTITY: Record<
  "domain" | "name" | "cloud" | "region",
  (spec: Record<string, unknown>) => void
> = {
  domain: (spec) => (spec.domain = "sandbox-two"),
  name: (spec) => (spec.name = "churn-experiments-two"),
  cloud: (spec) => (spec.target = { cloud: "gcp", region: "europe-west1" }),
  region: (spec) => (spec.target = { cloud: "aws", region: "eu-central-1" }),
};

export interface IllegalProposal {
  spec: DataProductSpec;
  /** The path the illegal change must be reported at; undefined when the edit did not apply. */
  path: string | undefined;
}

/** Applies one illegal edit on top of compatible ones (the live spec is `specWith(live.columns)`). */
export function applyIllegal(
  live: LiveTable,
  base: Proposed[],
  edit: IllegalEdit,
): IllegalProposal {
  const columns = base.map((p) => ({ ...p.column }));
  const taken = new Set([...columns.map((c) => c.name), ...live.columns.map((c) => c.name)]);
  const at = "at" in edit ? edit.at % columns.length : 0;
  const target = columns[at] as ColumnSpec;
  switch (edit.op) {
    case "retype": {
      const liveType = live.columns.find((c) => c.id === base[at]?.origin)?.type;
      const from = parseIcebergType(liveType ?? "");
      const to = parseIcebergType(edit.type);
      if (!from.ok || !to.ok || liveType === edit.type || isTypePromotion(from.value, to.value)) {
        return { spec: specWith(columns), path: undefined };
      }
      target.type = edit.type;
      return { spec: specWith(columns), path: `table.columns[${at}].type` };
    }
    case "require": {
      const origin = base[at]?.origin;
      const liveColumn = live.columns.find((c) => c.id === origin);
      if (liveColumn === undefined || liveColumn.required)
        return { spec: specWith(columns), path: undefined };
      target.required = true;
      return { spec: specWith(columns), path: `table.columns[${at}].required` };
    }
    case "addRequired":
    case "unknownId": {
      if (taken.has(edit.name)) return { spec: specWith(columns), path: undefined };
      const added: ColumnSpec =
        edit.op === "addRequired"
          ? { name: edit.name, type: edit.type, required: true, pii: false }
          : {
              name: edit.name,
              type: "string",
              required: false,
              pii: false,
              id: live.lastColumnId + 1 + edit.above,
            };
      columns.push(added);
      const index = columns.length - 1;
      return {
        spec: specWith(columns),
        path: edit.op === "addRequired" ? `table.columns[${index}]` : `table.columns[${index}].id`,
      };
    }
    case "identity": {
      const path =
        edit.field === "cloud" || edit.field === "region" ? `target.${edit.field}` : edit.field;
      return { spec: specWith(columns, NEW_IDENTITY[edit.field]), path };
    }
  }
}
