/**
 * Column identity across versions. Iceberg reads data files by field id, never by name, so a column
 * keeps its id for life: a rename or a type widening keeps it, a new column gets an id above the
 * table's `last-column-id`, and no id is ever given to another column, even after its column was
 * dropped. A spec column may carry its id (the portal stores every version with ids filled in);
 * a column without one is matched by name.
 * Reference: https://iceberg.apache.org/spec/#schema-evolution
 */
import type { SpecIssue } from "./errors";
import type { ColumnSpec } from "./table";

export type IdentifiedColumn = ColumnSpec & { id: number };

/**
 * The columns of one version with their ids (a column stored without one gets the id its table was
 * created with, see withColumnIds), and the highest id the table has ever assigned.
 */
export interface ColumnIdState {
  columns: readonly ColumnSpec[];
  lastColumnId: number;
}

export function maxColumnId(columns: readonly ColumnSpec[]): number {
  return columns.reduce((max, column) => Math.max(max, column.id ?? 0), 0);
}

/**
 * The last column id of a table from its version history: the highest id any version used, so a
 * dropped column's id stays taken.
 */
export function lastColumnIdOf(history: readonly (readonly ColumnSpec[])[]): number {
  return history.reduce((max, columns) => Math.max(max, maxColumnId(columns)), 0);
}

/**
 * Ids for the columns that have none, in column order above `lastColumnId` (and above every id
 * present): what Iceberg assigns when it creates a table, 1, 2, 3, … A version stored before ids
 * existed gets the ids its table was created with.
 */
export function withColumnIds(
  columns: readonly ColumnSpec[],
  lastColumnId = 0,
): { columns: IdentifiedColumn[]; lastColumnId: number } {
  let last = Math.max(lastColumnId, maxColumnId(columns));
  const identified = columns.map((column) => ({ ...column, id: column.id ?? ++last }));
  return { columns: identified, lastColumnId: last };
}

/** Which live column each proposed column is, by index in each list. */
export interface ColumnMatching {
  /** [live index, proposed index] of the same column. */
  pairs: [number, number][];
  /** Live columns absent from the proposal: dropped. */
  removed: number[];
  /** Proposed columns without an id and without a live column of their name: new. */
  added: number[];
  /** Proposed columns whose id is not the id of any live column: refused. */
  unknownIds: number[];
}

/**
 * A proposed column with an id is the live column of that id (whatever its name); one without is
 * the live column of its name, unless that column's id was claimed by another proposed column (a
 * rename that frees the name), in which case it is a new column.
 */
export function matchColumns(
  live: readonly IdentifiedColumn[],
  proposed: readonly ColumnSpec[],
): ColumnMatching {
  const liveById = new Map(live.map((column, index) => [column.id, index]));
  const claimed = new Map<number, number>(); // live index → proposed index
  const unknownIds: number[] = [];
  proposed.forEach((column, index) => {
    if (column.id === undefined) return;
    const liveIndex = liveById.get(column.id);
    if (liveIndex === undefined || claimed.has(liveIndex)) unknownIds.push(index);
    else claimed.set(liveIndex, index);
  });
  const added: number[] = [];
  proposed.forEach((column, index) => {
    if (column.id !== undefined) return;
    const liveIndex = live.findIndex((c, i) => c.name === column.name && !claimed.has(i));
    if (liveIndex === -1) added.push(index);
    else claimed.set(liveIndex, index);
  });
  const pairs = [...claimed.entries()].sort((a, b) => a[1] - b[1]);
  const removed = live.map((_, index) => index).filter((index) => !claimed.has(index));
  return { pairs, removed, added, unknownIds };
}

export function unknownIdIssue(column: ColumnSpec, index: number): SpecIssue {
  return {
    path: `table.columns[${index}].id`,
    message: `column id ${String(column.id)} is not the id of a column of the live version; ids are assigned by Meshplane: remove id to add "${column.name}" as a new column (a dropped column's id is never given out again)`,
  };
}

export type ColumnIdAssignment =
  | { ok: true; columns: IdentifiedColumn[]; lastColumnId: number }
  | { ok: false; issues: SpecIssue[] };

/**
 * The proposed columns with their ids: a column of the previous version keeps its id, a new one
 * gets the next id above `lastColumnId`. Without a previous version, the ids a new table gets.
 */
export function assignColumnIds(
  previous: ColumnIdState | undefined,
  proposed: readonly ColumnSpec[],
): ColumnIdAssignment {
  if (previous === undefined) return { ok: true, ...withColumnIds(proposed) };
  const live = withColumnIds(previous.columns, previous.lastColumnId);
  const matching = matchColumns(live.columns, proposed);
  if (matching.unknownIds.length > 0) {
    return {
      ok: false,
      issues: matching.unknownIds.map((index) =>
        unknownIdIssue(proposed[index] as ColumnSpec, index),
      ),
    };
  }
  const ids = new Map(
    matching.pairs.map(([liveIndex, index]) => [index, live.columns[liveIndex]?.id]),
  );
  let last = live.lastColumnId;
  const columns = proposed.map((column, index) => ({ ...column, id: ids.get(index) ?? ++last }));
  return { ok: true, columns, lastColumnId: last };
}
