/**
 * A spec as an ODCS v3 data contract. Everything with an ODCS home goes there: the table as a
 * schema object whose properties carry the Iceberg type (physicalType) and its logical type,
 * required, classification, description and the quality SLA's null-rate rule; owners as `team`;
 * retention, freshness (latency) and availability as SLA properties; where a deployment put the
 * data as a server. The rest (tier, target, lifecycle, inference, inputs, RPO, RTO, partitioning,
 * sort order, field ids) goes into custom properties of vendor `meshplane`, so odcs-import.ts gives
 * back the very same spec.
 */
import { parseIcebergType } from "./iceberg";
import {
  MESHPLANE_VENDOR,
  NULL_RATE_RULE,
  ODCS_API_VERSION,
  TIER_DEFAULT_MARKER,
  logicalTypeOf,
  type OdcsContract,
  type OdcsCustomProperty,
  type OdcsProperty,
  type OdcsServer,
  type OdcsSlaProperty,
  type OdcsValue,
} from "./odcs";
import type { DataProductOutputs } from "./outputs";
import { effectiveRetention, productRef, type DataProductSpec } from "./spec";
import type { ColumnSpec, TableSpec } from "./table";

export interface OdcsExportOptions {
  /** The contract's version; defaults to the spec's own `version`. One of the two is needed. */
  version?: string;
  /** ODCS status: proposed, draft, active, deprecated or retired. */
  status?: string;
  /** Where a deployment put the product: becomes the contract's server. */
  deployment?: { environment: string; outputs: DataProductOutputs };
}

function custom(property: string, value: OdcsValue): OdcsCustomProperty {
  return { property, value, vendor: MESHPLANE_VENDOR };
}

/** JSON data as ODCS values (zod's parsed spec is plain JSON data). */
function asValue(value: unknown): OdcsValue {
  return JSON.parse(JSON.stringify(value)) as OdcsValue;
}

export function toOdcs(spec: DataProductSpec, options: OdcsExportOptions = {}): OdcsContract {
  const version = options.version ?? spec.version;
  if (version === undefined) {
    throw new Error("an ODCS contract needs a version: pass one or set the spec's version");
  }
  const tags = Object.entries(spec.tags).map(([key, value]) => `${key}:${value}`);
  return {
    apiVersion: ODCS_API_VERSION,
    kind: "DataContract",
    id: productRef(spec),
    version,
    status: options.status ?? "draft",
    name: spec.displayName,
    domain: spec.domain,
    dataProduct: spec.name,
    description: { purpose: spec.description },
    ...(tags.length > 0 ? { tags } : {}),
    team: {
      name: spec.owners.team,
      members: spec.owners.emails.map((username) => ({ username, role: "owner" })),
    },
    schema: [
      {
        name: spec.name,
        logicalType: "object",
        physicalType: "table",
        properties: spec.table.columns.map((column) => property(column, spec)),
        customProperties: tableCustomProperties(spec.table),
      },
    ],
    slaProperties: slaProperties(spec),
    ...(options.deployment === undefined ? {} : { servers: [server(options.deployment)] }),
    customProperties: customProperties(spec),
  };
}

function property(column: ColumnSpec, spec: DataProductSpec): OdcsProperty {
  const parsed = parseIcebergType(column.type);
  if (!parsed.ok) throw new Error(`column ${column.name}: ${parsed.reason}`);
  const { logicalType, options } = logicalTypeOf(parsed.value);
  const position = spec.table.partitionSpec.findIndex((field) => field.column === column.name);
  return {
    name: column.name,
    logicalType,
    ...(options === undefined ? {} : { logicalTypeOptions: options }),
    physicalType: column.type,
    required: column.required,
    ...(column.doc === undefined ? {} : { description: column.doc }),
    classification: spec.classification,
    ...(column.pii ? { tags: ["pii"] } : {}),
    ...(position === -1 ? {} : { partitioned: true, partitionKeyPosition: position + 1 }),
    ...(column.required ? { quality: [{ ...NULL_RATE_RULE }] } : {}),
    ...(column.id === undefined ? {} : { customProperties: [custom("fieldId", column.id)] }),
  };
}

/** Iceberg's transforms have no ODCS home (`partitioned` says only which columns). */
function tableCustomProperties(table: TableSpec): OdcsCustomProperty[] {
  return [
    ...(table.partitionSpec.length > 0
      ? [custom("partitionSpec", asValue(table.partitionSpec))]
      : []),
    ...(table.sortOrder.length > 0 ? [custom("sortOrder", asValue(table.sortOrder))] : []),
  ];
}

function slaProperties(spec: DataProductSpec): OdcsSlaProperty[] {
  const { retentionDays } = effectiveRetention(spec);
  const defaulted = spec.retentionDays === undefined;
  return [
    {
      property: "retention",
      value: retentionDays,
      unit: "d",
      description: defaulted
        ? `Data is kept ${retentionDays} days (the ${spec.tier} tier's default).`
        : `Data is kept ${retentionDays} days.`,
      ...(defaulted ? { customProperties: [custom(TIER_DEFAULT_MARKER, true)] } : {}),
    },
    {
      property: "latency",
      value: spec.sla.freshnessMinutes,
      unit: "min",
      description: "The newest data is at most this old.",
    },
    {
      property: "availability",
      value: spec.sla.availabilityPercent,
      unit: "percent",
      description: "Share of time the product's endpoints answer.",
    },
  ];
}

function customProperties(spec: DataProductSpec): OdcsCustomProperty[] {
  return [
    custom("tier", spec.tier),
    custom("target", asValue(spec.target)),
    custom("rpoMinutes", spec.sla.rpoMinutes),
    custom("rtoMinutes", spec.sla.rtoMinutes),
    ...(spec.lifecycle === undefined ? [] : [custom("lifecycle", asValue(spec.lifecycle))]),
    ...(spec.inference === undefined ? [] : [custom("inference", asValue(spec.inference))]),
    ...(spec.inputs.length === 0 ? [] : [custom("inputs", spec.inputs)]),
  ];
}

function server({
  environment,
  outputs,
}: NonNullable<OdcsExportOptions["deployment"]>): OdcsServer {
  const { catalog } = outputs;
  const common = {
    server: environment,
    environment,
    description: `Iceberg table in ${outputs.region}, catalogued in ${catalog.kind} as ${catalog.database}.${catalog.table}`,
    format: "iceberg" as const,
    customProperties: [custom("catalog", asValue(catalog))],
  };
  switch (outputs.cloud) {
    case "aws":
      return { ...common, type: "s3", location: outputs.storageUri };
    case "azure":
      return { ...common, type: "azure", location: outputs.storageUri };
    case "gcp":
      // ODCS's bigquery server needs the GCP project, which a product's outputs do not name.
      return { ...common, type: "custom", location: outputs.storageUri, region: outputs.region };
    case "local":
      return {
        ...common,
        type: "local",
        path: decodeURIComponent(new URL(outputs.storageUri).pathname),
      };
  }
}
