/**
 * The Open Data Contract Standard (ODCS) v3 side of a spec: the parts of an ODCS document Meshplane
 * writes and reads, and the rules both directions share (Iceberg types ↔ logical types, SLA
 * property names and units, the null-rate rule of the quality SLA, Meshplane's custom properties).
 * Export is odcs-export.ts, import odcs-import.ts.
 * Reference: https://bitol-io.github.io/open-data-contract-standard/ (v3.2.0 JSON Schema vendored in
 * test/fixtures/odcs).
 */
import { z } from "zod";
import type { IcebergType, IcebergTypeKind } from "./iceberg";
import { CRITICAL_NULL_RATE } from "./spec";

export const ODCS_API_VERSION = "v3.2.0";

/** The `vendor` of Meshplane's custom properties: an import reads only these as its own. */
export const MESHPLANE_VENDOR = "meshplane";

// ─── What Meshplane writes (a subset of the ODCS JSON Schema, names as ODCS spells them) ──────

export type OdcsValue =
  string | number | boolean | null | OdcsValue[] | { [key: string]: OdcsValue };

export interface OdcsCustomProperty {
  property: string;
  value: OdcsValue;
  vendor?: string;
  description?: string;
}

export interface OdcsQualityRule {
  type: "library";
  metric: "nullValues";
  mustBeLessOrEqualTo: number;
  unit: "percent";
  dimension: "completeness";
  description: string;
}

export interface OdcsProperty {
  name: string;
  logicalType: OdcsLogicalType;
  logicalTypeOptions?: Record<string, string | boolean>;
  physicalType: string;
  required: boolean;
  description?: string;
  classification: string;
  tags?: string[];
  partitioned?: boolean;
  partitionKeyPosition?: number;
  quality?: OdcsQualityRule[];
  customProperties?: OdcsCustomProperty[];
}

export interface OdcsSchemaObject {
  name: string;
  logicalType: "object";
  physicalType: "table";
  properties: OdcsProperty[];
  customProperties?: OdcsCustomProperty[];
}

export interface OdcsSlaProperty {
  property: string;
  value: number;
  unit: string;
  description?: string;
  customProperties?: OdcsCustomProperty[];
}

export interface OdcsServer {
  server: string;
  type: "s3" | "azure" | "custom" | "local";
  environment: string;
  description: string;
  format: "iceberg";
  location?: string;
  path?: string;
  region?: string;
  customProperties?: OdcsCustomProperty[];
}

export interface OdcsTeam {
  name: string;
  members: { username: string; role: string }[];
}

export interface OdcsContract {
  apiVersion: typeof ODCS_API_VERSION;
  kind: "DataContract";
  id: string;
  version: string;
  status: string;
  name: string;
  domain: string;
  dataProduct: string;
  description: { purpose: string };
  tags?: string[];
  team: OdcsTeam;
  schema: OdcsSchemaObject[];
  slaProperties: OdcsSlaProperty[];
  servers?: OdcsServer[];
  customProperties: OdcsCustomProperty[];
}

/** The marker on a retention SLA the spec leaves to its tier's default. */
export const TIER_DEFAULT_MARKER = "defaultFromTier";

/** The quality SLA's rule on a required column, as ODCS's `nullValues` library metric. */
export const NULL_RATE_RULE: OdcsQualityRule = {
  type: "library",
  metric: "nullValues",
  mustBeLessOrEqualTo: CRITICAL_NULL_RATE * 100,
  unit: "percent",
  dimension: "completeness",
  description: `Required column: the quality SLA counts a breach above ${CRITICAL_NULL_RATE * 100} % nulls.`,
};

// ─── Types ───────────────────────────────────────────────────────────────────────────────────

export const ODCS_LOGICAL_TYPES = [
  "string",
  "date",
  "timestamp",
  "time",
  "number",
  "integer",
  "object",
  "array",
  "boolean",
  "map",
  "vector",
] as const;
export type OdcsLogicalType = (typeof ODCS_LOGICAL_TYPES)[number];

interface LogicalType {
  logicalType: OdcsLogicalType;
  options?: Record<string, string | boolean>;
}

/** How each Iceberg type reads as an ODCS logical type; the Iceberg type is the physicalType. */
const LOGICAL_TYPES: Readonly<Record<IcebergTypeKind, LogicalType>> = {
  boolean: { logicalType: "boolean" },
  int: { logicalType: "integer", options: { format: "i32" } },
  long: { logicalType: "integer", options: { format: "i64" } },
  float: { logicalType: "number", options: { format: "f32" } },
  double: { logicalType: "number", options: { format: "f64" } },
  decimal: { logicalType: "number" },
  date: { logicalType: "date" },
  time: { logicalType: "time" },
  timestamp: { logicalType: "timestamp", options: { timezone: false } },
  timestamptz: { logicalType: "timestamp", options: { timezone: true } },
  string: { logicalType: "string" },
  uuid: { logicalType: "string", options: { format: "uuid" } },
  binary: { logicalType: "string", options: { format: "binary" } },
  fixed: { logicalType: "string", options: { format: "binary" } },
};

export function logicalTypeOf(type: IcebergType): LogicalType {
  return LOGICAL_TYPES[type.kind];
}

const NARROW_INTEGERS = ["i8", "i16", "i32", "u8", "u16"];

/**
 * The Iceberg type of an ODCS property that names no Iceberg type as its physicalType (a foreign
 * contract): integers without a narrow format become long and numbers double, so values fit.
 * Undefined for the nested logical types, which a Meshplane column cannot hold.
 */
export function icebergTypeOfLogical(
  logicalType: string,
  options: { format?: string | undefined; timezone?: boolean | undefined },
): string | undefined {
  switch (logicalType) {
    case "boolean":
    case "date":
    case "time":
      return logicalType;
    case "integer":
      return NARROW_INTEGERS.includes(options.format ?? "") ? "int" : "long";
    case "number":
      return options.format === "f32" ? "float" : "double";
    case "timestamp":
      return options.timezone === false ? "timestamp" : "timestamptz";
    case "string":
      if (options.format === "uuid") return "uuid";
      return options.format === "binary" || options.format === "byte" ? "binary" : "string";
    default:
      return undefined;
  }
}

// ─── SLA properties ──────────────────────────────────────────────────────────────────────────

/** ODCS SLA property names (with their documented synonyms) for what the spec promises. */
export const SLA_PROPERTIES = {
  retention: ["retention", "re"],
  freshness: ["latency", "ly", "freshness"],
  availability: ["availability", "av"],
} as const;

const MINUTES_PER: Readonly<Record<string, number>> = {
  min: 1,
  m: 1,
  minute: 1,
  minutes: 1,
  h: 60,
  hr: 60,
  hour: 60,
  hours: 60,
  d: 1440,
  day: 1440,
  days: 1440,
};

const DAYS_PER: Readonly<Record<string, number>> = {
  d: 1,
  day: 1,
  days: 1,
  w: 7,
  week: 7,
  weeks: 7,
  y: 365,
  yr: 365,
  year: 365,
  years: 365,
};

/** A duration in whole minutes or days, or undefined when the unit is not one of those. */
export function inMinutes(value: number, unit: string | undefined): number | undefined {
  const factor = MINUTES_PER[(unit ?? "d").toLowerCase()];
  return factor === undefined ? undefined : value * factor;
}

export function inDays(value: number, unit: string | undefined): number | undefined {
  const factor = DAYS_PER[(unit ?? "d").toLowerCase()];
  return factor === undefined ? undefined : value * factor;
}

// ─── Reading a document (import): the parts Meshplane maps, everything else is reported ──────

export const OdcsCustomPropertySchema = z.looseObject({
  property: z.string(),
  value: z.unknown(),
  vendor: z.string().optional(),
});

const CustomProperties = z.array(OdcsCustomPropertySchema).optional();

export const OdcsQualityRuleSchema = z.looseObject({
  type: z.string().optional(),
  metric: z.string().optional(),
  mustBeLessOrEqualTo: z.number().optional(),
  unit: z.string().optional(),
});

export const OdcsPropertySchema = z.looseObject({
  name: z.string(),
  logicalType: z.string().optional(),
  logicalTypeOptions: z
    .looseObject({ format: z.string().optional(), timezone: z.boolean().optional() })
    .optional(),
  physicalType: z.string().optional(),
  required: z.boolean().optional(),
  description: z.string().optional(),
  classification: z.string().optional(),
  tags: z.array(z.string()).optional(),
  partitioned: z.boolean().optional(),
  partitionKeyPosition: z.int().optional(),
  quality: z.array(z.unknown()).optional(),
  customProperties: CustomProperties,
});

export const OdcsSchemaObjectSchema = z.looseObject({
  name: z.string(),
  logicalType: z.string().optional(),
  physicalType: z.string().optional(),
  properties: z.array(z.unknown()).optional(),
  customProperties: CustomProperties,
});

export const OdcsSlaPropertySchema = z.looseObject({
  property: z.string(),
  value: z.union([z.number(), z.string()]),
  unit: z.string().optional(),
  customProperties: CustomProperties,
});

const TeamMember = z.looseObject({ username: z.string() });

export const OdcsTeamSchema = z.union([
  z.looseObject({ name: z.string().optional(), members: z.array(TeamMember).optional() }),
  z.array(TeamMember),
]);

/** The document's envelope: what makes it an ODCS v3 data contract at all. */
export const OdcsEnvelopeSchema = z.looseObject({
  apiVersion: z
    .string()
    .regex(/^v3\.\d+\.\d+$/, "Meshplane reads ODCS v3 documents (apiVersion v3.x.y)"),
  kind: z.literal("DataContract", "kind must be DataContract"),
});

/** The top-level fields Meshplane maps, read one by one so a bad one is reported, not fatal. */
export const OdcsTopLevel = {
  id: z.string(),
  version: z.string(),
  status: z.string(),
  name: z.string(),
  domain: z.string(),
  dataProduct: z.string(),
  description: z.looseObject({ purpose: z.string().optional() }),
  tags: z.array(z.string()),
  team: OdcsTeamSchema,
  schema: z.array(z.unknown()),
  slaProperties: z.array(z.unknown()),
  servers: z.array(z.unknown()),
  customProperties: z.array(OdcsCustomPropertySchema),
} as const;
