/**
 * BigQueryTableMetadata's provider (components/gcp/table-metadata-provider.ts) with the real
 * `@google-cloud/bigquery` and `@google-cloud/storage` clients, pointed by
 * BIGQUERY_EMULATOR_HOST / STORAGE_EMULATOR_HOST at a local fake of the two APIs
 * (test/support/fake-gcp.ts). Shown: the BigQuery job it sends (the EXPORT TABLE METADATA
 * statement, standard SQL, in the dataset's location), the GCS listing it reads and the newest
 * `v<N>.metadata.json` it picks (numerically), refresh listing without a job, diff, and errors
 * naming the table. Not exercised: real BigQuery and Cloud Storage, credentials.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import {
  bigQueryTableMetadataProvider,
  exportStatement,
  newestMetadataFile,
  tableFolder,
  type BigQueryTableMetadataInputs,
} from "#components/gcp/table-metadata-provider";
import { startFakeGcp, stubFakeGcpEnv, type FakeGcp } from "#test/support/fake-gcp";

const BUCKET = "mp-payments-fraud-scores-prod";
const PATH = "iceberg/fraud-scores";
const INPUTS: BigQueryTableMetadataInputs = {
  project: "acme-data",
  datasetId: "mp__payments__prod",
  tableId: "fraud_scores",
  location: "EU",
  storageUri: `gs://${BUCKET}/${PATH}`,
  schema: '[{"name":"merchant_id","type":"INTEGER","mode":"REQUIRED"}]',
};
const STATEMENT = "EXPORT TABLE METADATA FROM `acme-data`.`mp__payments__prod`.`fraud_scores`";

let fake: FakeGcp;

beforeAll(async () => {
  fake = await startFakeGcp();
  stubFakeGcpEnv(fake);
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await fake.stop();
});

beforeEach(() => {
  fake.objects.clear();
  fake.requests.length = 0;
  fake.onQuery = () => undefined;
  // What BigQuery wrote when it created the table.
  fake.objects.set(`${BUCKET}/${PATH}/metadata/v0.metadata.json`, "{}");
});

/** BigQuery's export: the next metadata file, its manifests and the version hint. */
function exportsVersion(version: number): void {
  fake.onQuery = () => {
    fake.objects.set(`${BUCKET}/${PATH}/metadata/v${version}.metadata.json`, "{}");
    fake.objects.set(`${BUCKET}/${PATH}/metadata/1234-m0.avro`, "");
    fake.objects.set(`${BUCKET}/${PATH}/metadata/version-hint.text`, String(version));
  };
}

const jobs = () => fake.requests.filter((request) => request.path.endsWith("/jobs"));
const lists = () => fake.requests.filter((request) => request.path.endsWith(`/b/${BUCKET}/o`));

describe("BigQueryTableMetadata's provider", () => {
  it("runs EXPORT TABLE METADATA in the dataset's location, then outputs the newest file", async () => {
    exportsVersion(1733312345678);
    const created = await bigQueryTableMetadataProvider.create(INPUTS);
    expect(created).toEqual({
      id: "acme-data.mp__payments__prod.fraud_scores",
      outs: {
        ...INPUTS,
        metadataLocation: `gs://${BUCKET}/${PATH}/metadata/v1733312345678.metadata.json`,
      },
    });
    expect(jobs()).toEqual([
      {
        method: "POST",
        path: "/projects/acme-data/jobs",
        query: { prettyPrint: "false" },
        body: {
          configuration: { query: { query: STATEMENT, useLegacySql: false } },
          jobReference: {
            projectId: "acme-data",
            jobId: expect.any(String) as string,
            location: "EU",
          },
        },
      },
    ]);
    expect(lists().map((request) => request.query.prefix)).toEqual([`${PATH}/metadata/v`]);
  });

  it("exports again on update and picks the version by number, not by name", async () => {
    fake.objects.set(`${BUCKET}/${PATH}/metadata/v9.metadata.json`, "{}");
    exportsVersion(10);
    const updated = await bigQueryTableMetadataProvider.update?.(
      "id",
      { ...INPUTS, metadataLocation: `gs://${BUCKET}/${PATH}/metadata/v9.metadata.json` },
      { ...INPUTS, schema: "[]" },
    );
    expect(updated?.outs?.metadataLocation).toBe(
      `gs://${BUCKET}/${PATH}/metadata/v10.metadata.json`,
    );
    expect(jobs()).toHaveLength(1);
  });

  it("refresh lists what BigQuery exported since, without running a job", async () => {
    fake.objects.set(`${BUCKET}/${PATH}/metadata/v5.metadata.json`, "{}");
    const state = {
      ...INPUTS,
      metadataLocation: `gs://${BUCKET}/${PATH}/metadata/v0.metadata.json`,
    };
    const read = await bigQueryTableMetadataProvider.read?.("the-id", state);
    expect(read).toEqual({
      id: "the-id",
      props: { ...state, metadataLocation: `gs://${BUCKET}/${PATH}/metadata/v5.metadata.json` },
    });
    expect(jobs()).toEqual([]);
  });

  it("names the table when the export job fails", async () => {
    fake.onQuery = () => {
      throw new Error("Access Denied: BigQuery BigQuery: Permission denied while writing data");
    };
    await expect(bigQueryTableMetadataProvider.create(INPUTS)).rejects.toThrow(
      /^BigQuery table acme-data\.mp__payments__prod\.fraud_scores: EXPORT TABLE METADATA failed: Access Denied: BigQuery BigQuery: Permission denied while writing data$/,
    );
  });

  it("names the table and the folder when no metadata file was exported", async () => {
    fake.objects.clear();
    await expect(bigQueryTableMetadataProvider.create(INPUTS)).rejects.toThrow(
      `BigQuery table acme-data.mp__payments__prod.fraud_scores: no v<N>.metadata.json in gs://${BUCKET}/${PATH}/metadata/: BigQuery exported none`,
    );
  });

  it("diffs: a new schema, folder or location exports again; another table replaces", async () => {
    const olds = { ...INPUTS, metadataLocation: "gs://b/m" };
    const diff = bigQueryTableMetadataProvider.diff;
    if (diff === undefined) throw new Error("the provider diffs");
    expect(await diff("id", olds, INPUTS)).toEqual({ changes: false, replaces: [] });
    expect(await diff("id", olds, { ...INPUTS, schema: "[]" })).toEqual({
      changes: true,
      replaces: [],
    });
    expect(await diff("id", olds, { ...INPUTS, tableId: "other" })).toEqual({
      changes: true,
      replaces: ["tableId"],
    });
  });
});

describe("export planning", () => {
  it("quotes each part of the table name and refuses one that could escape", () => {
    expect(exportStatement(INPUTS)).toBe(STATEMENT);
    expect(() => exportStatement({ ...INPUTS, tableId: "t` ; DROP TABLE x; --" })).toThrow(
      /is not a BigQuery project, dataset or table name/,
    );
  });

  it("splits the table folder and picks only metadata files of that folder", () => {
    expect(tableFolder(`gs://${BUCKET}/${PATH}/`)).toEqual({ bucket: BUCKET, path: PATH });
    expect(() => tableFolder("s3://b/p")).toThrow(/not a gs:\/\/<bucket>\/<path>/);
    expect(
      newestMetadataFile(
        [
          `${PATH}/metadata/v2.metadata.json`,
          `${PATH}/metadata/v11.metadata.json`,
          `${PATH}/metadata/v12.metadata.json.tmp`,
          `${PATH}/metadata/00099-x.metadata.json`,
          `${PATH}-old/metadata/v99.metadata.json`,
        ],
        PATH,
      ),
    ).toBe(`${PATH}/metadata/v11.metadata.json`);
    expect(newestMetadataFile([], PATH)).toBeUndefined();
  });
});
