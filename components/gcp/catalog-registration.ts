/**
 * CatalogRegistration (`meshplane:gcp:CatalogRegistration`): the product's BigLake Iceberg table
 * in BigQuery.
 *
 * - The domain's dataset is looked up, never created here (see DomainCatalog for why): a missing
 *   dataset fails with a message naming the DomainCatalog component; a dataset whose location
 *   cannot read the bucket fails before anything is created. Pass `dataset` to use one created in
 *   the same program instead of the lookup.
 * - A BigQuery Cloud resource connection (`cloudResource {}`) in the dataset's location: its
 *   service account is the identity BigQuery uses for the bucket. It gets Storage Object User
 *   and Storage Legacy Bucket Reader on THIS bucket only: BigQuery writes, compacts and
 *   garbage-collects the table's files itself, so it needs create and delete, not just read
 *   (https://cloud.google.com/bigquery/docs/create-lakehouse-iceberg-rest-catalog-tables). No KMS
 *   role: Cloud Storage's service agent does all CMEK encryption and decryption.
 * - A BigLake Iceberg table (`biglakeConfiguration`: PARQUET files, ICEBERG metadata, the
 *   product's storage URI) with the schema mapped from the Iceberg columns, clustering standing in
 *   for the partition spec and sort order, and deletion protection. It is retained on delete
 *   (and protected for gold): deleting a managed table lets BigQuery garbage-collect its files.
 *   The partition spec itself is not applied: BigLake Iceberg tables list table partitioning as
 *   Preview (docs.cloud.google.com/biglake/docs/biglake-iceberg-tables-in-bigquery), and BigQuery
 *   partitions by one date/time column or an integer range only (no identity, bucket or
 *   truncate). The product's outputs say so (`catalog.partitioning: "clustering"` with the
 *   columns), and so does docs/components/gcp.md. Once partitioning is GA, the first
 *   year/month/day/hour field maps to `timePartitioning`.
 * - BigQueryTableMetadata (table-metadata.ts): BigQuery exports the table's Iceberg metadata
 *   (`EXPORT TABLE METADATA`) after the create and after every schema change, and the newest
 *   exported file is `metadataLocation`, which Meshplane's catalog serves read-only.
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { checkContextCloud, dataStoreOptions, requireArg } from "../checks";
import type { ProductContext } from "../context";
import { bigQuerySchema, clusteringColumns } from "./planning/bigquery-schema";
import { ROLES, serviceAccountMember } from "./planning/iam";
import { datasetCanReadBucket, type StoragePlacement } from "./planning/locations";
import { resolveProject } from "./project";
import { BigQueryTableMetadata } from "./table-metadata";

export interface CatalogDatasetRef {
  datasetId: pulumi.Input<string>;
  location: pulumi.Input<string>;
}

export interface CatalogRegistrationArgs {
  context: ProductContext;
  /** Name of the warehouse bucket holding the table. */
  bucket: pulumi.Input<string>;
  /** Where that bucket keeps data (IcebergStorage.placement). */
  placement: StoragePlacement;
  /** Folder URI of the table, `gs://<bucket>/<path>` (IcebergStorage.storageUri). */
  storageUri: pulumi.Input<string>;
  /** Use this dataset instead of looking up the domain's dataset by its derived name. */
  dataset?: CatalogDatasetRef;
  /** GCP project; defaults to the provider's project (`gcp:project`). */
  project?: pulumi.Input<string>;
}

function missingDatasetMessage(datasetId: string, context: ProductContext): string {
  return (
    `CatalogRegistration: BigQuery dataset ${datasetId} of domain ${context.spec.domain} (${context.environment}) was not found. ` +
    `It is owned by the domain, not by a product: deploy the DomainCatalog component (meshplane:gcp:DomainCatalog) ` +
    `for domain "${context.spec.domain}" and environment "${context.environment}" once, then deploy this product again.`
  );
}

/**
 * Looks up the domain's dataset (created by DomainCatalog). A missing dataset fails with a
 * message that says which component creates it.
 */
export async function lookupDomainDataset(
  context: ProductContext,
  project: string,
  opts: pulumi.InvokeOptions,
): Promise<{ datasetId: string; location: string }> {
  const datasetId = context.names.gcp.bigqueryDataset;
  try {
    const found = await gcp.bigquery.getDataset({ datasetId, project }, opts);
    return { datasetId: found.datasetId, location: found.location };
  } catch (error) {
    throw new Error(missingDatasetMessage(datasetId, context), { cause: error });
  }
}

/** Fails unless a dataset in `location` can hold a table over data placed so. */
export function checkDatasetLocation(
  datasetId: string,
  location: string,
  placement: StoragePlacement,
): string {
  if (!datasetCanReadBucket(location, placement)) {
    throw new Error(
      `CatalogRegistration: dataset ${datasetId} is in ${location}, which cannot read bucket data in ${placement.regions.join(" + ")}; ` +
        "BigQuery needs the bucket in the dataset's region or multi-region",
    );
  }
  return location;
}

export class CatalogRegistration extends pulumi.ComponentResource {
  readonly datasetId: pulumi.Output<string>;
  readonly datasetLocation: pulumi.Output<string>;
  readonly connection: gcp.bigquery.Connection;
  /** Email of the connection's service account. */
  readonly connectionServiceAccount: pulumi.Output<string>;
  readonly table: gcp.bigquery.Table;
  readonly tableId: pulumi.Output<string>;
  /**
   * The columns BigQuery clusters by, standing in for the Iceberg partition spec and sort order
   * (planning/bigquery-schema.ts `clusteringColumns`); the product's outputs name them.
   */
  readonly clusteredBy: readonly string[];
  readonly project: pulumi.Output<string>;
  /** Exports the table's Iceberg metadata after the create and every schema change. */
  readonly metadata: BigQueryTableMetadata;
  /** gs:// URI of the newest metadata file BigQuery exported. */
  readonly metadataLocation: pulumi.Output<string>;

  constructor(name: string, args: CatalogRegistrationArgs, opts?: pulumi.ComponentResourceOptions) {
    checkContextCloud(args.context, "CatalogRegistration", "gcp");
    const { context } = args;
    requireArg(args.bucket, "CatalogRegistration", "bucket");
    requireArg(args.storageUri, "CatalogRegistration", "storageUri");
    requireArg(args.placement, "CatalogRegistration", "placement");
    const schema = bigQuerySchema(context.spec.table);
    const clustering = clusteringColumns(context.spec.table);
    super("meshplane:gcp:CatalogRegistration", name, {}, opts);

    this.clusteredBy = clustering;
    this.project = resolveProject(args.project, this);
    const datasetId = context.names.gcp.bigqueryDataset;
    const dataset =
      args.dataset === undefined
        ? this.project.apply((project) => lookupDomainDataset(context, project, { parent: this }))
        : pulumi.output(args.dataset);
    this.datasetId = dataset.datasetId;
    this.datasetLocation = dataset.location.apply((location) =>
      checkDatasetLocation(datasetId, location, args.placement),
    );

    this.connection = new gcp.bigquery.Connection(
      `${name}-connection`,
      {
        connectionId: context.names.gcp.bigLakeConnection,
        project: this.project,
        location: this.datasetLocation,
        friendlyName: `${context.spec.domain}/${context.spec.name} BigLake`,
        description: `Meshplane: BigQuery access to the Iceberg table of ${context.spec.domain}/${context.spec.name}`,
        cloudResource: {},
      },
      { parent: this },
    );
    this.connectionServiceAccount = this.connection.cloudResource.apply((resource) => {
      if (resource === undefined) throw new Error("the BigLake connection has no service account");
      return resource.serviceAccountId;
    });
    const member = this.connectionServiceAccount.apply(serviceAccountMember);
    const grants = [
      { suffix: "objects", role: ROLES.objectUser },
      { suffix: "bucket", role: ROLES.legacyBucketReader },
    ];
    const iam = grants.map(
      ({ suffix, role }) =>
        new gcp.storage.BucketIAMMember(
          `${name}-connection-${suffix}`,
          { bucket: args.bucket, role, member },
          { parent: this },
        ),
    );

    this.table = new gcp.bigquery.Table(
      `${name}-table`,
      {
        project: this.project,
        datasetId: this.datasetId,
        tableId: context.names.gcp.bigqueryTable,
        description: context.spec.description,
        friendlyName: context.spec.displayName,
        schema: JSON.stringify(schema),
        ...(clustering.length > 0 ? { clusterings: clustering } : {}),
        biglakeConfiguration: {
          connectionId: this.connection.id,
          storageUri: pulumi.interpolate`${args.storageUri}/`,
          fileFormat: "PARQUET",
          tableFormat: "ICEBERG",
        },
        deletionProtection: true,
        labels: context.labels,
      },
      { parent: this, dependsOn: iam, ...dataStoreOptions(context.policy) },
    );
    this.tableId = this.table.tableId;
    // The table's outputs as applied (after an update), so the export sees the new schema.
    this.metadata = new BigQueryTableMetadata(
      `${name}-metadata`,
      {
        project: this.table.project,
        datasetId: this.table.datasetId,
        tableId: this.table.tableId,
        location: this.datasetLocation,
        storageUri: args.storageUri,
        schema: this.table.schema,
      },
      { parent: this, dependsOn: [this.table] },
    );
    this.metadataLocation = this.metadata.metadataLocation;
    this.registerOutputs({
      datasetId: this.datasetId,
      tableId: this.tableId,
      connectionId: this.connection.id,
      connectionServiceAccount: this.connectionServiceAccount,
      metadataLocation: this.metadataLocation,
    });
  }
}
