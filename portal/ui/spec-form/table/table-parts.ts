/**
 * The table editor's controls over the spec's compact strings: a column type (`decimal(12,2)`)
 * is edited as a kind plus its parameters, a partition transform (`bucket[16]`) as a kind plus a
 * size. Parsing and spelling are the contract's; this module only splits and joins. Pure.
 */
import {
  ICEBERG_SIMPLE_TYPES,
  formatIcebergType,
  formatPartitionTransform,
  parseIcebergType,
  parsePartitionTransform,
  type IcebergTypeKind,
  type PartitionTransform,
} from "#contract/iceberg";
import type { FieldPath } from "#portal/shared/spec-draft";

export const COLUMNS: FieldPath = ["table", "columns"];
export const PARTITIONS: FieldPath = ["table", "partitionSpec"];

export const TYPE_KINDS: readonly IcebergTypeKind[] = [...ICEBERG_SIMPLE_TYPES, "decimal", "fixed"];

/** A column type as the picker shows it; the parameters of the other kinds keep their defaults. */
export interface TypeParts {
  kind: IcebergTypeKind;
  precision: number;
  scale: number;
  length: number;
}

const TYPE_DEFAULTS = { precision: 18, scale: 2, length: 16 };

/** An unparseable type (being typed, or imported) shows as the kind it starts with. */
export function typeParts(text: string): TypeParts {
  const parsed = parseIcebergType(text);
  if (!parsed.ok) {
    const kind = TYPE_KINDS.find((k) => text.startsWith(k)) ?? "string";
    return { kind, ...TYPE_DEFAULTS };
  }
  const type = parsed.value;
  if (type.kind === "decimal")
    return { ...TYPE_DEFAULTS, kind: "decimal", precision: type.precision, scale: type.scale };
  if (type.kind === "fixed") return { ...TYPE_DEFAULTS, kind: "fixed", length: type.length };
  return { ...TYPE_DEFAULTS, kind: type.kind };
}

export function typeText(parts: TypeParts): string {
  if (parts.kind === "decimal")
    return formatIcebergType({ kind: "decimal", precision: parts.precision, scale: parts.scale });
  if (parts.kind === "fixed") return formatIcebergType({ kind: "fixed", length: parts.length });
  return formatIcebergType({ kind: parts.kind });
}

export type TransformKind = PartitionTransform["kind"];

export const TRANSFORM_KINDS: readonly TransformKind[] = [
  "identity",
  "year",
  "month",
  "day",
  "hour",
  "bucket",
  "truncate",
  "void",
];

/** A transform as the picker shows it: `size` is the buckets or the width where there is one. */
interface TransformParts {
  kind: TransformKind;
  size: number;
}

const DEFAULT_SIZE = 16;

export function transformParts(text: unknown): TransformParts {
  const parsed = parsePartitionTransform(typeof text === "string" ? text : "identity");
  if (!parsed.ok) return { kind: "identity", size: DEFAULT_SIZE };
  const value = parsed.value;
  if (value.kind === "bucket") return { kind: "bucket", size: value.buckets };
  if (value.kind === "truncate") return { kind: "truncate", size: value.width };
  return { kind: value.kind, size: DEFAULT_SIZE };
}

export function isSized(kind: TransformKind): kind is "bucket" | "truncate" {
  return kind === "bucket" || kind === "truncate";
}

export function transformText({ kind, size }: TransformParts): string {
  if (kind === "bucket") return formatPartitionTransform({ kind, buckets: size });
  if (kind === "truncate") return formatPartitionTransform({ kind, width: size });
  return formatPartitionTransform({ kind });
}
