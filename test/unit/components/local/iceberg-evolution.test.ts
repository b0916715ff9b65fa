/**
 * Schema evolution on top of an engine's commit, property-based: whatever compatible edits a spec
 * makes (test/support/evolution.ts), every existing column keeps its Iceberg field id, new columns
 * get ids above `last-column-id`, and the engine's snapshots, refs and logs are carried over
 * untouched; an edit the compatibility classifier calls illegal is refused at the path the
 * classifier names. Also which metadata file is current when engines wrote some of them.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { classifyChanges } from "#contract";
import {
  asTableMetadata,
  metadataText,
  nextTableMetadata,
  parseMetadataText,
  pickCurrentMetadata,
  type IcebergColumnInput,
  type IcebergTableInput,
  type TableMetadata,
} from "#components/local/iceberg-metadata";
import {
  applyCompatible,
  applyIllegal,
  compatibleEdit,
  illegalEdit,
  liveTable,
  specWith,
  type LiveTable,
} from "#test/support/evolution";

const LOCATION = "file:///w/t";
const CLOCK = { nowMs: 1_000, newUuid: () => "00000000-0000-4000-8000-000000000001" };
const LATER = { nowMs: 3_000, newUuid: CLOCK.newUuid };
const ENGINE_FILE = `${LOCATION}/metadata/00001-7c1e.metadata.json`;

function tableOf(columns: readonly IcebergColumnInput[]): IcebergTableInput {
  return {
    columns: columns.map(({ id, name, type, required, doc }) => ({
      ...(id === undefined ? {} : { id }),
      name,
      type,
      required,
      ...(doc === undefined ? {} : { doc }),
    })),
    partitionSpec: [],
    sortOrder: [],
    properties: {},
  };
}

/** The table Meshplane created for `live`, after an engine appended a snapshot to it. */
function engineCommitted(live: LiveTable): TableMetadata {
  const created = nextTableMetadata(tableOf(live.columns), LOCATION, undefined, CLOCK);
  if (created === undefined) throw new Error("a new table always has metadata");
  return {
    ...created,
    "last-column-id": live.lastColumnId,
    "last-updated-ms": 2_000,
    "last-sequence-number": 1,
    "current-snapshot-id": 42,
    snapshots: [
      {
        "snapshot-id": 42,
        "sequence-number": 1,
        "timestamp-ms": 2_000,
        "manifest-list": `${LOCATION}/metadata/snap-42.avro`,
        summary: { operation: "append" },
        "schema-id": 0,
      },
    ],
    "snapshot-log": [{ "timestamp-ms": 2_000, "snapshot-id": 42 }],
    refs: { main: { "snapshot-id": 42, type: "branch" } },
    "metadata-log": [
      { "timestamp-ms": 1_000, "metadata-file": `${LOCATION}/metadata/v1.metadata.json` },
    ],
  };
}

const currentFields = (metadata: TableMetadata) =>
  metadata.schemas.find((s) => s["schema-id"] === metadata["current-schema-id"])?.fields ?? [];

describe("schema evolution on an engine's commit", () => {
  it("a compatible change never changes an existing field id and keeps the engine's snapshots", () => {
    fc.assert(
      fc.property(liveTable, fc.array(compatibleEdit, { maxLength: 8 }), (live, edits) => {
        const current = engineCommitted(live);
        const proposed = applyCompatible(live, edits);
        const next = nextTableMetadata(
          tableOf(proposed.map((p) => p.column)),
          LOCATION,
          { metadata: current, file: ENGINE_FILE },
          LATER,
        );
        const result = next ?? current;
        const fields = currentFields(result);
        expect(fields.map((f) => f.name)).toEqual(proposed.map((p) => p.column.name));
        proposed.forEach((p, index) => {
          const id = fields[index]?.id ?? 0;
          if (p.origin !== undefined) expect(id).toBe(p.origin);
          else expect(id).toBeGreaterThan(live.lastColumnId);
        });
        expect(new Set(fields.map((f) => f.id)).size).toBe(fields.length);
        expect(result["last-column-id"]).toBe(
          Math.max(live.lastColumnId, ...fields.map((f) => f.id)),
        );
        for (const key of [
          "snapshots",
          "snapshot-log",
          "refs",
          "current-snapshot-id",
          "last-sequence-number",
          "table-uuid",
        ]) {
          expect(result[key]).toEqual(current[key]);
        }
        if (next !== undefined) {
          expect(next.schemas.slice(0, current.schemas.length)).toEqual(current.schemas);
          expect(next["metadata-log"]).toEqual([
            ...current["metadata-log"],
            { "timestamp-ms": 2_000, "metadata-file": ENGINE_FILE },
          ]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("refuses, at the classifier's path, an illegal column change once the table holds data", () => {
    fc.assert(
      fc.property(
        liveTable,
        fc.array(compatibleEdit, { maxLength: 4 }),
        illegalEdit.filter(
          (edit) => edit.op === "retype" || edit.op === "require" || edit.op === "addRequired",
        ),
        (live, edits, edit) => {
          const base = applyCompatible(live, edits);
          const { spec, path } = applyIllegal(live, base, edit);
          fc.pre(path !== undefined);
          const illegal = classifyChanges(specWith(live.columns), spec)
            .filter((c) => c.severity === "illegal")
            .map((c) => c.path);
          expect(illegal).toContain(path);
          const next = () =>
            nextTableMetadata(
              tableOf(spec.table.columns),
              LOCATION,
              { metadata: engineCommitted(live), file: ENGINE_FILE },
              LATER,
            );
          expect(next).toThrow(`${path}: `);
        },
      ),
      { numRuns: 100 },
    );
  });

  it("keeps a new column's id when Meshplane assigned it above last-column-id", () => {
    const live = {
      columns: [{ id: 1, name: "a", type: "int", required: true, pii: false }],
      lastColumnId: 3,
    };
    const next = nextTableMetadata(
      tableOf([
        { id: 1, name: "a", type: "long", required: true },
        { id: 7, name: "b", type: "string", required: false },
        { name: "c", type: "string", required: false },
      ]),
      LOCATION,
      { metadata: engineCommitted(live), file: ENGINE_FILE },
      LATER,
    );
    expect(next && currentFields(next).map((f) => `${f.id}:${f.name}:${f.type}`)).toEqual([
      "1:a:long",
      "7:b:string",
      "8:c:string",
    ]);
    expect(next?.["last-column-id"]).toBe(8);
  });

  it("reads an engine's spelling of a type (pyiceberg writes decimal(12, 2)) as the same type", () => {
    const live = {
      columns: [{ id: 1, name: "amount", type: "decimal(12, 2)", required: false, pii: false }],
      lastColumnId: 1,
    };
    const current = engineCommitted(live);
    const same = tableOf([{ id: 1, name: "amount", type: "decimal(12,2)", required: false }]);
    expect(
      nextTableMetadata(same, LOCATION, { metadata: current, file: ENGINE_FILE }, LATER),
    ).toBeUndefined();
    const wider = tableOf([{ id: 1, name: "amount", type: "decimal(14,2)", required: false }]);
    const next = nextTableMetadata(
      wider,
      LOCATION,
      { metadata: current, file: ENGINE_FILE },
      LATER,
    );
    expect(next && currentFields(next)).toEqual([
      { id: 1, name: "amount", required: false, type: "decimal(14,2)" },
    ]);
  });

  it("refuses a spec id the table gave out before and has since dropped", () => {
    const live = {
      columns: [{ id: 1, name: "a", type: "int", required: true, pii: false }],
      lastColumnId: 3,
    };
    const next = () =>
      nextTableMetadata(
        tableOf([
          { id: 1, name: "a", type: "int", required: true },
          { id: 2, name: "b", type: "string", required: false },
        ]),
        LOCATION,
        { metadata: engineCommitted(live), file: ENGINE_FILE },
        LATER,
      );
    expect(next).toThrow('table.columns[1].id: column "b" has field id 2');
  });
});

describe("pickCurrentMetadata", () => {
  const at = (ms: number, log: string[] = []): TableMetadata => ({
    ...(nextTableMetadata(
      tableOf([{ name: "a", type: "int", required: false }]),
      LOCATION,
      undefined,
      CLOCK,
    ) as TableMetadata),
    "last-updated-ms": ms,
    "metadata-log": log.map((file, i) => ({
      "timestamp-ms": i,
      "metadata-file": `${LOCATION}/metadata/${file}`,
    })),
  });

  it("is the head an engine committed last, not the file the version hint names", () => {
    const current = pickCurrentMetadata(
      [
        { name: "v1.metadata.json", metadata: at(1_000) },
        { name: "00000-aa.metadata.json", metadata: at(2_000, ["v1.metadata.json"]) },
        {
          name: "00001-bb.metadata.json",
          metadata: at(3_000, ["v1.metadata.json", "00000-aa.metadata.json"]),
        },
      ],
      "v1.metadata.json",
    );
    expect(current?.name).toBe("00001-bb.metadata.json");
  });

  it("prefers an unsuperseded head over a newer file another file lists as replaced", () => {
    const current = pickCurrentMetadata([
      { name: "v2.metadata.json", metadata: at(5_000) },
      { name: "00003-cc.metadata.json", metadata: at(4_000, ["v2.metadata.json"]) },
    ]);
    expect(current?.name).toBe("00003-cc.metadata.json");
  });

  it("breaks a tie with the version hint, and finds nothing in an empty directory", () => {
    const tied = [
      { name: "v1.metadata.json", metadata: at(1_000) },
      { name: "v2.metadata.json", metadata: at(1_000) },
    ];
    expect(pickCurrentMetadata(tied, "v2.metadata.json")?.name).toBe("v2.metadata.json");
    expect(pickCurrentMetadata([], "v1.metadata.json")).toBeUndefined();
  });
});

describe("metadata text", () => {
  it("keeps 64-bit snapshot ids digit for digit through an evolution (JSON.parse would round them)", () => {
    const id = "6655958429283398404";
    const live = {
      columns: [{ id: 1, name: "a", type: "int", required: false, pii: false }],
      lastColumnId: 1,
    };
    const base = engineCommitted(live);
    const text = JSON.stringify({
      ...base,
      "current-snapshot-id": 0,
      refs: { main: { "snapshot-id": 0, type: "branch" } },
      summary: "note: 12345678901234567890",
    })
      .replace('"current-snapshot-id":0', `"current-snapshot-id":${id}`)
      .replace('"snapshot-id":0', `"snapshot-id":-${id}`);
    expect(Number(id)).not.toBe(Number.parseInt(id.slice(0, 15), 10) * 10_000); // sanity: beyond 2^53
    const metadata = asTableMetadata(parseMetadataText(text), "engine");
    const next = nextTableMetadata(
      tableOf([{ id: 1, name: "a", type: "long", required: false }]),
      LOCATION,
      { metadata, file: ENGINE_FILE },
      LATER,
    );
    if (next === undefined) throw new Error("int → long is a change");
    const written = metadataText(next);
    expect(written).toContain(`"current-snapshot-id": ${id},`);
    expect(written).toContain(`"snapshot-id": -${id},`);
    expect(written).toContain('"summary": "note: 12345678901234567890"');
    expect(written).toContain('"last-column-id": 1,');
  });
});
