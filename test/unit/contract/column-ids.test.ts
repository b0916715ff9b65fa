/** Field ids of columns: assigned once, kept through renames, never given out twice. */
import { describe, expect, it } from "vitest";
import {
  assignColumnIds,
  lastColumnIdOf,
  parseDataProductSpec,
  withColumnIds,
  type ColumnSpec,
} from "#contract";
import { variant } from "../../support/specs";

const col = (name: string, id?: number): ColumnSpec => ({
  name,
  type: "string",
  required: false,
  pii: false,
  ...(id === undefined ? {} : { id }),
});

describe("column ids", () => {
  it("are 1, 2, 3, … for a new table, as Iceberg assigns them", () => {
    expect(assignColumnIds(undefined, [col("a"), col("b"), col("c")])).toEqual({
      ok: true,
      columns: [col("a", 1), col("b", 2), col("c", 3)],
      lastColumnId: 3,
    });
  });

  it("fill a version stored without ids, above any id present", () => {
    expect(withColumnIds([col("a"), col("b", 7), col("c")], 4).columns.map((c) => c.id)).toEqual([
      8, 7, 9,
    ]);
  });

  it("are kept by a column matched by id or by name, and new columns go above last-column-id", () => {
    const previous = { columns: [col("a", 1), col("b", 2), col("c", 3)], lastColumnId: 5 };
    const result = assignColumnIds(previous, [col("c"), col("renamed", 1), col("a"), col("d")]);
    // "a" without an id is a new column: id 1 now belongs to the renamed column.
    expect(result).toEqual({
      ok: true,
      columns: [col("c", 3), col("renamed", 1), col("a", 6), col("d", 7)],
      lastColumnId: 7,
    });
  });

  it("refuse an id that is not the id of a live column, at its path", () => {
    const previous = { columns: [col("a", 1)], lastColumnId: 2 };
    expect(assignColumnIds(previous, [col("a", 1), col("b", 2)])).toEqual({
      ok: false,
      issues: [
        {
          path: "table.columns[1].id",
          message:
            'column id 2 is not the id of a column of the live version; ids are assigned by Meshplane: remove id to add "b" as a new column (a dropped column\'s id is never given out again)',
        },
      ],
    });
  });

  it("last-column-id of a history is the highest id any version used", () => {
    expect(lastColumnIdOf([[col("a", 1), col("b", 2)], [col("a", 1)], []])).toBe(2);
    expect(lastColumnIdOf([])).toBe(0);
  });

  it("are unique within a spec and positive", () => {
    const twice = parseDataProductSpec(
      variant("customer-events.yaml", (s) => {
        s.table.columns[0].id = 3;
        s.table.columns[2].id = 3;
      }),
    );
    expect(twice.success ? [] : twice.issues).toEqual([
      {
        path: "table.columns[2].id",
        message: "column id 3 is already the id of columns[0]; each column keeps its own id",
      },
    ]);
    const zero = parseDataProductSpec(
      variant("customer-events.yaml", (s) => (s.table.columns[0].id = 0)),
    );
    expect(zero.success ? [] : zero.issues.map((i) => i.path)).toEqual(["table.columns[0].id"]);
  });
});
