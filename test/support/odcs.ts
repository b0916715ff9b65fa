/**
 * The example specs as the portal will store and export them: a version, column ids filled in,
 * and outputs shaped like each cloud's deployment (names from the contract's naming rules), so
 * exports carry a server.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2019 } from "ajv/dist/2019.js";
import addFormats from "ajv-formats";
import {
  resourceNames,
  toOdcs,
  withColumnIds,
  type DataProductOutputs,
  type DataProductSpec,
  type OdcsContract,
} from "#contract";
import { loadExampleSpecs } from "#contract/examples";

export const ENVIRONMENT = "prod";

/** What a deployment of `spec` to `environment` registers (the components' table path). */
export function deployedOutputs(spec: DataProductSpec): DataProductOutputs {
  const names = resourceNames({ domain: spec.domain, name: spec.name, environment: ENVIRONMENT });
  const table = `iceberg/${spec.name}`;
  const base = {
    cloud: spec.target.cloud,
    region: spec.target.region,
    backup: { kind: "none" as const },
    tags: {},
  };
  switch (spec.target.cloud) {
    case "aws":
      return {
        ...base,
        storageUri: `s3://${names.aws.warehouseBucket}/${table}`,
        catalog: { kind: "glue", database: names.aws.glueDatabase, table: names.aws.glueTable },
      };
    case "azure":
      return {
        ...base,
        storageUri: `abfss://${names.azure.container}@${names.azure.storageAccount}.dfs.core.windows.net/${table}`,
        catalog: { kind: "meshplane", database: spec.domain, table: spec.name },
      };
    case "gcp":
      return {
        ...base,
        storageUri: `gs://${names.gcp.warehouseBucket}/${table}`,
        catalog: {
          kind: "bigquery",
          database: names.gcp.bigqueryDataset,
          table: names.gcp.bigqueryTable,
        },
      };
    case "local":
      return {
        ...base,
        storageUri: `file:///var/lib/meshplane/${names.local.warehousePath}`,
        catalog: { kind: "meshplane", database: spec.domain, table: spec.name },
      };
  }
}

/** An example as a stored version: with its version and every column's field id. */
export function storedVersion(spec: DataProductSpec, version = "1.4.0"): DataProductSpec {
  return {
    ...spec,
    version,
    table: { ...spec.table, columns: withColumnIds(spec.table.columns).columns },
  };
}

export interface ExampleExport {
  file: string;
  spec: DataProductSpec;
  contract: OdcsContract;
}

/** Every example, stored and deployed, as the ODCS contract the API will serve. */
export function exampleExports(): ExampleExport[] {
  return loadExampleSpecs().map(({ file, spec }) => {
    const stored = storedVersion(spec);
    const deployment = { environment: ENVIRONMENT, outputs: deployedOutputs(stored) };
    return { file, spec: stored, contract: toOdcs(stored, { status: "active", deployment }) };
  });
}

const SCHEMA_FILE = join(import.meta.dirname, "../fixtures/odcs/odcs-json-schema-v3.2.0.json");

/** A validator of the vendored ODCS v3.2.0 JSON Schema. */
export function odcsValidator() {
  const ajv = new Ajv2019({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(SCHEMA_FILE, "utf8")) as object);
}
