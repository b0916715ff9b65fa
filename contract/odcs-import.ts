/**
 * An ODCS v3 data contract as a draft spec, plus every part of the document that has no place in
 * one, each at its path with the reason. The draft is then validated by the contract like any
 * other spec: a contract Meshplane exported comes back as the spec it was; a foreign one usually
 * lacks what only Meshplane asks (tier, target, RPO, RTO), and the validation says so field by
 * field. Reads only what odcs.ts declares; the inverse of odcs-export.ts.
 */
import { z } from "zod";
import { specErrorMap, toSpecIssues, type SpecIssue } from "./errors";
import { parseIcebergType } from "./iceberg";
import {
  MESHPLANE_VENDOR,
  NULL_RATE_RULE,
  OdcsCustomPropertySchema,
  OdcsEnvelopeSchema,
  OdcsPropertySchema,
  OdcsQualityRuleSchema,
  OdcsSchemaObjectSchema,
  OdcsSlaPropertySchema,
  OdcsTopLevel,
  SLA_PROPERTIES,
  TIER_DEFAULT_MARKER,
  icebergTypeOfLogical,
  inDays,
  inMinutes,
} from "./odcs";
import { parseDataProductSpec, type SpecParseResult } from "./parse";
import { API_VERSION, CLASSIFICATIONS, TagKey, type Classification } from "./spec";
import { SemanticVersion } from "./versions";

export interface UnmappedField {
  /** Path in the ODCS document, e.g. `schema[0].properties[2].unique`. */
  path: string;
  reason: string;
}

export type OdcsImport =
  | { ok: false; issues: SpecIssue[] }
  | {
      ok: true;
      /** The spec as read, before validation (what a request form would be filled with). */
      draft: Record<string, unknown>;
      /** The contract validated: the spec, or what is missing or wrong in it. */
      result: SpecParseResult;
      /** The document's status (proposed, active, …): a product's status is Meshplane's own. */
      status: string | undefined;
      unmapped: UnmappedField[];
    };

const NO_HOME = "has no place in a Meshplane spec";

/** What an import collects besides the draft. */
class Findings {
  readonly unmapped: UnmappedField[] = [];

  note(path: string, reason: string): void {
    this.unmapped.push({ path, reason });
  }

  /** `value` read with `schema`, or noted (with the schema's complaint) and undefined. */
  read<S extends z.ZodType>(path: string, value: unknown, schema: S): z.output<S> | undefined {
    if (value === undefined) return undefined;
    const parsed = schema.safeParse(value, { error: specErrorMap });
    if (parsed.success) return parsed.data;
    const [issue] = toSpecIssues(parsed.error);
    const where = issue === undefined || issue.path === "" ? "" : ` at ${issue.path}`;
    this.note(path, `not read: ${issue?.message ?? "invalid"}${where}`);
    return undefined;
  }

  /** Notes every key of `object` that is not in `known`. */
  leftovers(path: string, object: object, known: readonly string[], reason = NO_HOME): void {
    for (const key of Object.keys(object)) {
      if (!known.includes(key)) this.note(join(path, key), reason);
    }
  }
}

const join = (path: string, key: string | number) =>
  typeof key === "number" ? `${path}[${key}]` : path === "" ? key : `${path}.${key}`;

export function fromOdcs(document: unknown): OdcsImport {
  const envelope = OdcsEnvelopeSchema.safeParse(document, { error: specErrorMap });
  if (!envelope.success) return { ok: false, issues: toSpecIssues(envelope.error) };
  const doc: Record<string, unknown> = envelope.data;
  const findings = new Findings();
  findings.leftovers("", doc, ["apiVersion", "kind", ...Object.keys(OdcsTopLevel)]);
  const fields = readTopLevel(doc, findings);
  const draft = readDraft(fields, findings);
  return {
    ok: true,
    draft,
    result: parseDataProductSpec(draft),
    status: fields.status,
    unmapped: findings.unmapped,
  };
}

function readDraft(fields: TopLevel, findings: Findings): Record<string, unknown> {
  const custom = meshplaneProperties("customProperties", fields.customProperties ?? [], findings);
  const domain = fields.domain;
  const name = fields.dataProduct ?? slug(fields.name);
  if (fields.id !== undefined && fields.id !== `${String(domain)}/${String(name)}`) {
    findings.note("id", "Meshplane identifies a product by domain/name");
  }
  if (fields.servers !== undefined) {
    findings.note(
      "servers",
      "where a deployment put the data: Meshplane derives it from target when it deploys",
    );
  }
  const table = readTable(fields.schema ?? [], findings);
  const sla = readSla(fields.slaProperties ?? [], findings);
  const draft = withoutUndefined({
    apiVersion: API_VERSION,
    kind: "DataProduct",
    domain,
    name,
    version: readVersion(fields.version, findings),
    displayName: fields.name,
    description: readDescription(fields.description, findings),
    owners: readOwners(fields.team, findings),
    tier: custom.take("tier"),
    classification: table.classification,
    target: custom.take("target"),
    retentionDays: sla.retentionDays,
    lifecycle: custom.take("lifecycle"),
    table: table.table,
    sla: withoutUndefined({
      freshnessMinutes: sla.freshnessMinutes,
      availabilityPercent: sla.availabilityPercent,
      rpoMinutes: custom.take("rpoMinutes"),
      rtoMinutes: custom.take("rtoMinutes"),
    }),
    inference: custom.take("inference"),
    inputs: custom.take("inputs"),
    tags: readTags(fields.tags ?? [], findings),
  });
  custom.rest();
  return draft;
}

type TopLevel = { [K in keyof typeof OdcsTopLevel]?: z.output<(typeof OdcsTopLevel)[K]> };

function readTopLevel(doc: Record<string, unknown>, findings: Findings): TopLevel {
  const fields = Object.entries(OdcsTopLevel).map(([key, schema]) => [
    key,
    findings.read(key, doc[key], schema),
  ]);
  // Each value was parsed by the schema of its key.
  return Object.fromEntries(fields) as TopLevel;
}

function withoutUndefined(object: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));
}

/** A product name from a contract's name when it names no data product: "Card Fees" → card-fees. */
function slug(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^[^a-z]+|-+$/g, "");
}

/** Meshplane's own custom properties by name; others (and unknown own ones) noted. */
function meshplaneProperties(
  path: string,
  properties: readonly z.output<typeof OdcsCustomPropertySchema>[],
  findings: Findings,
) {
  const own = new Map<string, { value: unknown; index: number }>();
  properties.forEach((entry, index) => {
    if (entry.vendor === MESHPLANE_VENDOR) own.set(entry.property, { value: entry.value, index });
    else findings.note(join(path, index), `custom property ${entry.property} of another tool`);
  });
  return {
    take(property: string): unknown {
      const entry = own.get(property);
      own.delete(property);
      return entry?.value;
    },
    /** Notes what was not taken. */
    rest(): void {
      for (const [property, { index }] of own) {
        findings.note(join(path, index), `Meshplane has no custom property ${property}`);
      }
    },
  };
}

function readVersion(version: string | undefined, findings: Findings): string | undefined {
  if (version === undefined || SemanticVersion.safeParse(version).success) return version;
  findings.note("version", `"${version}" is not major.minor.patch; the platform proposes one`);
  return undefined;
}

function readDescription(
  description: z.output<typeof OdcsTopLevel.description> | undefined,
  findings: Findings,
): string | undefined {
  if (description === undefined) return undefined;
  findings.leftovers("description", description, ["purpose"]);
  return description.purpose;
}

function readOwners(
  team: z.output<typeof OdcsTopLevel.team> | undefined,
  findings: Findings,
): Record<string, unknown> | undefined {
  if (team === undefined) return undefined;
  const object = Array.isArray(team) ? { members: team } : team;
  const path = Array.isArray(team) ? "team" : "team.members";
  if (!Array.isArray(team)) findings.leftovers("team", team, ["name", "members"]);
  const emails = (object.members ?? []).flatMap((member, index) => {
    findings.leftovers(join(path, index), member, ["username", "role"]);
    if (z.email().safeParse(member.username).success) return [member.username];
    findings.note(join(join(path, index), "username"), "Meshplane's owners are email addresses");
    return [];
  });
  return withoutUndefined({ team: "name" in object ? object.name : undefined, emails });
}

function readTags(tags: readonly string[], findings: Findings): Record<string, string> {
  const entries = tags.flatMap((tag, index): [string, string][] => {
    const colon = tag.indexOf(":");
    const key = tag.slice(0, colon);
    if (colon > 0 && TagKey.safeParse(key).success) return [[key, tag.slice(colon + 1)]];
    findings.note(join("tags", index), "Meshplane tags are key:value, with a lowercase key");
    return [];
  });
  return Object.fromEntries(entries);
}

// ─── The table ───────────────────────────────────────────────────────────────────────────────

interface TableRead {
  table: Record<string, unknown> | undefined;
  classification: Classification | undefined;
}

function readTable(objects: readonly unknown[], findings: Findings): TableRead {
  objects.slice(1).forEach((_, i) => {
    findings.note(join("schema", i + 1), "a Meshplane product publishes one table");
  });
  const object = findings.read("schema[0]", objects[0], OdcsSchemaObjectSchema);
  if (object === undefined) return { table: undefined, classification: undefined };
  const path = "schema[0]";
  findings.leftovers(path, object, [
    "name",
    "logicalType",
    "physicalType",
    "properties",
    "customProperties",
  ]);
  const custom = meshplaneProperties(
    join(path, "customProperties"),
    object.customProperties ?? [],
    findings,
  );
  const read = (object.properties ?? []).map((value, index) =>
    readColumn(join(join(path, "properties"), index), value, findings),
  );
  const columns = read.flatMap((r) => (r === undefined ? [] : [r]));
  const table = withoutUndefined({
    columns: columns.map((c) => c.column),
    partitionSpec: custom.take("partitionSpec") ?? partitionFromFlags(columns),
    sortOrder: custom.take("sortOrder"),
  });
  custom.rest();
  return { table, classification: strictest(columns, path, findings) };
}

interface ColumnRead {
  column: Record<string, unknown>;
  classification: Classification | undefined;
  partitionPosition: number | undefined;
}

function readColumn(path: string, value: unknown, findings: Findings): ColumnRead | undefined {
  const property = findings.read(path, value, OdcsPropertySchema);
  if (property === undefined) return undefined;
  findings.leftovers(path, property, Object.keys(OdcsPropertySchema.shape));
  const type = columnType(property);
  if (type === undefined) {
    findings.note(
      path,
      `${property.name}: ${String(property.logicalType ?? property.physicalType)} has no Iceberg primitive type`,
    );
    return undefined;
  }
  findings.leftovers(join(path, "logicalTypeOptions"), property.logicalTypeOptions ?? {}, [
    "format",
    "timezone",
  ]);
  const required = property.required ?? false;
  (property.quality ?? []).forEach((rule, index) => {
    if (!(required && isNullRateRule(rule))) {
      findings.note(
        join(join(path, "quality"), index),
        "the quality SLA checks one rule: at most 1 % nulls in a required column",
      );
    }
  });
  const tags = property.tags ?? [];
  tags.forEach((tag, index) => {
    if (tag !== "pii")
      findings.note(join(join(path, "tags"), index), "only the tag pii has a meaning here");
  });
  const custom = meshplaneProperties(
    join(path, "customProperties"),
    property.customProperties ?? [],
    findings,
  );
  const column = withoutUndefined({
    id: custom.take("fieldId"),
    name: property.name,
    type,
    required,
    doc: property.description,
    pii: tags.includes("pii"),
  });
  custom.rest();
  return {
    column,
    classification: classificationOf(property.classification, path, findings),
    partitionPosition:
      property.partitioned === true ? (property.partitionKeyPosition ?? 0) : undefined,
  };
}

function columnType(property: z.output<typeof OdcsPropertySchema>): string | undefined {
  const physical = parseIcebergType((property.physicalType ?? "").trim().toLowerCase());
  if (physical.ok) return (property.physicalType ?? "").trim().toLowerCase();
  if (property.logicalType === undefined) return undefined;
  return icebergTypeOfLogical(property.logicalType, property.logicalTypeOptions ?? {});
}

function isNullRateRule(value: unknown): boolean {
  const rule = OdcsQualityRuleSchema.safeParse(value);
  return (
    rule.success &&
    rule.data.metric === NULL_RATE_RULE.metric &&
    rule.data.unit === NULL_RATE_RULE.unit &&
    rule.data.mustBeLessOrEqualTo === NULL_RATE_RULE.mustBeLessOrEqualTo
  );
}

function classificationOf(
  value: string | undefined,
  path: string,
  findings: Findings,
): Classification | undefined {
  if (value === undefined) return undefined;
  const known = CLASSIFICATIONS.find((c) => c === value.toLowerCase());
  if (known === undefined) {
    findings.note(
      join(path, "classification"),
      `Meshplane classifies as ${CLASSIFICATIONS.join(", ")}`,
    );
  }
  return known;
}

/** A product has one classification: the strictest of its columns'. */
function strictest(
  columns: readonly ColumnRead[],
  path: string,
  findings: Findings,
): Classification | undefined {
  const found = [
    ...new Set(columns.flatMap((c) => (c.classification === undefined ? [] : [c.classification]))),
  ];
  if (found.length === 0) return undefined;
  const strictest = found.reduce((a, b) =>
    CLASSIFICATIONS.indexOf(b) > CLASSIFICATIONS.indexOf(a) ? b : a,
  );
  if (found.length > 1) {
    findings.note(
      join(path, "properties"),
      `columns are classified ${found.join(", ")}; a Meshplane product has one classification: took the strictest, ${strictest}`,
    );
  }
  return strictest;
}

/** Without Meshplane's partition spec, ODCS's partitioned columns, by position, as identity. */
function partitionFromFlags(columns: readonly ColumnRead[]): Record<string, unknown>[] {
  return columns
    .filter((c) => c.partitionPosition !== undefined)
    .sort((a, b) => (a.partitionPosition ?? 0) - (b.partitionPosition ?? 0))
    .map((c) => ({ column: c.column.name, transform: "identity" }));
}

// ─── SLA properties ──────────────────────────────────────────────────────────────────────────

interface SlaRead {
  retentionDays?: number;
  freshnessMinutes?: number;
  availabilityPercent?: number;
}

function numeric(value: number | string): number | undefined {
  if (typeof value === "number") return value;
  const parsed = Number(value.trim().replace(/%$/, ""));
  return Number.isFinite(parsed) && value.trim() !== "" ? parsed : undefined;
}

interface SlaReader {
  names: readonly string[];
  field: keyof SlaRead;
  convert: (amount: number, unit: string | undefined) => number | undefined;
}

const SLA_READERS: readonly SlaReader[] = [
  { names: SLA_PROPERTIES.retention, field: "retentionDays", convert: inDays },
  { names: SLA_PROPERTIES.freshness, field: "freshnessMinutes", convert: inMinutes },
  {
    names: SLA_PROPERTIES.availability,
    field: "availabilityPercent",
    convert: (amount, unit) => (unit === undefined || unit === "percent" ? amount : undefined),
  },
];

const SLA_KEYS = ["id", "property", "value", "unit", "description", "customProperties"];

/** Whether the entry is marked as the tier's default (then the spec leaves it out). */
function isTierDefault(
  path: string,
  entry: z.output<typeof OdcsSlaPropertySchema>,
  findings: Findings,
): boolean {
  const custom = meshplaneProperties(
    join(path, "customProperties"),
    entry.customProperties ?? [],
    findings,
  );
  const defaulted = custom.take(TIER_DEFAULT_MARKER) === true;
  custom.rest();
  return defaulted;
}

function readSla(entries: readonly unknown[], findings: Findings): SlaRead {
  const sla: SlaRead = {};
  entries.forEach((value, index) => {
    const path = join("slaProperties", index);
    const entry = findings.read(path, value, OdcsSlaPropertySchema);
    if (entry === undefined) return;
    findings.leftovers(path, entry, SLA_KEYS);
    if (isTierDefault(path, entry, findings)) return;
    const reader = SLA_READERS.find((r) => r.names.includes(entry.property.toLowerCase()));
    if (reader === undefined) {
      findings.note(path, `Meshplane's SLA has no ${entry.property}`);
      return;
    }
    const amount = numeric(entry.value);
    const converted = amount === undefined ? undefined : reader.convert(amount, entry.unit);
    if (converted !== undefined) sla[reader.field] = converted;
    else {
      const unit = entry.unit === undefined ? "" : ` ${entry.unit}`;
      findings.note(
        path,
        `${entry.property}: ${String(entry.value)}${unit} is not a value Meshplane reads`,
      );
    }
  });
  return sla;
}
