/**
 * Plan previews end to end: the preview child builds DataProduct under mocks for one example per
 * target and runs that cloud's mesh policies. Exact resource types (sorted, with repeats), the
 * resources kept on deletion, and every control's outcome.
 */
import { describe, expect, it } from "vitest";
import { projectDir } from "#config";
import type { PreviewOutcome } from "#core/plan-result";
import { runPreview } from "#workflow/plan-preview";
import { CONTROL_IDS } from "#components/policy/controls";
import { exampleInput, variant } from "../../support/specs";

const PROJECT_DIR = projectDir();

function preview(spec: unknown, timeoutMs?: number): Promise<PreviewOutcome> {
  return runPreview(
    { spec, environment: "prod", catalogUrl: "http://localhost:3000" },
    { projectDir: PROJECT_DIR, ...(timeoutMs === undefined ? {} : { timeoutMs }) },
  );
}

async function ready(spec: unknown) {
  const outcome = await preview(spec);
  if (!outcome.ok) throw new Error(outcome.error);
  const custom = outcome.resources.filter((r) => r.custom);
  return {
    types: custom.map((r) => r.type).sort(),
    kept: outcome.resources
      .filter((r) => r.protect || r.retainOnDelete)
      .map((r) => `${r.name}:${r.protect ? "protect" : ""}${r.retainOnDelete ? "+retain" : ""}`),
    policies: outcome.policies.map((p) => `${p.controlId}:${p.outcome}`),
    roots: outcome.resources.filter((r) => r.parent === null).map((r) => r.type),
  };
}

const twice = (type: string) => [type, type];
const CATALOG_ENTRY = "pulumi-nodejs:dynamic/meshplane/catalog:MeshCatalogEntry";
const AZURE_TABLE_METADATA = "pulumi-nodejs:dynamic/meshplane/azure:IcebergTableMetadata";
const passes = (controls: string[]) => controls.map((control) => `${control}:pass`);
const notApplicable = (controls: string[]) =>
  controls.map((control) => `${control}:not-applicable`);

/** The policy list's order: azure.ts lists these after the first ten. */
const AZURE_ORDER = [
  "MP-ENC-001",
  "MP-NET-001",
  "MP-TLS-001",
  "MP-VER-001",
  "MP-LIF-001",
  "MP-GEO-001",
  "MP-KEY-001",
  "MP-LBL-001",
  "MP-IAM-001",
  "MP-FN-001",
  "MP-KEY-002",
  "MP-NET-002",
  "MP-DLQ-001",
  "MP-TRC-001",
  "MP-MON-001",
  "MP-LOG-002",
  "MP-LIF-002",
  "MP-BAK-001",
  "MP-BAK-002",
  "MP-IAM-002",
  "MP-LOG-001",
  "MP-ACC-001",
  "MP-ACC-002",
];

/** ADLS Gen2 has no point-in-time restore and Azure no managed Iceberg catalog: platform limits. */
const AZURE_POLICIES = [...passes(AZURE_ORDER), ...notApplicable(["MP-PITR-001", "MP-CAT-001"])];

/** A hardened bucket's side resources, retained with it. */
const hardening = (bucket: string) =>
  ["public-access-block", "ownership", "versioning", "encryption", "tls-only"].map(
    (part) => `${bucket}-${part}:+retain`,
  );

describe("plan preview", () => {
  it("plans a gold confidential AWS product: buckets, keys, replication, backup, Glue table", async () => {
    const plan = await ready(exampleInput("customer-events.yaml"));
    expect(plan.roots).toEqual(["meshplane:index:DataProduct"]);
    // Each bucket (warehouse, replica) with its access-log bucket (a bucket, its hardening, its
    // lifecycle) and the logging between them; both vaults locked.
    const bucketParts = (times: number) =>
      [
        "aws:s3/bucket:Bucket",
        "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
        "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
        "aws:s3/bucketPolicy:BucketPolicy",
        "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        "aws:s3/bucketVersioning:BucketVersioning",
      ].flatMap((type) => Array<string>(times).fill(type));
    expect(plan.types).toEqual(
      [
        "aws:backup/plan:Plan",
        "aws:backup/selection:Selection",
        ...twice("aws:backup/vault:Vault"),
        ...twice("aws:backup/vaultLockConfiguration:VaultLockConfiguration"),
        "aws:glue/catalogTable:CatalogTable",
        ...twice("aws:iam/role:Role"),
        "aws:iam/rolePolicy:RolePolicy",
        ...twice("aws:iam/rolePolicyAttachment:RolePolicyAttachment"),
        ...twice("aws:kms/alias:Alias"),
        ...twice("aws:kms/key:Key"),
        ...bucketParts(4),
        ...twice("aws:s3/bucketLogging:BucketLogging"),
        "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
        CATALOG_ENTRY,
        "pulumi-nodejs:dynamic/meshplane/aws:GlueTableMetadata",
        ...twice("pulumi:providers:aws"),
      ].sort(),
    );
    // Stores (log buckets and vault locks included) are protected and retained; their hardening
    // side resources and the logging configuration are retained with them.
    expect(plan.kept).toEqual([
      "storage-key:protect+retain",
      "storage-bucket:protect+retain",
      ...hardening("storage"),
      "storage-lifecycle-rules:+retain",
      "storage-logs-bucket:protect+retain",
      ...hardening("storage-logs"),
      "storage-logs-lifecycle-rules:+retain",
      "storage-access-logging:+retain",
      "catalog-table:protect+retain",
      "backup-replica-key:protect+retain",
      "backup-replica-bucket:protect+retain",
      ...hardening("backup-replica"),
      "backup-replica-logs-bucket:protect+retain",
      ...hardening("backup-replica-logs"),
      "backup-replica-logs-lifecycle-rules:+retain",
      "backup-replica-access-logging:+retain",
      "backup-replica-lifecycle-rules:+retain",
      "backup-replica-vault:protect+retain",
      "backup-vault:protect+retain",
      "backup-vault-lock:protect+retain",
      "backup-replica-vault-lock:protect+retain",
    ]);
    // Every control has an AWS policy but MP-IAM-002 (S3 has no shared keys).
    expect(plan.policies).toEqual([
      ...passes([
        "MP-ENC-001",
        "MP-KEY-001",
        "MP-KEY-002",
        "MP-NET-001",
        "MP-NET-002",
        "MP-TLS-001",
        "MP-VER-001",
        "MP-LIF-001",
        "MP-LIF-002",
        "MP-GEO-001",
        "MP-BAK-001",
        "MP-BAK-002",
        "MP-PITR-001",
        "MP-CAT-001",
        "MP-LBL-001",
        "MP-IAM-001",
        "MP-FN-001",
        "MP-DLQ-001",
        "MP-TRC-001",
        "MP-MON-001",
        "MP-LOG-001",
        "MP-LOG-002",
        "MP-ACC-001",
        "MP-ACC-002",
      ]),
      ...notApplicable(["MP-IAM-002"]),
    ]);
  });

  it("plans a bronze public Azure product: account, container, lifecycle, access logs", async () => {
    const plan = await ready(exampleInput("country-codes.yaml"));
    expect(plan.types).toEqual([
      // The deployer's data role on the container, to write the table's Iceberg metadata.
      "azure-native:authorization:RoleAssignment",
      "azure-native:monitor:DiagnosticSetting",
      "azure-native:operationalinsights:Workspace",
      "azure-native:resources:ResourceGroup",
      "azure-native:storage:BlobContainer",
      "azure-native:storage:BlobServiceProperties",
      "azure-native:storage:ManagementPolicy",
      "azure-native:storage:StorageAccount",
      AZURE_TABLE_METADATA,
      CATALOG_ENTRY,
    ]);
    expect(plan.kept).toEqual([
      "country-codes-rg:+retain",
      "country-codes-storage-account:+retain",
      "country-codes-storage-container:+retain",
    ]);
    expect(plan.policies).toEqual(AZURE_POLICIES);
  });

  it("plans a gold restricted Azure product with a customer-managed key, a locked backup vault and a function", async () => {
    // The mocks give the function's, the key's and the vault's identities their principals, as
    // Azure does.
    const plan = await ready(exampleInput("customer-360.yaml"));
    expect(plan.types).toEqual([
      "azure-native:applicationinsights:Component",
      ...Array<string>(6).fill("azure-native:authorization:RoleAssignment"),
      "azure-native:dataprotection:BackupPolicy",
      "azure-native:dataprotection:BackupVault",
      "azure-native:keyvault:Key",
      "azure-native:keyvault:Vault",
      "azure-native:managedidentity:UserAssignedIdentity",
      "azure-native:monitor:ActionGroup",
      "azure-native:monitor:DiagnosticSetting",
      ...twice("azure-native:monitor:ScheduledQueryRule"),
      "azure-native:network:VirtualNetwork",
      "azure-native:operationalinsights:Workspace",
      "azure-native:resources:Deployment",
      // The ADLS backup instance, sent at API 2025-07-01 (components/azure/geo-backup.ts).
      "azure-native:resources:Resource",
      "azure-native:resources:ResourceGroup",
      ...twice("azure-native:storage:BlobContainer"),
      ...twice("azure-native:storage:BlobServiceProperties"),
      ...twice("azure-native:storage:ManagementPolicy"),
      ...twice("azure-native:storage:StorageAccount"),
      "azure-native:web:AppServicePlan",
      "azure-native:web:WebApp",
      "azure-native:web:WebAppAuthSettingsV2",
      "azure-native:web:WebAppFtpAllowed",
      "azure-native:web:WebAppScmAllowed",
      AZURE_TABLE_METADATA,
      CATALOG_ENTRY,
    ]);
    expect(plan.kept).toEqual([
      "customer-360-rg:protect+retain",
      "customer-360-storage-cmk-vault:protect+retain",
      "customer-360-storage-cmk-key:protect+retain",
      "customer-360-storage-account:protect+retain",
      "customer-360-storage-container:protect+retain",
      "customer-360-backup-vault:protect+retain",
    ]);
    expect(plan.policies).toEqual(AZURE_POLICIES);
  });

  it("plans a gold GCP product with Cloud Run inference and a transfer-job backup", async () => {
    const plan = await ready(exampleInput("fraud-scores.yaml"));
    expect(plan.types).toEqual([
      "gcp:bigquery/connection:Connection",
      "gcp:bigquery/table:Table",
      "gcp:cloudrunv2/service:Service",
      ...twice("gcp:kms/cryptoKey:CryptoKey"),
      ...twice("gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember"),
      ...twice("gcp:kms/keyRing:KeyRing"),
      // The service's logs, kept 365 days.
      "gcp:logging/projectBucketConfig:ProjectBucketConfig",
      "gcp:logging/projectSink:ProjectSink",
      ...twice("gcp:monitoring/alertPolicy:AlertPolicy"),
      // One owner email channel per spec.owners.emails (two in fraud-scores.yaml).
      ...twice("gcp:monitoring/notificationChannel:NotificationChannel"),
      "gcp:serviceaccount/account:Account",
      // Warehouse, access logs, backup.
      ...Array<string>(3).fill("gcp:storage/bucket:Bucket"),
      ...Array<string>(7).fill("gcp:storage/bucketIAMMember:BucketIAMMember"),
      "gcp:storage/transferJob:TransferJob",
      CATALOG_ENTRY,
      // BigQuery's exported Iceberg metadata, whose location the catalog serves.
      "pulumi-nodejs:dynamic/meshplane/gcp:BigQueryTableMetadata",
    ]);
    expect(plan.kept).toEqual([
      "storage-keyring:protect+retain",
      "storage-key:protect+retain",
      "storage-logs-bucket:protect+retain",
      "storage-bucket:protect+retain",
      "catalog-table:protect+retain",
      "backup-keyring:protect+retain",
      "backup-key:protect+retain",
      "backup-bucket:protect+retain",
    ]);
    expect(plan.policies).toEqual([
      ...passes([
        "MP-ENC-001",
        "MP-NET-001",
        "MP-VER-001",
        "MP-LIF-001",
        "MP-GEO-001",
        "MP-KEY-001",
        "MP-LBL-001",
        "MP-IAM-001",
        "MP-FN-001",
        "MP-KEY-002",
        "MP-LIF-002",
        "MP-BAK-001",
        "MP-BAK-002",
        "MP-PITR-001",
        "MP-CAT-001",
        "MP-IAM-002",
        "MP-LOG-001",
        "MP-NET-002",
        "MP-DLQ-001",
        "MP-MON-001",
        "MP-LOG-002",
        "MP-ACC-001",
        "MP-ACC-002",
      ]),
      ...notApplicable(["MP-TLS-001", "MP-TRC-001"]),
    ]);
  });

  it("plans a local product: a retained warehouse directory and its catalog entry, no controls", async () => {
    const plan = await ready(exampleInput("churn-experiments.yaml"));
    expect(plan.types).toEqual([
      CATALOG_ENTRY,
      "pulumi-nodejs:dynamic/meshplane/local:LocalWarehouse",
    ]);
    expect(plan.kept).toEqual(["churn-experiments-warehouse:+retain"]);
    expect(plan.policies).toEqual(notApplicable([...CONTROL_IDS]));
  });

  it("reports an invalid spec with its issues instead of a plan", async () => {
    const outcome = await preview(variant("churn-experiments.yaml", (s) => (s.name = "Bad_Name")));
    expect(outcome).toEqual({
      ok: false,
      error:
        "the spec is not valid: name: use lowercase letters, digits and single hyphens, starting with a letter",
    });
  });

  it("stops a preview that outlives its timeout", async () => {
    const outcome = await preview(exampleInput("churn-experiments.yaml"), 50);
    expect(outcome).toEqual({
      ok: false,
      error: "the plan preview did not finish within 0.05 s",
    });
  });
});
