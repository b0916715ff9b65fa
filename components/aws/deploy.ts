/**
 * `deployAws`: the AWS implementation of the DataProduct component. Builds the building blocks
 * as children of `parent` and returns the product's outputs (contract/outputs.ts).
 *
 * Providers are explicit: `providers.primary` (or a provider pinned to spec.target.region that
 * this function creates) for everything in the primary region, `providers.secondary` (or one
 * GeoBackup pins to the secondary region) for the gold replica and its vault.
 */
import * as pulumi from "@pulumi/pulumi";
import type { DataProductOutputs } from "#contract";
import { inferenceOutput } from "../inference";
import type { CloudDeployment } from "../types";
import { AccessGrant } from "./access-grant";
import { CatalogRegistration } from "./catalog-registration";
import { GeoBackup } from "./geo-backup";
import { IcebergStorage } from "./iceberg-storage";
import { InferenceFunction } from "./inference-function";
import { regionProvider } from "./providers";

export const deployAws: CloudDeployment = (context, parent, providers) => {
  const region = context.spec.target.region;
  const primary = providers.primary ?? regionProvider(`aws-${region}`, region, { parent });
  const opts: pulumi.ComponentResourceOptions = { parent, provider: primary };
  const storage = new IcebergStorage("storage", { context }, opts);
  const catalog = new CatalogRegistration(
    "catalog",
    { context, storageUri: storage.storageUri },
    opts,
  );
  for (const grant of context.grants) {
    new AccessGrant(
      `grant-${grant.id}`,
      {
        context,
        grant,
        bucketArn: storage.bucketArn,
        kmsKeyArn: storage.kmsKeyArn,
        databaseName: catalog.databaseName,
        tableName: catalog.tableName,
      },
      opts,
    );
  }
  const backup = context.policy.geoBackup
    ? new GeoBackup(
        "backup",
        {
          context,
          sourceBucket: storage.bucketName,
          sourceBucketArn: storage.bucketArn,
          sourceKeyArn: storage.kmsKeyArn,
          sourceVersioning: storage.versioning,
          ...(providers.secondary === undefined ? {} : { secondaryProvider: providers.secondary }),
        },
        opts,
      )
    : undefined;
  const inference =
    context.spec.inference === undefined
      ? undefined
      : new InferenceFunction(
          "inference",
          {
            context,
            bucket: storage.bucketName,
            bucketArn: storage.bucketArn,
            tablePath: storage.tablePath,
            kmsKeyArn: storage.kmsKeyArn,
            storageUri: storage.storageUri,
            bucketReady: storage.ready,
          },
          opts,
        );

  return pulumi
    .all([
      storage.storageUri,
      catalog.databaseName,
      catalog.tableName,
      catalog.metadataLocation,
      catalog.catalogId,
      backup?.replicaUri,
      inference?.functionName,
      inference?.url,
    ])
    .apply(
      ([
        storageUri,
        database,
        table,
        metadataLocation,
        catalogId,
        replicaUri,
        functionName,
        url,
      ]): DataProductOutputs => ({
        cloud: "aws",
        region,
        storageUri,
        catalog: {
          kind: "glue",
          database,
          table,
          ...(metadataLocation === undefined ? {} : { metadataLocation }),
          catalogId,
          // The Glue Iceberg table is created with the spec's partition spec (MP-CAT-001).
          partitioning: "iceberg",
        },
        backup:
          backup === undefined || replicaUri === undefined
            ? { kind: "none" }
            : { kind: "s3-replication+aws-backup", region: backup.region, location: replicaUri },
        ...inferenceOutput(functionName, url),
        tags: { ...context.labels },
      }),
    );
};
