/**
 * The pure Iceberg commit model: requirements as the spec defines them, each update's effect,
 * the invariants (last-column-id and last-partition-id never go down, history is kept, `-1`
 * means "added in this commit") and lossless 64-bit ids.
 */
import { describe, expect, it } from "vitest";
import { parseJsonLossless, sameLong, stringifyJsonLossless } from "#lib/iceberg/json";
import { readTableMetadata, type TableMetadata } from "#lib/iceberg/table-metadata";
import {
  InvalidUpdate,
  RequirementFailed,
  TableUpdate,
  applyUpdates,
  checkRequirements,
  createUpdates,
  emptyTableMetadata,
  withPreviousFile,
} from "#lib/iceberg/updates";

const NOW = 1_800_000_000_000;

function table(): TableMetadata {
  return applyUpdates(
    emptyTableMetadata("uuid-1", "file:///w/t/", NOW),
    createUpdates({
      schema: {
        type: "struct",
        fields: [
          { id: 1, name: "id", required: true, type: "long" },
          { id: 2, name: "day", required: true, type: "date" },
        ],
      },
      "partition-spec": { fields: [{ "source-id": 2, name: "day_month", transform: "month" }] },
      "write-order": {
        "order-id": 1,
        fields: [
          { "source-id": 1, transform: "identity", direction: "asc", "null-order": "nulls-last" },
        ],
      },
      properties: { owner: "payments" },
    }),
    NOW,
  );
}

const snapshot = (id: number | bigint, sequence: number) => ({
  "snapshot-id": id,
  "sequence-number": sequence,
  "timestamp-ms": NOW + sequence,
  "manifest-list": `file:///w/t/metadata/snap-${String(id)}.avro`,
  summary: { operation: "append" },
});

describe("creating a table", () => {
  it("assigns schema 0, spec 0 with field ids from 1000, order 1 and strips the location's slash", () => {
    const metadata = table();
    expect(metadata["current-schema-id"]).toBe(0);
    expect(metadata["last-column-id"]).toBe(2);
    expect(metadata["partition-specs"]).toEqual([
      {
        "spec-id": 0,
        fields: [{ "source-id": 2, name: "day_month", transform: "month", "field-id": 1000 }],
      },
    ]);
    expect(metadata["last-partition-id"]).toBe(1000);
    expect(metadata["default-sort-order-id"]).toBe(1);
    expect(metadata.location).toBe("file:///w/t");
    expect(metadata.properties).toEqual({ owner: "payments" });
  });
});

describe("checkRequirements", () => {
  it("holds for what the metadata says and fails, as a conflict, for anything else", () => {
    const metadata = table();
    expect(() => {
      checkRequirements(metadata, [
        { type: "assert-table-uuid", uuid: "uuid-1" },
        { type: "assert-current-schema-id", "current-schema-id": 0 },
        { type: "assert-last-assigned-field-id", "last-assigned-field-id": 2 },
        { type: "assert-last-assigned-partition-id", "last-assigned-partition-id": 1000 },
        { type: "assert-default-spec-id", "default-spec-id": 0 },
        { type: "assert-default-sort-order-id", "default-sort-order-id": 1 },
        { type: "assert-ref-snapshot-id", ref: "main", "snapshot-id": null },
      ]);
    }).not.toThrow();
    for (const requirement of [
      { type: "assert-create" as const },
      { type: "assert-table-uuid" as const, uuid: "other" },
      { type: "assert-current-schema-id" as const, "current-schema-id": 1 },
      { type: "assert-last-assigned-field-id" as const, "last-assigned-field-id": 3 },
      { type: "assert-ref-snapshot-id" as const, ref: "main", "snapshot-id": 5 },
    ]) {
      expect(() => {
        checkRequirements(metadata, [requirement]);
      }).toThrow(RequirementFailed);
    }
    expect(() => {
      checkRequirements(undefined, [{ type: "assert-create" }]);
    }).not.toThrow();
  });

  it("compares a ref's 64-bit snapshot id exactly", () => {
    const id = 7386950426547063621n;
    const metadata = applyUpdates(
      table(),
      [
        { action: "add-snapshot", snapshot: snapshot(id, 1) },
        { action: "set-snapshot-ref", "ref-name": "main", type: "branch", "snapshot-id": id },
      ],
      NOW,
    );
    expect(() => {
      checkRequirements(metadata, [
        { type: "assert-ref-snapshot-id", ref: "main", "snapshot-id": id },
      ]);
    }).not.toThrow();
    expect(() => {
      checkRequirements(metadata, [
        { type: "assert-ref-snapshot-id", ref: "main", "snapshot-id": id + 1n },
      ]);
    }).toThrow(RequirementFailed);
  });

  it("takes a missing ref named like an Object member for missing", () => {
    for (const ref of ["toString", "constructor", "hasOwnProperty", "__proto__"]) {
      expect(() => {
        checkRequirements(table(), [{ type: "assert-ref-snapshot-id", ref, "snapshot-id": null }]);
      }, ref).not.toThrow();
      expect(() => {
        checkRequirements(table(), [{ type: "assert-ref-snapshot-id", ref, "snapshot-id": 1 }]);
      }, ref).toThrow(`branch or tag ${ref} is missing`);
    }
  });
});

describe("applyUpdates", () => {
  it("adds a schema with a new id, keeps the old one and never lowers last-column-id", () => {
    const before = table();
    const after = applyUpdates(
      before,
      [
        {
          action: "add-schema",
          schema: {
            type: "struct",
            fields: [
              { id: 1, name: "id", required: true, type: "long" },
              { id: 3, name: "score", required: false, type: "double" },
            ],
          },
        },
        { action: "set-current-schema", "schema-id": -1 },
      ],
      NOW + 1,
    );
    expect(after.schemas.map((s) => s["schema-id"])).toEqual([0, 1]);
    expect(after["current-schema-id"]).toBe(1);
    expect(after["last-column-id"]).toBe(3);
    expect(after["last-updated-ms"]).toBe(NOW + 1);
    // Going back to the first schema reuses it and keeps last-column-id at 3.
    const back = applyUpdates(
      after,
      [
        {
          action: "add-schema",
          schema: { type: "struct", fields: before.schemas[0]?.fields ?? [] },
        },
        { action: "set-current-schema", "schema-id": -1 },
      ],
      NOW + 2,
    );
    expect(back.schemas).toHaveLength(2);
    expect(back["current-schema-id"]).toBe(0);
    expect(back["last-column-id"]).toBe(3);
  });

  it("moves main with a snapshot, logs it, and removing refs and snapshots undoes it", () => {
    const withSnapshot = applyUpdates(
      table(),
      [
        { action: "add-snapshot", snapshot: snapshot(11, 1) },
        { action: "set-snapshot-ref", "ref-name": "main", type: "branch", "snapshot-id": 11 },
        { action: "set-snapshot-ref", "ref-name": "audit", type: "tag", "snapshot-id": 11 },
      ],
      NOW,
    );
    expect(withSnapshot["current-snapshot-id"]).toBe(11);
    expect(withSnapshot["last-sequence-number"]).toBe(1);
    expect(withSnapshot["snapshot-log"]).toEqual([{ "snapshot-id": 11, "timestamp-ms": NOW + 1 }]);
    const untagged = applyUpdates(
      withSnapshot,
      [{ action: "remove-snapshot-ref", "ref-name": "audit" }],
      NOW,
    );
    expect(Object.keys(untagged.refs)).toEqual(["main"]);
    const removed = applyUpdates(
      untagged,
      [{ action: "remove-snapshots", "snapshot-ids": [11] }],
      NOW,
    );
    expect(removed.snapshots).toEqual([]);
    expect(removed.refs).toEqual({});
    expect(removed["current-snapshot-id"]).toBeUndefined();
  });

  it("refuses updates that cannot apply whoever committed first", () => {
    const metadata = table();
    const refused: TableUpdate[] = [
      { action: "set-current-schema", "schema-id": 7 },
      { action: "set-current-schema", "schema-id": -1 },
      { action: "set-default-spec", "spec-id": 3 },
      { action: "set-snapshot-ref", "ref-name": "main", type: "branch", "snapshot-id": 99 },
      { action: "assign-uuid", uuid: "another" },
      { action: "upgrade-format-version", "format-version": 1 },
      { action: "upgrade-format-version", "format-version": 3 },
    ];
    for (const update of refused)
      expect(() => applyUpdates(metadata, [update], NOW)).toThrow(InvalidUpdate);
    const once = applyUpdates(
      metadata,
      [{ action: "add-snapshot", snapshot: snapshot(1, 1) }],
      NOW,
    );
    expect(() =>
      applyUpdates(once, [{ action: "add-snapshot", snapshot: snapshot(1, 2) }], NOW),
    ).toThrow(InvalidUpdate);
    expect(() =>
      applyUpdates(once, [{ action: "add-snapshot", snapshot: snapshot(2, 1) }], NOW),
    ).toThrow(InvalidUpdate);
  });

  it("keeps partition field ids when a spec is evolved, and sets and removes properties and location", () => {
    const metadata = applyUpdates(
      table(),
      [
        {
          action: "add-spec",
          spec: {
            fields: [
              { "source-id": 2, name: "day_month", transform: "month" },
              { "source-id": 1, name: "id_bucket", transform: "bucket[8]" },
            ],
          },
        },
        { action: "set-default-spec", "spec-id": -1 },
        { action: "set-properties", updates: { a: "1", b: "2" } },
        { action: "remove-properties", removals: ["owner", "a"] },
        { action: "set-location", location: "file:///elsewhere/" },
      ],
      NOW,
    );
    expect(metadata["partition-specs"][1]?.fields.map((f) => f["field-id"])).toEqual([1000, 1001]);
    expect(metadata["default-spec-id"]).toBe(1);
    expect(metadata["last-partition-id"]).toBe(1001);
    expect(metadata.properties).toEqual({ b: "2" });
    expect(metadata.location).toBe("file:///elsewhere");
  });

  it("rejects an unknown update action at the boundary", () => {
    expect(TableUpdate.safeParse({ action: "drop-everything" }).success).toBe(false);
  });

  it("refuses ids beyond a 64-bit long, naming the field", () => {
    const parsed = TableUpdate.safeParse(
      parseJsonLossless('{"action":"remove-snapshots","snapshot-ids":[92233720368547758080]}'),
    );
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: ["snapshot-ids", 0] });
    const largest = parseJsonLossless(
      '{"action":"remove-snapshots","snapshot-ids":[9223372036854775807,-9223372036854775808]}',
    );
    expect(TableUpdate.safeParse(largest).success).toBe(true);
  });

  it("refuses __proto__ as a property or ref name instead of dropping it", () => {
    const property = TableUpdate.safeParse(
      parseJsonLossless('{"action":"set-properties","updates":{"__proto__":"x","a":"b"}}'),
    );
    expect(property.success).toBe(false);
    const ref = TableUpdate.safeParse({
      action: "set-snapshot-ref",
      "ref-name": "__proto__",
      type: "branch",
      "snapshot-id": 1,
    });
    expect(ref.success).toBe(false);
    expect(ref.error?.issues[0]?.message).toMatch(/__proto__/);
  });
});

describe("metadata-log", () => {
  const entry = (n: number) => ({
    "metadata-file": `file:///t/metadata/${n}.json`,
    "timestamp-ms": n,
  });
  const logged = (metadata: TableMetadata, count: number) => {
    let next = metadata;
    for (let n = 1; n <= count; n += 1) next = withPreviousFile(next, entry(n));
    return next["metadata-log"].map((e) => e["timestamp-ms"]);
  };

  it("keeps the newest 100 previous files by default, like Java and pyiceberg", () => {
    const log = logged(table(), 130);
    expect([log.length, log[0], log.at(-1)]).toEqual([100, 31, 130]);
  });

  it("follows write.metadata.previous-versions-max, keeping at least one", () => {
    const three = { ...table(), properties: { "write.metadata.previous-versions-max": "3" } };
    expect(logged(three, 5)).toEqual([3, 4, 5]);
    const zero = { ...table(), properties: { "write.metadata.previous-versions-max": "0" } };
    expect(logged(zero, 5)).toEqual([5]);
    const junk = { ...table(), properties: { "write.metadata.previous-versions-max": "many" } };
    expect(logged(junk, 101)).toHaveLength(100);
  });
});

describe("lossless JSON", () => {
  it("keeps integers beyond 2^53 exact both ways and leaves small ones numbers", () => {
    const text = '{"snapshot-id":7386950426547063621,"sequence-number":3,"ratio":1.5}';
    const value = parseJsonLossless(text) as Record<string, unknown>;
    expect(value["snapshot-id"]).toBe(7386950426547063621n);
    expect(value["sequence-number"]).toBe(3);
    expect(stringifyJsonLossless(value)).toBe(text);
    expect(sameLong(3, 3n)).toBe(true);
    expect(sameLong(undefined, null)).toBe(true);
    expect(sameLong(3, undefined)).toBe(false);
  });

  it("parses the same with or without a long integer in the text", () => {
    const small = '{"a":9007199254740991,"b":[1.5e300,-12],"c":"123456789012345"}';
    expect(parseJsonLossless(small)).toEqual(JSON.parse(small));
    const long = '{"a":9007199254740993,"b":[1.5e300,-12],"c":"1234567890123456"}';
    expect(parseJsonLossless(long)).toEqual({
      a: 9007199254740993n,
      b: [1.5e300, -12],
      c: "1234567890123456",
    });
  });

  it("reads stored metadata whose current-snapshot-id is Java's -1 as no snapshot", () => {
    const stored = { ...table(), "current-snapshot-id": -1 };
    expect(readTableMetadata(stored)["current-snapshot-id"]).toBeUndefined();
  });
});
