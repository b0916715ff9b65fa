import { describe, expect, it } from "vitest";
import {
  formatIcebergType,
  formatPartitionTransform,
  parseIcebergType,
  parsePartitionTransform,
  partitionFieldName,
  transformAppliesTo,
} from "#contract";

describe("Iceberg types", () => {
  it.each([
    ["long", { kind: "long" }],
    ["timestamptz", { kind: "timestamptz" }],
    ["decimal(12,2)", { kind: "decimal", precision: 12, scale: 2 }],
    ["decimal( 38 , 0 )", { kind: "decimal", precision: 38, scale: 0 }],
    ["fixed[16]", { kind: "fixed", length: 16 }],
  ])("parses %s", (text, value) => {
    expect(parseIcebergType(text)).toEqual({ ok: true, value });
  });

  it.each([
    "varchar",
    "decimal(0,0)",
    "decimal(39,1)",
    "decimal(4,5)",
    "fixed[0]",
    "Long",
    "timestamp_ns",
  ])("rejects %s", (text) => {
    expect(parseIcebergType(text).ok).toBe(false);
  });

  it("round-trips through its canonical spelling", () => {
    for (const text of ["int", "decimal(9,3)", "fixed[4]", "uuid"]) {
      const parsed = parseIcebergType(text);
      if (!parsed.ok) throw new Error(parsed.reason);
      expect(formatIcebergType(parsed.value)).toBe(text);
    }
  });
});

describe("partition transforms", () => {
  it.each(["identity", "year", "month", "day", "hour", "void", "bucket[16]", "truncate[10]"])(
    "round-trips %s",
    (text) => {
      const parsed = parsePartitionTransform(text);
      if (!parsed.ok) throw new Error(parsed.reason);
      expect(formatPartitionTransform(parsed.value)).toBe(text);
    },
  );

  it("follows the spec's source-type table", () => {
    const t = (text: string) => {
      const parsed = parsePartitionTransform(text);
      if (!parsed.ok) throw new Error(parsed.reason);
      return parsed.value;
    };
    expect(transformAppliesTo(t("day"), { kind: "date" })).toBe(true);
    expect(transformAppliesTo(t("hour"), { kind: "date" })).toBe(false);
    expect(transformAppliesTo(t("bucket[8]"), { kind: "uuid" })).toBe(true);
    expect(transformAppliesTo(t("bucket[8]"), { kind: "double" })).toBe(false);
    expect(transformAppliesTo(t("truncate[4]"), { kind: "decimal", precision: 9, scale: 2 })).toBe(
      true,
    );
    expect(transformAppliesTo(t("truncate[4]"), { kind: "uuid" })).toBe(false);
    expect(transformAppliesTo(t("identity"), { kind: "double" })).toBe(true);
  });

  it.each([
    ["identity", "ts"],
    ["year", "ts_year"],
    ["month", "ts_month"],
    ["day", "ts_day"],
    ["hour", "ts_hour"],
    ["bucket[16]", "ts_bucket"],
    ["truncate[4]", "ts_trunc"],
    ["void", "ts_null"],
  ])("names the field of %s(ts) %s, as Iceberg does by default", (text, name) => {
    const parsed = parsePartitionTransform(text);
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(partitionFieldName("ts", parsed.value)).toBe(name);
  });
});
