/**
 * `deployGcp`: the GCP implementation of the DataProduct component. Builds the building blocks
 * as children of `parent` and returns the product's outputs (contract/outputs.ts).
 *
 * One provider serves every block: GCP resources take their location per resource (the backup
 * bucket and its key ring name the secondary region themselves), so `providers.secondary` is not
 * needed. The project is the primary provider's (`gcp:project`).
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

export const deployGcp: CloudDeployment = (context, parent, providers) => {
  const opts: pulumi.ComponentResourceOptions = {
    parent,
    ...(providers.primary === undefined ? {} : { provider: providers.primary }),
  };
  const storage = new IcebergStorage("storage", { context }, opts);
  // What the catalog table and the inference service both need to know about the warehouse.
  const warehouse = {
    context,
    bucket: storage.bucketName,
    placement: storage.placement,
    storageUri: storage.storageUri,
    project: storage.project,
  };
  const catalog = new CatalogRegistration("catalog", warehouse, opts);
  for (const grant of context.grants) {
    new AccessGrant(
      `grant-${grant.id}`,
      {
        context,
        grant,
        bucket: storage.bucketName,
        project: catalog.project,
        datasetId: catalog.datasetId,
        tableId: catalog.tableId,
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
          project: storage.project,
          logBucket: storage.logBucketName,
        },
        opts,
      )
    : undefined;
  const inference =
    context.spec.inference === undefined
      ? undefined
      : new InferenceFunction("inference", warehouse, opts);

  return pulumi
    .all([
      storage.storageUri,
      catalog.datasetId,
      catalog.tableId,
      catalog.metadataLocation,
      catalog.project,
      backup?.uri,
      inference?.serviceName,
      inference?.url,
    ])
    .apply(
      ([
        storageUri,
        database,
        table,
        metadataLocation,
        project,
        backupUri,
        serviceName,
        url,
      ]): DataProductOutputs => ({
        cloud: "gcp",
        region: context.spec.target.region,
        storageUri,
        catalog: {
          kind: "bigquery",
          database,
          table,
          // What BigQuery last exported (EXPORT TABLE METADATA): the catalog serves it read-only.
          metadataLocation,
          project,
          partitioning: "clustering",
          clusteredBy: [...catalog.clusteredBy],
        },
        backup:
          backup === undefined || backupUri === undefined
            ? { kind: "none" }
            : { kind: "gcs-dual-region+transfer", region: backup.location, location: backupUri },
        ...inferenceOutput(serviceName, url),
        tags: { ...context.labels },
      }),
    );
};
