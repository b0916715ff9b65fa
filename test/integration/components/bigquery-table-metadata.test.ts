/**
 * BigQueryTableMetadata's provider as Pulumi ships it: serialised with
 * `pulumi.runtime.serializeFunction` (what a dynamic resource does) and run in a plain Node process
 * from the repository directory, where no project module can be imported. It loads the Google
 * SDKs itself and runs the export job and the listing against a local fake of BigQuery and Cloud
 * Storage (BIGQUERY_EMULATOR_HOST, STORAGE_EMULATOR_HOST; no credentials). The provider's
 * behaviour in detail is gcp/table-metadata.test.ts's. Not exercised: real BigQuery and GCS.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bigQueryTableMetadataProvider } from "#components/gcp/table-metadata-provider";
import { fakeGcpEnv, startFakeGcp, type FakeGcp } from "../../support/fake-gcp";

const run = promisify(execFile);
const REPO = join(import.meta.dirname, "..", "..", "..");
const FOLDER = "iceberg/fraud-scores";

let fake: FakeGcp;
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "meshplane-bigquery-provider-"));
  fake = await startFakeGcp();
  fake.onQuery = () => {
    fake.objects.set(`lake/${FOLDER}/metadata/v1733312345678.metadata.json`, "{}");
  };
});

afterAll(async () => {
  await fake.stop();
  await rm(work, { recursive: true, force: true });
});

describe("BigQueryTableMetadata's serialised provider", () => {
  it("runs outside the project: loads the SDKs, exports, lists the newest file", async () => {
    const serialised = await pulumi.runtime.serializeFunction(() => bigQueryTableMetadataProvider, {
      allowSecrets: true,
    });
    const module = join(work, "provider.js");
    await writeFile(module, serialised.text);
    const script = join(work, "run.cjs");
    await writeFile(
      script,
      `const provider = require(${JSON.stringify(module)}).handler();
(async () => {
  const inputs = { project: "acme-data", datasetId: "mp__payments__prod", tableId: "fraud_scores",
    location: "EU", storageUri: "gs://lake/${FOLDER}", schema: "[]" };
  const created = await provider.create(inputs);
  console.log(JSON.stringify(created));
})().catch((error) => { console.log(JSON.stringify({ error: String(error.message) })); });
`,
    );
    const { stdout } = await run(process.execPath, [script], {
      cwd: REPO,
      env: { PATH: process.env.PATH ?? "", NODE_ENV: "test", HOME: work, ...fakeGcpEnv(fake) },
    });
    const result = JSON.parse(stdout) as { outs?: { metadataLocation: string }; error?: string };
    expect(result.error).toBeUndefined();
    expect(result.outs?.metadataLocation).toBe(
      `gs://lake/${FOLDER}/metadata/v1733312345678.metadata.json`,
    );
    const job = fake.requests.find((request) => request.method === "POST");
    expect(job?.body).toMatchObject({
      configuration: {
        query: {
          query: "EXPORT TABLE METADATA FROM `acme-data`.`mp__payments__prod`.`fraud_scores`",
        },
      },
      jobReference: { projectId: "acme-data", location: "EU" },
    });
  }, 60_000);
});
