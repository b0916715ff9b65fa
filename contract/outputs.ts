/**
 * What a deployed data product exposes: the DataProduct component's outputs, the body of the mesh
 * catalog registration, and what the portal shows on the product page. One schema for all three.
 */
import { z } from "zod";
import { CLOUDS } from "./regions";
import { DataProductSpec, Environment } from "./spec";

export const CatalogOutput = z.strictObject({
  kind: z
    .enum(["glue", "bigquery", "meshplane"])
    .describe("Where the Iceberg table is registered."),
  database: z.string().describe("Glue database, BigQuery dataset, or the domain for meshplane."),
  table: z.string(),
  metadataLocation: z
    .string()
    .optional()
    .describe(
      "Iceberg metadata location, when the catalog knows it: the first file (local, Azure), Glue's metadata_location (AWS), the file BigQuery's EXPORT TABLE METADATA last wrote (GCP).",
    ),
  catalogId: z
    .string()
    .optional()
    .describe(
      "Glue Data Catalog id (the AWS account id): the warehouse of Glue's Iceberg REST endpoint, where an AWS table's commits go.",
    ),
  project: z
    .string()
    .optional()
    .describe(
      "GCP project of the BigQuery table: the project BigLake's Iceberg REST catalog bills (header x-goog-user-project), where a GCP table's writes go.",
    ),
  partitioning: z
    .enum(["iceberg", "clustering", "engine"])
    .optional()
    .describe(
      "How the spec's partition spec is applied (every cloud states it; outputs registered before it existed have none): iceberg = the table's Iceberg metadata carries it (Glue, Azure, the local target); clustering = the catalog clusters by the partition and sort columns instead (BigQuery: BigLake Iceberg partitioning is in preview); engine = no managed catalog applies it, the writing engine does, from the spec in the Meshplane catalog (Azure outputs registered before Meshplane wrote Azure tables' metadata).",
    ),
  clusteredBy: z
    .array(z.string())
    .optional()
    .describe("The clustering columns, when partitioning is clustering."),
  restCatalog: z
    .strictObject({
      uri: z.string().describe("The Iceberg REST catalog URI engines configure."),
      namespace: z.array(z.string()),
      table: z.string(),
    })
    .optional()
    .describe(
      "Where engines find the table through Meshplane's Iceberg REST catalog, set once a deployment registered it there: local and Azure tables (read and committed through Meshplane), AWS and GCP tables (read-only; LoadTableResult.config names Glue's or BigLake's endpoint for writes). GCP tables deployed before their metadata was exported are listed there but not loadable, and have none.",
    ),
});
export type CatalogOutput = z.infer<typeof CatalogOutput>;

export const BackupOutput = z.strictObject({
  kind: z
    .enum(["none", "s3-replication+aws-backup", "azure-backup-vault", "gcs-dual-region+transfer"])
    .describe("How the product's data is protected beyond versioning."),
  region: z.string().optional().describe("Region holding the geo copy."),
  location: z.string().optional().describe("URI or resource id of the copy / vault."),
});
export type BackupOutput = z.infer<typeof BackupOutput>;

export const InferenceOutput = z.strictObject({
  name: z.string(),
  endpointUrl: z.string().optional().describe("HTTP endpoint, when the http trigger is on."),
});
export type InferenceOutput = z.infer<typeof InferenceOutput>;

export const DataProductOutputs = z.strictObject({
  cloud: z.enum(CLOUDS),
  region: z.string(),
  storageUri: z.string().regex(
    // eslint-disable-next-line no-control-regex -- NUL excluded on purpose: PostgreSQL stores none
    /^(s3|abfss|gs|file):\/\/[^\u0000]*$/,
    "a storage URI is s3://, abfss://, gs:// or file://",
  ),
  catalog: CatalogOutput,
  backup: BackupOutput,
  inference: InferenceOutput.optional(),
  tags: z.record(z.string(), z.string()),
});
export type DataProductOutputs = z.infer<typeof DataProductOutputs>;

/**
 * Body of `PUT /api/v1/catalog/products/{domain}/{name}`: what the mesh-catalog resource in each
 * stack sends on create and update; refused (409) while another stack's registration is live.
 * `DELETE` on the same path (`?stack=<stack>`, no body) marks the product decommissioned if that
 * stack registered it (data stores are retained by the components).
 */
export const CatalogRegistration = z.strictObject({
  environment: Environment,
  stack: z.string().min(1).describe("Pulumi stack that owns the product."),
  spec: DataProductSpec,
  outputs: DataProductOutputs,
});
export type CatalogRegistration = z.infer<typeof CatalogRegistration>;
export type CatalogRegistrationInput = z.input<typeof CatalogRegistration>;

export function catalogProductPath(domain: string, name: string): string {
  return `/api/v1/catalog/products/${encodeURIComponent(domain)}/${encodeURIComponent(name)}`;
}
