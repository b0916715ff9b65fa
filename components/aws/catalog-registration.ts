/**
 * CatalogRegistration (`meshplane:aws:CatalogRegistration`): the product's Iceberg table in the
 * Glue Data Catalog.
 *
 * - The domain's Glue database is looked up, never created here (see DomainCatalog for why),
 *   through Cloud Control (`AWS::Glue::Database`; the provider has no Glue database data
 *   source). A missing database fails with a message naming the DomainCatalog component. Pass
 *   `database` to use one created in the same program instead.
 * - A Glue table in Iceberg format: `openTableFormatInput.icebergInput` with metadataOperation
 *   CREATE (Glue writes the first metadata file) and version "2", and an `icebergTableInput` on
 *   the warehouse location with the Iceberg schema, partition spec and sort order mapped from the
 *   spec (planning/glue-schema.ts). No storage descriptor, table type, owner or description:
 *   those are TableInput fields, and Glue refuses a create that carries table metadata both in
 *   TableInput and in IcebergTableInput; it derives the storage descriptor (columns, location)
 *   from the Iceberg metadata it writes.
 * - Later schema, partition and sort changes reach the Iceberg metadata through
 *   GlueTableMetadata (table-metadata.ts): a new metadata version written next to the table,
 *   built on the current one (field ids kept, new columns above `last-column-id`), and Glue's
 *   `metadata_location` moved with `VersionId` as the optimistic check. So the Glue table ignores
 *   changes of `openTableFormatInput` (`ignoreChanges`): its create input describes the first
 *   version only, and the provider's own update of it (UpdateTable with an
 *   UpdateIcebergTableInput of the spec's schema, in recent provider versions; TableInput only
 *   in older ones) would bypass the current metadata an engine may have committed.
 * - Retained on delete (protected for gold): the table holds the pointer to the current Iceberg
 *   metadata file; dropping it orphans the table's history.
 *
 * Glue tables take no tags (the provider has no `tags` argument for them); the database does.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { checkContextCloud, dataStoreOptions, requireArg } from "../checks";
import type { ProductContext } from "../context";
import { icebergTableInput, tableProperties } from "../local/table-input";
import {
  icebergPartitionFields,
  icebergSchemaFields,
  icebergSortFields,
} from "./planning/glue-schema";
import { GlueTableMetadata } from "./table-metadata";

export interface CatalogRegistrationArgs {
  context: ProductContext;
  /** Folder URI of the table, `s3://<bucket>/<path>` (IcebergStorage.storageUri). */
  storageUri: pulumi.Input<string>;
  /** Use this Glue database instead of looking up the domain's database by its derived name. */
  database?: pulumi.Input<string>;
}

export function missingDatabaseMessage(databaseName: string, context: ProductContext): string {
  return (
    `CatalogRegistration: Glue database ${databaseName} of domain ${context.spec.domain} (${context.environment}) ` +
    `was not found in ${context.spec.target.region}. It is owned by the domain, not by a product: deploy the ` +
    `DomainCatalog component (meshplane:aws:DomainCatalog) for domain "${context.spec.domain}", environment ` +
    `"${context.environment}" and region "${context.spec.target.region}" once, then deploy this product again.`
  );
}

const GLUE_DATABASE_TYPE = "AWS::Glue::Database";

/** The part of the Cloud Control model of AWS::Glue::Database this component reads. */
const GlueDatabaseModel = z.object({ DatabaseName: z.string().min(1) });

/** Looks up the domain's database; a missing one fails naming the component that creates it. */
export async function lookupDomainDatabase(
  context: ProductContext,
  opts: pulumi.InvokeOptions,
): Promise<string> {
  const databaseName = context.names.aws.glueDatabase;
  let properties: string;
  try {
    const found = await aws.cloudcontrol.getResource(
      {
        typeName: GLUE_DATABASE_TYPE,
        identifier: databaseName,
        region: context.spec.target.region,
      },
      opts,
    );
    properties = found.properties;
  } catch (error) {
    throw new Error(missingDatabaseMessage(databaseName, context), { cause: error });
  }
  const model = GlueDatabaseModel.safeParse(JSON.parse(properties));
  if (!model.success) {
    throw new Error(
      `CatalogRegistration: Cloud Control returned ${GLUE_DATABASE_TYPE} ${databaseName} without a DatabaseName`,
    );
  }
  return model.data.DatabaseName;
}

export class CatalogRegistration extends pulumi.ComponentResource {
  readonly databaseName: pulumi.Output<string>;
  readonly table: aws.glue.CatalogTable;
  readonly tableName: pulumi.Output<string>;
  /** The Glue Data Catalog id (the account id): the warehouse of Glue's Iceberg REST endpoint. */
  readonly catalogId: pulumi.Output<string>;
  /** Keeps the table's Iceberg metadata in step with the spec after the create. */
  readonly metadata: GlueTableMetadata;
  /** The table's current Iceberg metadata file (Glue's `metadata_location`). */
  readonly metadataLocation: pulumi.Output<string | undefined>;

  constructor(name: string, args: CatalogRegistrationArgs, opts?: pulumi.ComponentResourceOptions) {
    checkContextCloud(args.context, "CatalogRegistration", "aws");
    requireArg(args.storageUri, "CatalogRegistration", "storageUri");
    const { context } = args;
    const table = context.spec.table;
    const schemaFields = icebergSchemaFields(table);
    const partitionFields = icebergPartitionFields(table);
    const sortFields = icebergSortFields(table);
    const properties = tableProperties(context);
    super("meshplane:aws:CatalogRegistration", name, {}, opts);

    this.databaseName =
      args.database === undefined
        ? pulumi.output(lookupDomainDatabase(context, { parent: this }))
        : pulumi.output(args.database);
    const region = context.spec.target.region;
    const location = pulumi.output(args.storageUri);

    this.table = new aws.glue.CatalogTable(
      `${name}-table`,
      {
        name: context.names.aws.glueTable,
        databaseName: this.databaseName,
        region,
        openTableFormatInput: {
          icebergInput: {
            metadataOperation: "CREATE",
            version: "2",
            icebergTableInput: {
              location,
              schema: { schemaId: 0, type: "struct", fields: schemaFields },
              ...(partitionFields.length > 0
                ? { partitionSpec: { specId: 0, fields: partitionFields } }
                : {}),
              ...(sortFields.length > 0 ? { sortOrder: { orderId: 1, fields: sortFields } } : {}),
              ...(Object.keys(properties).length > 0 ? { properties } : {}),
            },
          },
        },
      },
      {
        parent: this,
        ...dataStoreOptions(context.policy),
        // The first version only: every later one is GlueTableMetadata's (see the file comment).
        ignoreChanges: ["openTableFormatInput"],
      },
    );
    this.tableName = this.table.name;
    this.catalogId = this.table.catalogId;
    this.metadata = new GlueTableMetadata(
      `${name}-metadata`,
      {
        region,
        databaseName: this.table.databaseName,
        tableName: this.table.name,
        location,
        table: icebergTableInput(table, properties),
      },
      { parent: this, dependsOn: [this.table] },
    );
    this.metadataLocation = this.metadata.metadataLocation;
    this.registerOutputs({
      databaseName: this.databaseName,
      tableName: this.tableName,
      catalogId: this.catalogId,
      metadataLocation: this.metadataLocation,
    });
  }
}
