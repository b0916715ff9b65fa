/**
 * Property tests of schema evolution: a compatible change never changes an existing column's
 * field id, ids stay unique and are never given out twice across any sequence of versions, and
 * every illegal change is refused at its field path.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  assignColumnIds,
  classifyChanges,
  illegalChangeIssues,
  type ColumnSpec,
  type IdentifiedColumn,
} from "#contract";
import {
  applyCompatible,
  applyIllegal,
  columnName,
  compatibleEdit,
  illegalEdit,
  liveTable,
  specWith,
} from "../../support/evolution";

describe("compatible changes", () => {
  it("are classified compatible and keep every existing column's field id", () => {
    fc.assert(
      fc.property(liveTable, fc.array(compatibleEdit, { maxLength: 12 }), (live, edits) => {
        const proposed = applyCompatible(live, edits);
        const changes = classifyChanges(
          specWith(live.columns),
          specWith(proposed.map((p) => p.column)),
        );
        expect(changes.filter((c) => c.severity !== "compatible")).toEqual([]);

        const assigned = assignColumnIds(
          live,
          proposed.map((p) => p.column),
        );
        if (!assigned.ok) throw new Error(JSON.stringify(assigned.issues));
        assigned.columns.forEach((column, index) => {
          const origin = proposed[index]?.origin;
          if (origin !== undefined) expect(column.id).toBe(origin);
          else expect(column.id).toBeGreaterThan(live.lastColumnId);
        });
      }),
      { numRuns: 300 },
    );
  });
});

/** One version to the next: keep some columns (by id or by name), drop others, add new ones. */
const evolution = fc.record({
  keep: fc.array(fc.boolean(), { maxLength: 12 }),
  byName: fc.array(fc.boolean(), { maxLength: 12 }),
  added: fc.uniqueArray(columnName, { maxLength: 4 }),
});

describe("field ids across versions", () => {
  it("are unique in every version, never reused after a drop, and last-column-id only grows", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(columnName, { minLength: 1, maxLength: 8 }),
        fc.array(evolution, { minLength: 1, maxLength: 8 }),
        (names, steps) => {
          const first = assignColumnIds(
            undefined,
            names.map((name) => ({ name, type: "string", required: false, pii: false })),
          );
          if (!first.ok) throw new Error("a first version is always assigned ids");
          let current = { columns: first.columns, lastColumnId: first.lastColumnId };
          const everUsed = new Set(current.columns.map((c) => c.id));
          for (const step of steps) {
            const kept = current.columns.filter((_, i) => step.keep[i] ?? true);
            const proposed: ColumnSpec[] = kept.map((column, i) => {
              if (step.byName[i] !== true) return column;
              const { id: _id, ...withoutId } = column;
              return withoutId;
            });
            const taken = new Set(proposed.map((c) => c.name));
            for (const name of step.added) {
              if (!taken.has(name))
                proposed.push({ name, type: "long", required: false, pii: false });
            }
            const next = assignColumnIds(current, proposed);
            if (!next.ok) throw new Error(JSON.stringify(next.issues));
            const ids = next.columns.map((c) => c.id);
            expect(new Set(ids).size).toBe(ids.length);
            expect(next.lastColumnId).toBeGreaterThanOrEqual(current.lastColumnId);
            const before = new Map(current.columns.map((c) => [c.id, c]));
            for (const column of next.columns) {
              if (!before.has(column.id)) {
                expect(everUsed.has(column.id), `id ${column.id} was used before`).toBe(false);
                expect(column.id).toBeGreaterThan(current.lastColumnId);
              }
              everUsed.add(column.id);
            }
            current = { columns: next.columns, lastColumnId: next.lastColumnId };
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("refuses a dropped column's id when it is proposed again", () => {
    fc.assert(
      fc.property(liveTable, fc.nat(), (live, pick) => {
        const dropped = live.columns[pick % live.columns.length] as IdentifiedColumn;
        const rest = live.columns.filter((c) => c.id !== dropped.id);
        const afterDrop = assignColumnIds(live, rest);
        if (!afterDrop.ok) throw new Error("dropping is allowed");
        const again = assignColumnIds(afterDrop, [...afterDrop.columns, dropped]);
        expect(again).toEqual({
          ok: false,
          issues: [expect.objectContaining({ path: `table.columns[${rest.length}].id` })],
        });
      }),
    );
  });
});

describe("illegal changes", () => {
  it("are refused at their field path, whatever compatible changes come with them", () => {
    fc.assert(
      fc.property(
        liveTable,
        fc.array(compatibleEdit, { maxLength: 6 }),
        illegalEdit,
        (live, edits, edit) => {
          const { spec, path } = applyIllegal(live, applyCompatible(live, edits), edit);
          fc.pre(path !== undefined);
          const issues = illegalChangeIssues(classifyChanges(specWith(live.columns), spec));
          expect(issues.map((issue) => issue.path)).toContain(path);
          for (const issue of issues) expect(issue.message.length).toBeGreaterThan(20);
        },
      ),
      { numRuns: 300 },
    );
  });
});
