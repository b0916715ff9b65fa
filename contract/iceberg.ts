/**
 * Iceberg table-format vocabulary (format version 2): primitive column types and partition
 * transforms, parsed from the compact strings the spec uses (`decimal(12,2)`, `bucket[16]`).
 * Reference: https://iceberg.apache.org/spec/#primitive-types and #partition-transforms.
 */

export const ICEBERG_SIMPLE_TYPES = [
  "boolean",
  "int",
  "long",
  "float",
  "double",
  "date",
  "time",
  "timestamp",
  "timestamptz",
  "string",
  "uuid",
  "binary",
] as const;

export type IcebergSimpleType = (typeof ICEBERG_SIMPLE_TYPES)[number];

export type IcebergType =
  | { kind: IcebergSimpleType }
  | { kind: "decimal"; precision: number; scale: number }
  | { kind: "fixed"; length: number };

export type IcebergTypeKind = IcebergType["kind"];

export const DECIMAL_MAX_PRECISION = 38;

const DECIMAL_PATTERN = /^decimal\(\s*(\d+)\s*,\s*(\d+)\s*\)$/;
const FIXED_PATTERN = /^fixed\[(\d+)\]$/;

/** Every accepted spelling, for messages and for the JSON Schema pattern. */
export const ICEBERG_TYPE_PATTERN = `^(${ICEBERG_SIMPLE_TYPES.join("|")}|decimal\\(\\s*\\d+\\s*,\\s*\\d+\\s*\\)|fixed\\[\\d+\\])$`;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: string };

function isSimpleType(text: string): text is IcebergSimpleType {
  return (ICEBERG_SIMPLE_TYPES as readonly string[]).includes(text);
}

export function parseIcebergType(text: string): ParseResult<IcebergType> {
  if (isSimpleType(text)) return { ok: true, value: { kind: text } };
  const decimal = DECIMAL_PATTERN.exec(text);
  if (decimal) {
    const precision = Number(decimal[1]);
    const scale = Number(decimal[2]);
    if (precision < 1 || precision > DECIMAL_MAX_PRECISION) {
      return {
        ok: false,
        reason: `decimal precision must be between 1 and ${DECIMAL_MAX_PRECISION}, got ${precision}`,
      };
    }
    if (scale > precision) {
      return {
        ok: false,
        reason: `decimal scale (${scale}) cannot be larger than its precision (${precision})`,
      };
    }
    return { ok: true, value: { kind: "decimal", precision, scale } };
  }
  const fixed = FIXED_PATTERN.exec(text);
  if (fixed) {
    const length = Number(fixed[1]);
    if (length < 1) return { ok: false, reason: "fixed[L] needs a length of at least 1 byte" };
    return { ok: true, value: { kind: "fixed", length } };
  }
  return {
    ok: false,
    reason: `"${text}" is not an Iceberg type; use one of ${ICEBERG_SIMPLE_TYPES.join(", ")}, decimal(P,S) or fixed[L]`,
  };
}

export function formatIcebergType(type: IcebergType): string {
  switch (type.kind) {
    case "decimal":
      return `decimal(${type.precision},${type.scale})`;
    case "fixed":
      return `fixed[${type.length}]`;
    default:
      return type.kind;
  }
}

export type PartitionTransform =
  | { kind: "identity" | "year" | "month" | "day" | "hour" | "void" }
  | { kind: "bucket"; buckets: number }
  | { kind: "truncate"; width: number };

export const PARTITION_TRANSFORM_PATTERN =
  "^(identity|year|month|day|hour|void|bucket\\[\\d+\\]|truncate\\[\\d+\\])$";

const PARAMETERISED_TRANSFORM = /^(bucket|truncate)\[(\d+)\]$/;

export function parsePartitionTransform(text: string): ParseResult<PartitionTransform> {
  switch (text) {
    case "identity":
    case "year":
    case "month":
    case "day":
    case "hour":
    case "void":
      return { ok: true, value: { kind: text } };
  }
  const match = PARAMETERISED_TRANSFORM.exec(text);
  if (match) {
    const size = Number(match[2]);
    if (size < 1) return { ok: false, reason: `${match[1]}[N] needs N of at least 1` };
    return match[1] === "bucket"
      ? { ok: true, value: { kind: "bucket", buckets: size } }
      : { ok: true, value: { kind: "truncate", width: size } };
  }
  return {
    ok: false,
    reason: `"${text}" is not a partition transform; use identity, year, month, day, hour, bucket[N], truncate[W] or void`,
  };
}

export function formatPartitionTransform(transform: PartitionTransform): string {
  switch (transform.kind) {
    case "bucket":
      return `bucket[${transform.buckets}]`;
    case "truncate":
      return `truncate[${transform.width}]`;
    default:
      return transform.kind;
  }
}

/**
 * The name of a partition field, as Iceberg's own spec builder derives it by default: the column
 * for identity, else `<column>_<suffix>` (`_bucket`, `_trunc`, `_year`, `_month`, `_day`,
 * `_hour`, `_null` for void). The one place Meshplane derives these names: the contract checks
 * them for clashes and the components write them into the table metadata.
 */
export function partitionFieldName(column: string, transform: PartitionTransform): string {
  switch (transform.kind) {
    case "identity":
      return column;
    case "truncate":
      return `${column}_trunc`;
    case "void":
      return `${column}_null`;
    default:
      return `${column}_${transform.kind}`;
  }
}

const TIME_TRANSFORMS: readonly PartitionTransform["kind"][] = ["year", "month", "day", "hour"];

/**
 * year, month, day and hour of one column are redundant together: each finer one determines the
 * coarser, and Iceberg refuses a second time transform of a source column.
 */
export function isTimeTransform(transform: PartitionTransform): boolean {
  return TIME_TRANSFORMS.includes(transform.kind);
}

const TEMPORAL_DATE_OK: readonly IcebergTypeKind[] = ["date", "timestamp", "timestamptz"];
const TEMPORAL_HOUR_OK: readonly IcebergTypeKind[] = ["timestamp", "timestamptz"];
const TRUNCATE_OK: readonly IcebergTypeKind[] = ["int", "long", "decimal", "string", "binary"];
const BUCKET_OK: readonly IcebergTypeKind[] = [
  "int",
  "long",
  "decimal",
  "date",
  "time",
  "timestamp",
  "timestamptz",
  "string",
  "uuid",
  "fixed",
  "binary",
];

/** The source column types each transform accepts, per the Iceberg spec's transform table. */
export function transformAcceptedTypes(
  transform: PartitionTransform,
): readonly IcebergTypeKind[] | "any" {
  switch (transform.kind) {
    case "identity":
    case "void":
      return "any";
    case "year":
    case "month":
    case "day":
      return TEMPORAL_DATE_OK;
    case "hour":
      return TEMPORAL_HOUR_OK;
    case "bucket":
      return BUCKET_OK;
    case "truncate":
      return TRUNCATE_OK;
  }
}

export function transformAppliesTo(transform: PartitionTransform, type: IcebergType): boolean {
  const accepted = transformAcceptedTypes(transform);
  return accepted === "any" || accepted.includes(type.kind);
}

/**
 * Whether a column written as `from` can be read as `to`: the promotions format versions 1 and 2
 * allow (spec "Schema Evolution"): int → long, float → double, decimal(P,S) → decimal(P',S) with
 * P' > P. None of them changes what a partition transform computes (bucket hashes an int and a
 * long alike, and a decimal by its unscaled value), so they are safe on partition sources too.
 */
export function isTypePromotion(from: IcebergType, to: IcebergType): boolean {
  if (from.kind === "int") return to.kind === "long";
  if (from.kind === "float") return to.kind === "double";
  if (from.kind === "decimal" && to.kind === "decimal") {
    return to.scale === from.scale && to.precision > from.precision;
  }
  return false;
}
