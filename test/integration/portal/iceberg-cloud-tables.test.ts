/**
 * Cloud products in the Iceberg REST catalog, through settle and the real route handlers:
 * - Azure: the table's metadata sits in an ADLS container (Azurite, Blob API); settle registers
 *   it, engines load it and commit to it (the next metadata file created in the container);
 * - AWS: Glue's metadata location in the outputs is read from S3 (the real S3 client, pointed by
 *   AWS_ENDPOINT_URL_S3 at a small path-style GetObject server here); the table is loadable with
 *   a `config` naming Glue's endpoint, and commits / register / create are 403 naming Glue; a
 *   later deployment moves the row to Glue's new location;
 * - GCP: the file BigQuery's export wrote (outputs.catalog.metadataLocation, gs://) is read
 *   through the real `@google-cloud/storage` client, pointed by STORAGE_EMULATOR_HOST at a local
 *   fake of the GCS JSON API (test/support/fake-gcp.ts); the table is loadable with a `config`
 *   naming BigLake's REST catalog, commits / register are 403 naming it, a later deployment moves
 *   the row; a GCP product deployed before the export (no location) stays listed, load 403.
 * Not exercised: real ADLS with DefaultAzureCredential, real S3/Glue, real BigQuery/GCS/BigLake.
 */
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import { BlobServiceClient } from "@azure/storage-blob";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as table from "#portal/app/api/iceberg/v1/[prefix]/namespaces/[namespace]/tables/[table]/route";
import * as tables from "#portal/app/api/iceberg/v1/[prefix]/namespaces/[namespace]/tables/route";
import * as registerRoute from "#portal/app/api/iceberg/v1/[prefix]/namespaces/[namespace]/register/route";
import * as apiKeys from "#portal/app/api/v1/domains/[slug]/api-keys/route";
import { icebergTableInput, nextTableMetadata } from "#components/local/index";
import { metadataText } from "#components/local/iceberg-metadata";
import { DataProductSpec, type DataProductOutputs } from "#contract";
import { CommitConflict, commitTable, findCatalogTable } from "#workflow/iceberg-catalog";
import { settle as settleDeployment, settleEffects } from "#workflow/settle";
import { tableEvolution } from "#infra/automation/table-evolution";
import { json, type Harness } from "./harness";
import { forEachDatabase } from "./databases";
import { exampleInput } from "../../support/specs";
import { AZURITE_ACCOUNT, startAzurite, type Azurite } from "../../support/azurite";
import { startFakeGcp, stubFakeGcpEnv, type FakeGcp } from "../../support/fake-gcp";

vi.mock("server-only", () => ({}));

const PREFIX = "meshplane";
const REGION = "eu-west-1";
const ACCOUNT_ID = "123456789012";

/** Objects the fake S3 answers, `<bucket>/<key>` → text. */
const s3Objects = new Map<string, string>();
let s3: Server;
let azurite: Azurite;
let gcs: FakeGcp;

function firstMetadata(location: string): string {
  const spec = DataProductSpec.parse(exampleInput("churn-experiments.yaml"));
  const metadata = nextTableMetadata(icebergTableInput(spec.table, {}), location, undefined, {
    nowMs: Date.now(),
    newUuid: randomUUID,
  });
  if (metadata === undefined) throw new Error("a new table always has metadata");
  return metadataText(metadata);
}

beforeAll(async () => {
  s3 = createServer((request, response) => {
    const text = s3Objects.get(
      decodeURIComponent((request.url ?? "").slice(1).split("?")[0] ?? ""),
    );
    if (request.method !== "GET" || text === undefined) {
      response.writeHead(404, { "content-type": "application/xml" });
      response.end("<Error><Code>NoSuchKey</Code><Message>no such key</Message></Error>");
      return;
    }
    response.writeHead(200, { "content-type": "application/json" });
    response.end(text);
  });
  await new Promise<void>((ready) => s3.listen(0, "127.0.0.1", ready));
  const address = s3.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  process.env.AWS_ENDPOINT_URL_S3 = `http://127.0.0.1:${port}`;
  process.env.AWS_ACCESS_KEY_ID = "test";
  process.env.AWS_SECRET_ACCESS_KEY = "test";
  gcs = await startFakeGcp();
  stubFakeGcpEnv(gcs);
  azurite = await startAzurite();
  process.env.MESHPLANE_AZURE_STORAGE_CONNECTION_STRING = azurite.connectionString;
  await BlobServiceClient.fromConnectionString(azurite.connectionString)
    .getContainerClient("lake")
    .createIfNotExists();
}, 60_000);

afterAll(async () => {
  delete process.env.MESHPLANE_AZURE_STORAGE_CONNECTION_STRING;
  await azurite.stop();
  await new Promise((done) => s3.close(done));
  vi.unstubAllEnvs();
  await gcs.stop();
});

async function deployCloud(
  h: Harness,
  name: string,
  cloud: "aws" | "azure" | "gcp",
  outputs: Omit<DataProductOutputs, "cloud" | "backup" | "tags">,
): Promise<void> {
  const spec = DataProductSpec.parse({
    ...exampleInput("churn-experiments.yaml"),
    domain: "payments",
    name,
    inputs: [],
    target: { cloud, region: outputs.region },
  });
  const stack = `payments.${name}.dev`;
  await h.register({
    environment: "dev",
    stack,
    spec,
    outputs: { ...outputs, cloud, backup: { kind: "none" }, tags: {} },
  });
  await settle(h, name, stack);
}

async function settle(h: Harness, name: string, stackName: string): Promise<void> {
  const product = await h.prisma.dataProduct.findUniqueOrThrow({
    where: { domain_name: { domain: "payments", name } },
  });
  const deployment = await h.prisma.deployment.create({
    data: { productId: product.id, stackName, operation: "up", status: "succeeded" },
  });
  await h.prisma.$transaction((tx) => settleEffects(tx, deployment, "succeeded", undefined));
}

const AZURE_LOCATION = `abfss://lake@${AZURITE_ACCOUNT}.dfs.core.windows.net/payments/churn-azure`;
const S3_LOCATION = "s3://payments-lake/payments/churn-aws";
const GCS_BUCKET = "payments-lake-bkt";
const GS_LOCATION = `gs://${GCS_BUCKET}/iceberg/churn-gcp`;
const GCP_PROJECT = "acme-data";
const BIGLAKE = "https://biglake.googleapis.com/iceberg/v1/restcatalog";

/** Puts a metadata file where BigQuery's export would; returns its gs:// URI. */
function exported(version: number): string {
  const location = `${GS_LOCATION}/metadata/v${version}.metadata.json`;
  gcs.objects.set(location.slice("gs://".length), firstMetadata(GS_LOCATION));
  return location;
}

interface Loaded {
  "metadata-location": string;
  metadata: { location: string; "metadata-log": { "metadata-file": string }[] };
  config: Record<string, string>;
}
interface IcebergError {
  error: { message: string; type: string; code: number };
}

forEachDatabase((target, open) => {
  describe(`cloud products in the Iceberg REST catalog (${target})`, () => {
    let h: Awaited<ReturnType<typeof open>>;
    let key = "";
    const params = (name: string) => ({ prefix: PREFIX, namespace: "payments", table: name });
    const load = (name: string) =>
      h.call(table.GET, "GET", "/", { as: { bearer: key }, params: params(name) });
    const commit = (name: string) =>
      h.call(table.POST, "POST", "/", {
        as: { bearer: key },
        params: params(name),
        body: { requirements: [], updates: [{ action: "set-properties", updates: { a: "1" } }] },
      });

    beforeAll(async () => {
      h = await open();
      const issued = await h.call(apiKeys.POST, "POST", "/", {
        as: "owner",
        params: { slug: "payments" },
        body: { label: "iceberg" },
      });
      key = (await json<{ key: string }>(issued)).key;
      const azureFirst = `${AZURE_LOCATION}/metadata/00000-${randomUUID()}.metadata.json`;
      const blob = BlobServiceClient.fromConnectionString(azurite.connectionString)
        .getContainerClient("lake")
        .getBlockBlobClient(azureFirst.slice(azureFirst.indexOf("/payments/") + 1));
      const text = firstMetadata(AZURE_LOCATION);
      await blob.upload(text, Buffer.byteLength(text));
      await deployCloud(h, "churn-azure", "azure", {
        region: "westeurope",
        storageUri: AZURE_LOCATION,
        catalog: {
          kind: "meshplane",
          database: "payments",
          table: "churn-azure",
          metadataLocation: azureFirst,
        },
      });
      const awsFirst = `${S3_LOCATION}/metadata/00000-${randomUUID()}.metadata.json`;
      s3Objects.set(awsFirst.slice(5), firstMetadata(S3_LOCATION));
      await deployCloud(h, "churn-aws", "aws", {
        region: REGION,
        storageUri: S3_LOCATION,
        catalog: {
          kind: "glue",
          database: "payments",
          table: "churn_aws",
          metadataLocation: awsFirst,
          catalogId: ACCOUNT_ID,
        },
      });
      await deployCloud(h, "churn-gcp", "gcp", {
        region: "europe-west1",
        storageUri: GS_LOCATION,
        catalog: {
          kind: "bigquery",
          database: "payments",
          table: "churn_gcp",
          metadataLocation: exported(1733312345678),
          project: GCP_PROJECT,
        },
      });
      // Its export is not in the bucket (e.g. the portal may not read it): settle cannot register it.
      await deployCloud(h, "churn-gcp-unread", "gcp", {
        region: "europe-west1",
        storageUri: `gs://${GCS_BUCKET}/iceberg/churn-gcp-unread`,
        catalog: {
          kind: "bigquery",
          database: "payments",
          table: "churn_gcp_unread",
          metadataLocation: `gs://${GCS_BUCKET}/iceberg/churn-gcp-unread/metadata/v1.metadata.json`,
          project: GCP_PROJECT,
        },
      });
      // Deployed before the GCP component exported metadata: its outputs name no location.
      await deployCloud(h, "churn-gcp-old", "gcp", {
        region: "europe-west1",
        storageUri: "gs://payments-lake-old/iceberg/churn-gcp-old",
        catalog: { kind: "bigquery", database: "payments", table: "churn_gcp_old" },
      });
    }, 60_000);
    afterAll(async () => {
      await h.close();
    });

    it("lists the Azure, AWS and GCP tables of the domain, each once", async () => {
      const listed = await h.call(tables.GET, "GET", "/", {
        as: { bearer: key },
        params: { prefix: PREFIX, namespace: "payments" },
      });
      const { identifiers } = await json<{ identifiers: { name: string }[] }>(listed);
      expect(identifiers.map((identifier) => identifier.name)).toEqual([
        "churn-aws",
        "churn-azure",
        "churn-gcp",
        "churn-gcp-old",
        "churn-gcp-unread",
      ]);
    });

    it("loads an Azure table read from ADLS and commits the next metadata file into the container", async () => {
      const loaded = await load("churn-azure");
      expect(loaded.status).toBe(200);
      const body = await json<Loaded>(loaded);
      expect(body.metadata.location).toBe(AZURE_LOCATION);
      expect(body.config).toEqual({});
      const committed = await commit("churn-azure");
      expect(committed.status, await committed.clone().text()).toBe(200);
      const next = (await json<Loaded>(committed))["metadata-location"];
      expect(next).toMatch(
        new RegExp(`^${AZURE_LOCATION}/metadata/00002-[0-9a-f-]{36}\\.metadata\\.json$`),
      );
      const path = next.slice(next.indexOf("/payments/") + 1);
      const written = await BlobServiceClient.fromConnectionString(azurite.connectionString)
        .getContainerClient("lake")
        .getBlobClient(path)
        .downloadToBuffer();
      expect(JSON.parse(written.toString("utf8")).properties).toMatchObject({ a: "1" });
      const product = await h.prisma.dataProduct.findUniqueOrThrow({
        where: { domain_name: { domain: "payments", name: "churn-azure" } },
      });
      expect(product.outputs).toMatchObject({
        catalog: { restCatalog: { namespace: ["payments"], table: "churn-azure" } },
      });
    });

    it("refuses to move an Azure table out of its path: no blob is written elsewhere", async () => {
      const container = BlobServiceClient.fromConnectionString(azurite.connectionString);
      const elsewhere = [
        `abfss://lake@${AZURITE_ACCOUNT}.dfs.core.windows.net/customer/secret`,
        `abfss://other@${AZURITE_ACCOUNT}.dfs.core.windows.net/payments/churn-azure`,
      ];
      for (const location of elsewhere) {
        const response = await h.call(table.POST, "POST", "/", {
          as: { bearer: key },
          params: params("churn-azure"),
          body: { requirements: [], updates: [{ action: "set-location", location }] },
        });
        expect(response.status).toBe(403);
        expect((await json<{ error: { message: string } }>(response)).error.message).toContain(
          AZURE_LOCATION,
        );
      }
      const strays: string[] = [];
      for await (const blob of container.getContainerClient("lake").listBlobsFlat({
        prefix: "customer/",
      }))
        strays.push(blob.name);
      expect(strays).toEqual([]);
    });

    it("swaps an Azure table only from the location it read: the stale writer's blob is removed", async () => {
      const stale = await findCatalogTable(h.prisma, "payments", "churn-azure");
      if (stale === null) throw new Error("the Azure table is not registered");
      const container = BlobServiceClient.fromConnectionString(
        azurite.connectionString,
      ).getContainerClient("lake");
      const blobs = async () => {
        const names: string[] = [];
        for await (const blob of container.listBlobsFlat({ prefix: "payments/churn-azure/" }))
          names.push(blob.name);
        return names.sort();
      };
      const change = (value: string) => ({
        requirements: [],
        updates: [{ action: "set-properties" as const, updates: { cas: value } }],
      });
      await commitTable(h.prisma, stale, change("first"));
      const written = await blobs();
      await expect(commitTable(h.prisma, stale, change("second"))).rejects.toBeInstanceOf(
        CommitConflict,
      );
      expect(await blobs()).toEqual(written);
    });

    it("answers 503 when the container refuses the metadata blob, and the head stays", async () => {
      const name = "churn-azure-gone";
      const container = BlobServiceClient.fromConnectionString(
        azurite.connectionString,
      ).getContainerClient(`gone-${target}`);
      await container.createIfNotExists();
      const location = `abfss://gone-${target}@${AZURITE_ACCOUNT}.dfs.core.windows.net/payments/${name}`;
      const first = `${location}/metadata/00000-${randomUUID()}.metadata.json`;
      const text = firstMetadata(location);
      await container
        .getBlockBlobClient(first.slice(first.indexOf("/payments/") + 1))
        .upload(text, Buffer.byteLength(text));
      await deployCloud(h, name, "azure", {
        region: "westeurope",
        storageUri: location,
        catalog: { kind: "meshplane", database: "payments", table: name, metadataLocation: first },
      });
      // The storage goes away between the load and the commit's write (the container deleted).
      await container.delete();
      const refused = await commit(name);
      const body = await json<IcebergError>(refused);
      expect(refused.status, body.error.message).toBe(503);
      expect(body.error.type).toBe("ServiceUnavailableException");
      expect(body.error.message).toContain("ContainerNotFound");
      expect((await findCatalogTable(h.prisma, "payments", name))?.metadataLocation).toBe(first);
    });

    it("serves an AWS table read-only from Glue's metadata location, config naming Glue", async () => {
      const loaded = await load("churn-aws");
      expect(loaded.status).toBe(200);
      const body = await json<Loaded>(loaded);
      expect(body.metadata.location).toBe(S3_LOCATION);
      expect(body.config).toEqual({
        uri: `https://glue.${REGION}.amazonaws.com/iceberg`,
        warehouse: ACCOUNT_ID,
        "rest.sigv4-enabled": "true",
        "rest.signing-name": "glue",
        "rest.signing-region": REGION,
      });
      const refused = await commit("churn-aws");
      expect(refused.status).toBe(403);
      const error = await json<IcebergError>(refused);
      expect(error.error.type).toBe("ForbiddenException");
      expect(error.error.message).toContain(`https://glue.${REGION}.amazonaws.com/iceberg`);
      const registered = await h.call(registerRoute.POST, "POST", "/", {
        as: { bearer: key },
        params: { prefix: PREFIX, namespace: "payments" },
        body: {
          name: "churn-aws",
          "metadata-location": body["metadata-location"],
          overwrite: true,
        },
      });
      expect(registered.status).toBe(403);
    });

    it("moves an AWS table to the location Glue holds after the next deployment", async () => {
      const before = await findCatalogTable(h.prisma, "payments", "churn-aws");
      const moved = `${S3_LOCATION}/metadata/00001-${randomUUID()}.metadata.json`;
      s3Objects.set(moved.slice(5), firstMetadata(S3_LOCATION));
      const product = await h.prisma.dataProduct.findUniqueOrThrow({
        where: { domain_name: { domain: "payments", name: "churn-aws" } },
      });
      const outputs = product.outputs as DataProductOutputs;
      await h.prisma.dataProduct.update({
        where: { id: product.id },
        data: { outputs: { ...outputs, catalog: { ...outputs.catalog, metadataLocation: moved } } },
      });
      await settle(h, "churn-aws", "payments.churn-aws.dev");
      const after = await findCatalogTable(h.prisma, "payments", "churn-aws");
      expect(after?.id).toBe(before?.id);
      expect(after?.metadataLocation).toBe(moved);
      expect(after?.version).toBe((before?.version ?? 0) + 1);
    });

    it("serves a GCP table read-only from the file BigQuery exported, config naming BigLake", async () => {
      const loaded = await load("churn-gcp");
      expect(loaded.status, await loaded.clone().text()).toBe(200);
      const body = await json<Loaded>(loaded);
      expect(body["metadata-location"]).toBe(
        `${GS_LOCATION}/metadata/v1733312345678.metadata.json`,
      );
      expect(body.metadata.location).toBe(GS_LOCATION);
      expect(body.config).toEqual({
        uri: BIGLAKE,
        warehouse: `gs://${GCS_BUCKET}`,
        "rest.auth.type": "org.apache.iceberg.gcp.auth.GoogleAuthManager",
        "header.x-goog-user-project": GCP_PROJECT,
      });
      // Read with a media download from the product's bucket.
      expect(gcs.requests.map((request) => [request.path, request.query.alt])).toContainEqual([
        `/b/${GCS_BUCKET}/o/${encodeURIComponent("iceberg/churn-gcp/metadata/v1733312345678.metadata.json")}`,
        "media",
      ]);
      const product = await h.prisma.dataProduct.findUniqueOrThrow({
        where: { domain_name: { domain: "payments", name: "churn-gcp" } },
      });
      expect(product.outputs).toMatchObject({
        catalog: { restCatalog: { namespace: ["payments"], table: "churn-gcp" } },
      });
    });

    it("refuses GCP commits and registers with 403 naming BigLake and the bucket", async () => {
      const refused = await commit("churn-gcp");
      expect(refused.status).toBe(403);
      const error = await json<IcebergError>(refused);
      expect(error.error.type).toBe("ForbiddenException");
      expect(error.error.message).toContain("whose writes BigQuery owns");
      expect(error.error.message).toContain(`${BIGLAKE} (warehouse gs://${GCS_BUCKET})`);
      const registered = await h.call(registerRoute.POST, "POST", "/", {
        as: { bearer: key },
        params: { prefix: PREFIX, namespace: "payments" },
        body: {
          name: "churn-gcp",
          "metadata-location": `${GS_LOCATION}/metadata/v1733312345678.metadata.json`,
          overwrite: true,
        },
      });
      expect(registered.status).toBe(403);
    });

    it("moves a GCP table to the file the next deployment's export wrote", async () => {
      const before = await findCatalogTable(h.prisma, "payments", "churn-gcp");
      const moved = exported(1733399999999);
      const product = await h.prisma.dataProduct.findUniqueOrThrow({
        where: { domain_name: { domain: "payments", name: "churn-gcp" } },
      });
      const outputs = product.outputs as DataProductOutputs;
      await h.prisma.dataProduct.update({
        where: { id: product.id },
        data: { outputs: { ...outputs, catalog: { ...outputs.catalog, metadataLocation: moved } } },
      });
      await settle(h, "churn-gcp", "payments.churn-gcp.dev");
      const after = await findCatalogTable(h.prisma, "payments", "churn-gcp");
      expect(after?.id).toBe(before?.id);
      expect(after?.metadataLocation).toBe(moved);
      expect(after?.version).toBe((before?.version ?? 0) + 1);
      const loaded = await json<Loaded>(await load("churn-gcp"));
      expect(loaded["metadata-location"]).toBe(moved);
    });

    it("audits a GCP export settle could not read and answers its load with 403, not 'serves'", async () => {
      const product = await h.prisma.dataProduct.findUniqueOrThrow({
        where: { domain_name: { domain: "payments", name: "churn-gcp-unread" } },
      });
      const failed = await h.prisma.auditLog.findFirst({
        where: {
          action: "iceberg-table.registration-failed",
          entityId: `${product.domain}.${product.name}`,
        },
      });
      expect(JSON.stringify(failed?.after)).toContain(
        `cannot read the metadata file gs://${GCS_BUCKET}/iceberg/churn-gcp-unread/metadata/v1.metadata.json`,
      );
      const loaded = await load("churn-gcp-unread");
      expect(loaded.status).toBe(403);
      const error = await json<IcebergError>(loaded);
      expect(error.error.message).toContain("cannot load it until a deployment exports");
      expect(error.error.message).not.toContain("serves it read-only");
    });

    it("answers the load of a GCP table deployed before the export with 403 naming BigLake, HEAD 204", async () => {
      const loaded = await load("churn-gcp-old");
      expect(loaded.status).toBe(403);
      const error = await json<IcebergError>(loaded);
      expect(error.error.message).toContain(BIGLAKE);
      expect(error.error.message).toContain("gs://payments-lake-old");
      expect(error.error.message).toContain("until a deployment exports its metadata");
      const head = await h.call(table.HEAD, "HEAD", "/", {
        as: { bearer: key },
        params: params("churn-gcp-old"),
      });
      expect(head.status).toBe(204);
    });

    it("commits an Azure deployment's new column through the catalog into the container at settle", async () => {
      const product = await h.prisma.dataProduct.findUniqueOrThrow({
        where: { domain_name: { domain: "payments", name: "churn-azure" } },
      });
      const spec = DataProductSpec.parse(product.spec);
      const evolved = DataProductSpec.parse({
        ...spec,
        table: {
          ...spec.table,
          columns: [...spec.table.columns, { name: "azure_added", type: "string" }],
        },
      });
      const before = await findCatalogTable(h.prisma, "payments", "churn-azure");
      const deployment = await h.prisma.deployment.create({
        data: {
          productId: product.id,
          stackName: "payments.churn-azure.dev",
          operation: "up",
          status: "succeeded",
        },
      });
      await h.prisma.$transaction((tx) =>
        settleDeployment(
          tx,
          deployment,
          "succeeded",
          undefined,
          tableEvolution(evolved, "dev", undefined),
        ),
      );
      const head = await findCatalogTable(h.prisma, "payments", "churn-azure");
      expect(head?.version).toBe((before?.version ?? 0) + 1);
      expect(head?.metadataLocation).toMatch(
        new RegExp(`^${AZURE_LOCATION}/metadata/\\d{5}-[0-9a-f-]+\\.metadata\\.json$`),
      );
      expect(head?.metadata).toContain('"azure_added"');
      const blobName = head?.metadataLocation.slice(
        head.metadataLocation.indexOf("/payments/") + 1,
      );
      const written = await BlobServiceClient.fromConnectionString(azurite.connectionString)
        .getContainerClient("lake")
        .getBlobClient(blobName ?? "")
        .downloadToBuffer();
      expect(written.toString("utf8")).toContain('"azure_added"');
      const audit = await h.prisma.auditLog.findMany({
        where: {
          action: "iceberg-table.committed",
          entityId: "payments.churn-azure",
          actorLabel: "automation",
        },
      });
      expect(audit).toHaveLength(1);
    });
  });
});
