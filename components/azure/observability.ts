/**
 * Observability: a product's Log Analytics workspace and the data-access logs of its data lake.
 *
 * Every product gets it, with or without inference: the lake's blob service sends its read, write
 * and delete logs (who touched which file, from where, with which identity) to the workspace
 * (control MP-LOG-001), and the inference function's Application Insights stores its telemetry
 * there too. The workspace keeps everything 365 days, the platform's log retention on every cloud
 * (MP-LOG-002), and accepts no shared-key ingestion.
 *
 * Encryption: Microsoft-managed keys. A customer-managed key for Log Analytics needs a dedicated
 * cluster with a commitment tier of at least 100 GB a day (learn.microsoft.com/azure/azure-monitor/
 * logs/customer-managed-keys), out of proportion to one product's logs: a platform limit.
 */
import * as monitor from "@pulumi/azure-native/monitor";
import * as operationalinsights from "@pulumi/azure-native/operationalinsights";
import * as pulumi from "@pulumi/pulumi";
import { LOG_RETENTION_DAYS } from "#contract";
import type { ProductContext } from "../context";

/** The blob service's log categories: every read, write and delete of the lake's data. */
export const BLOB_ACCESS_LOG_CATEGORIES = ["StorageRead", "StorageWrite", "StorageDelete"] as const;

export interface ObservabilityArgs {
  context: ProductContext;
  resourceGroupName: pulumi.Input<string>;
  /** Defaults to the product's region (context.spec.target.region). */
  location?: string;
  /** The data lake account whose blob service logs data access. */
  dataAccountId: pulumi.Input<string>;
  /**
   * URN the workspace had before it moved here out of the InferenceFunction, so an existing
   * product keeps its workspace (and its logs) instead of replacing it.
   */
  previousWorkspaceUrn?: pulumi.Input<string>;
}

export class Observability extends pulumi.ComponentResource {
  public readonly workspaceId: pulumi.Output<string>;
  public readonly workspaceName: string;

  constructor(name: string, args: ObservabilityArgs, opts?: pulumi.ComponentResourceOptions) {
    super("meshplane:azure:Observability", name, {}, opts);
    const { context } = args;
    this.workspaceName = context.names.azure.logAnalytics;
    const workspace = new operationalinsights.Workspace(
      `${name}-logs`,
      {
        workspaceName: this.workspaceName,
        resourceGroupName: args.resourceGroupName,
        location: args.location ?? context.spec.target.region,
        sku: { name: "PerGB2018" },
        retentionInDays: LOG_RETENTION_DAYS,
        features: { disableLocalAuth: true },
        tags: context.labels,
      },
      {
        parent: this,
        ...(args.previousWorkspaceUrn === undefined
          ? {}
          : { aliases: [args.previousWorkspaceUrn] }),
      },
    );
    new monitor.DiagnosticSetting(
      `${name}-blob-access`,
      {
        name: "meshplane-blob-access",
        resourceUri: pulumi.interpolate`${args.dataAccountId}/blobServices/default`,
        workspaceId: workspace.id,
        logs: BLOB_ACCESS_LOG_CATEGORIES.map((category) => ({ category, enabled: true })),
      },
      { parent: this },
    );
    this.workspaceId = workspace.id;
    this.registerOutputs({ workspaceId: this.workspaceId, workspaceName: this.workspaceName });
  }
}
