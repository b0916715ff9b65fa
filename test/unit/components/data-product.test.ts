/**
 * DataProduct dispatching over cloud × tier × classification × inference (inference not on the
 * local target) under Pulumi mocks: the exact output shapes, the MeshCatalogEntry's registration
 * body and URL, and zero violations of the whole mesh policy pack over the whole graph.
 */
import { describe, expect, it } from "vitest";
import {
  CatalogRegistration,
  DataProductOutputs,
  type Cloud,
  type DataProductOutputs as Outputs,
} from "#contract";
import { productContext, type ProductContext } from "#components/context";
import { icebergTableInput, tableProperties } from "#components/local/table-input";
import { matrixCases, matrixSpec, type MatrixCase } from "../../support/matrix";
import { runPolicies } from "../../support/policy-runner";
import { installMocks, valueOf, type MockRecorder } from "../../support/pulumi-mocks";
import { variant } from "../../support/specs";
import { installAwsMocks } from "./aws/harness";
import {
  TABLE_METADATA_TYPE,
  captureParent,
  installAzureMocks,
  mockMetadataLocation,
} from "./azure/harness";
import { installGcpMocks } from "./gcp/gcp-mocks";

const MOCKS: Record<Cloud, () => MockRecorder> = {
  aws: installAwsMocks,
  azure: installAzureMocks,
  gcp: installGcpMocks,
  local: () => installMocks(),
};

installMocks();
const { DataProduct, DATA_PRODUCT_TYPE } = await import("#components/data-product");
const { meshPolicies } = await import("#components/policy/index");

const EXAMPLE: Record<Cloud, string> = {
  aws: "card-transactions.yaml",
  azure: "customer-360.yaml",
  gcp: "fraud-scores.yaml",
  local: "churn-experiments.yaml",
};

type Case = MatrixCase<boolean> & { cloud: Cloud };

function specOf(c: Case): unknown {
  return matrixSpec(EXAMPLE[c.cloud], c.tier, c.classification, (s) => {
    if (!c.inference) delete s.inference;
  });
}

const CASES: Case[] = (["aws", "azure", "gcp", "local"] as const).flatMap((cloud) =>
  matrixCases(false, cloud === "local" ? [] : [true]).map((c) => ({ cloud, ...c })),
);

const SCHEME: Record<Cloud, string> = { aws: "s3", azure: "abfss", gcp: "gs", local: "file" };
const CATALOG_KIND: Record<Cloud, Outputs["catalog"]["kind"]> = {
  aws: "glue",
  azure: "meshplane",
  gcp: "bigquery",
  local: "meshplane",
};
/** How each cloud applies the spec's partition spec: every cloud states it (MP-CAT-001). */
const PARTITIONING: Record<Cloud, Outputs["catalog"]["partitioning"]> = {
  aws: "iceberg",
  azure: "iceberg",
  gcp: "clustering",
  local: "iceberg",
};
/** Gold's backup per cloud (Azure gold exists only where vaulted ADLS backup does). */
const GOLD_BACKUP: Record<Cloud, Outputs["backup"]["kind"]> = {
  aws: "s3-replication+aws-backup",
  azure: "azure-backup-vault",
  gcp: "gcs-dual-region+transfer",
  local: "none",
};

const CATALOG_URL = "http://portal.test:3000/";
const TOKEN = "platform-token-0123456789abcdef0123456789";

async function build(c: Case, extra: { catalogOwned?: boolean } = {}) {
  const recorder = MOCKS[c.cloud]();
  const spec = specOf(c);
  const context: ProductContext = productContext({ spec, environment: "prod" });
  const capture = captureParent(`case-${c.cloud}`);
  const product = new DataProduct(
    context.spec.name,
    {
      spec: context.spec,
      environment: "prod",
      catalog: { url: CATALOG_URL, platformToken: TOKEN },
      warehouseRoot: "/srv/meshplane/warehouse",
      ...extra,
    },
    { parent: capture.parent },
  );
  const outputs = await valueOf(product.outputs);
  // Children register after their inputs resolve; settle until no new ones appear.
  let seen = -1;
  while (seen !== capture.captured.length) {
    seen = capture.captured.length;
    await capture.settle();
  }
  return { recorder, context, product, outputs, captured: capture.captured };
}

/** The table location each cloud's storage block derives from the physical names. */
function expectedStorageUri(cloud: Cloud, { spec, names }: ProductContext): string {
  switch (cloud) {
    case "aws":
      return `s3://${names.aws.warehouseBucket}/iceberg/${spec.name}`;
    case "azure":
      return `abfss://${names.azure.container}@${names.azure.storageAccount}.dfs.core.windows.net/${spec.domain}/${spec.name}`;
    case "gcp":
      return `gs://${names.gcp.warehouseBucket}/iceberg/${spec.name}`;
    case "local":
      return `file:///srv/meshplane/warehouse/${spec.domain}/${spec.name}/prod`;
  }
}

function expectedCatalog(cloud: Cloud, { spec, names }: ProductContext): [string, string] {
  switch (cloud) {
    case "aws":
      return [names.aws.glueDatabase, names.aws.glueTable];
    case "gcp":
      return [names.gcp.bigqueryDataset, names.gcp.bigqueryTable];
    case "azure":
    case "local":
      return [spec.domain, spec.name];
  }
}

function expectedBackup(c: Case, context: ProductContext): Outputs["backup"] {
  if (c.tier !== "gold" || c.cloud === "local") return { kind: "none" };
  return { kind: GOLD_BACKUP[c.cloud], region: context.secondaryRegion };
}

describe.each(CASES)("DataProduct $cloud $tier $classification inference=$inference", (c) => {
  it("dispatches to its cloud, registers in the mesh catalog and passes the policy pack", async () => {
    const { recorder, context, product, outputs, captured } = await build(c);
    const { spec } = context;

    expect(DataProductOutputs.parse(outputs)).toEqual(outputs);
    expect(outputs.cloud).toBe(c.cloud);
    expect(outputs.region).toBe(spec.target.region);
    expect(outputs.storageUri.startsWith(`${SCHEME[c.cloud]}://`)).toBe(true);
    expect(outputs.storageUri).toBe(expectedStorageUri(c.cloud, context));
    expect(outputs.tags).toEqual(context.labels);
    expect(outputs.catalog.kind).toBe(CATALOG_KIND[c.cloud]);
    expect(outputs.catalog.partitioning).toBe(PARTITIONING[c.cloud]);
    expect([outputs.catalog.database, outputs.catalog.table]).toEqual(
      expectedCatalog(c.cloud, context),
    );
    expect({ kind: outputs.backup.kind, region: outputs.backup.region }).toEqual(
      expectedBackup(c, context),
    );
    expect(outputs.inference === undefined).toBe(!c.inference);
    expect(await valueOf(product.storageUri)).toBe(outputs.storageUri);
    expect(await valueOf(product.catalog)).toEqual(outputs.catalog);
    expect(await valueOf(product.backup)).toEqual(outputs.backup);
    expect(await valueOf(product.inference)).toEqual(outputs.inference);
    expect(await valueOf(product.tags)).toEqual(outputs.tags);

    const entry = recorder.one("pulumi-nodejs:dynamic/meshplane/catalog:MeshCatalogEntry");
    expect(entry.name).toBe(`${spec.name}-catalog-entry`);
    expect(entry.inputs.url).toBe(
      `http://portal.test:3000/api/v1/catalog/products/${spec.domain}/${spec.name}`,
    );
    expect(entry.inputs.registration).toEqual(
      CatalogRegistration.parse({ environment: "prod", stack: "test", spec, outputs }),
    );
    expect(captured.filter((r) => r.type === DATA_PRODUCT_TYPE).map((r) => r.name)).toEqual([
      spec.name,
    ]);
    if (c.cloud === "azure") {
      // The table's Iceberg metadata is written into the container, and the catalog registers
      // the file it wrote.
      const table = recorder.one(TABLE_METADATA_TYPE);
      expect(table.inputs).toMatchObject({
        accountName: context.names.azure.storageAccount,
        containerName: context.names.azure.container,
        tablePath: `${spec.domain}/${spec.name}`,
        location: outputs.storageUri,
        table: icebergTableInput(spec.table, tableProperties(context)),
      });
      expect(outputs.catalog.metadataLocation).toBe(mockMetadataLocation(outputs.storageUri));
    }

    expect(await runPolicies(meshPolicies, recorder.resources)).toEqual([]);
  });
});

describe("local target", () => {
  it("builds one LocalWarehouse under the given root, retained, with the table mapped from the spec", async () => {
    const c: Case = {
      cloud: "local",
      tier: "bronze",
      classification: "internal",
      inference: false,
    };
    const { recorder, outputs, captured } = await build(c);
    const warehouse = recorder.one("pulumi-nodejs:dynamic/meshplane/local:LocalWarehouse");
    expect(warehouse.name).toBe("churn-experiments-warehouse");
    expect(warehouse.inputs.root).toBe("/srv/meshplane/warehouse");
    expect(warehouse.inputs.path).toBe("sandbox/churn-experiments/prod");
    expect(warehouse.inputs.table).toEqual({
      columns: [
        { name: "customer_key", type: "string", required: true },
        { name: "feature_date", type: "date", required: true },
        { name: "sessions_30d", type: "int", required: false },
        { name: "spend_90d", type: "decimal(12,2)", required: false },
        { name: "churned", type: "boolean", required: false },
      ],
      partitionSpec: [{ column: "feature_date", transform: "month", name: "feature_date_month" }],
      sortOrder: [],
      properties: expect.objectContaining({
        "meshplane.domain": "sandbox",
        "meshplane.product": "churn-experiments",
        "meshplane.managed-by": "meshplane",
      }),
    });
    expect(
      captured
        .filter((r) => r.type.endsWith(":LocalWarehouse"))
        .map(({ retainOnDelete, protect }) => ({ retainOnDelete, protect })),
    ).toEqual([{ retainOnDelete: true, protect: false }]);
    // Under mocks the provider does not run, so there is no metadata version yet.
    expect(outputs.catalog).toEqual({
      kind: "meshplane",
      database: "sandbox",
      table: "churn-experiments",
      partitioning: "iceberg",
    });
    expect(outputs.storageUri).toBe(
      "file:///srv/meshplane/warehouse/sandbox/churn-experiments/prod",
    );
  });
});

describe("catalogOwned (the table is in Meshplane's Iceberg REST catalog)", () => {
  const bronze = (cloud: Cloud): Case => ({
    cloud,
    tier: "bronze",
    classification: "internal",
    inference: false,
  });

  it("reaches the LocalWarehouse and Azure's table metadata, and is false by default", async () => {
    const owned = await build(bronze("local"), { catalogOwned: true });
    const warehouse = owned.recorder.one("pulumi-nodejs:dynamic/meshplane/local:LocalWarehouse");
    expect(warehouse.inputs.catalogOwned).toBe(true);
    const azure = await build(bronze("azure"), { catalogOwned: true });
    expect(azure.recorder.one(TABLE_METADATA_TYPE).inputs.catalogOwned).toBe(true);
    const fresh = await build(bronze("local"));
    const first = fresh.recorder.one("pulumi-nodejs:dynamic/meshplane/local:LocalWarehouse");
    expect(first.inputs.catalogOwned).toBe(false);
  });

  it("is no input of the DataProduct component, so its first flip is no change to the product", async () => {
    const owned = await build(bronze("local"), { catalogOwned: true });
    const component = owned.recorder.resources.find((r) => r.type === DATA_PRODUCT_TYPE);
    expect(component).toBeDefined();
    expect(component?.inputs).not.toHaveProperty("catalogOwned");
  });
});

describe("validation", () => {
  it("refuses an invalid spec before registering anything", () => {
    expect(
      () =>
        new DataProduct("bad", {
          spec: variant("churn-experiments.yaml", (s) => (s.tier = "platinum")),
          environment: "prod",
        }),
    ).toThrow(/tier/);
  });
});
