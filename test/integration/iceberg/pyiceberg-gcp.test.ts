/**
 * pyiceberg (PyPI, the venv of tools/python/venv.sh) loading a GCP product's table through the
 * Iceberg REST catalog's real handlers over HTTP: the product registered as settle registers it,
 * its metadata read from the file BigQuery's export wrote (the real `@google-cloud/storage` client
 * against the local GCS fake, STORAGE_EMULATOR_HOST). Shown: pyiceberg loads it and gets the
 * BigLake config in its FileIO properties; a commit is refused with ForbiddenError naming
 * BigLake. The steps are in pyiceberg_gcp.py beside this file. Not exercised: real GCS/BigLake.
 */
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as apiKeys from "#portal/app/api/v1/domains/[slug]/api-keys/route";
import { icebergTableInput, nextTableMetadata } from "#components/local/index";
import { metadataText } from "#components/local/iceberg-metadata";
import { DataProductSpec } from "#contract";
import { registerDeployedTable } from "#workflow/iceberg-catalog";
import { CATALOG_URI } from "../../support/iceberg-catalog";
import { serveIcebergCatalog, type IcebergServer } from "../../support/iceberg-server";
import { startFakeGcp, stubFakeGcpEnv, type FakeGcp } from "../../support/fake-gcp";
import { pythonVenvMissing, runPythonToolAsync } from "../../support/python";
import { exampleInput } from "../../support/specs";
import { freshDatabase } from "../../support/database";
import { createHarness, json, releaseHarness, type Harness } from "../portal/harness";

vi.mock("server-only", () => ({}));

const TABLE = "churn-bigquery";
const LOCATION = `gs://payments-lake/iceberg/${TABLE}`;
const EXPORTED = `${LOCATION}/metadata/v1733312345678.metadata.json`;
const BIGLAKE = "https://biglake.googleapis.com/iceberg/v1/restcatalog";

interface Step {
  step: string;
  [fact: string]: unknown;
}

describe.skipIf(pythonVenvMissing("pyiceberg loading a GCP table"))(
  "pyiceberg loading a GCP (BigQuery) table",
  () => {
    let h: Harness;
    let close: () => Promise<void>;
    let server: IcebergServer;
    let gcs: FakeGcp;
    let steps: Map<string, Step>;

    beforeAll(async () => {
      gcs = await startFakeGcp();
      stubFakeGcpEnv(gcs);
      const database = await freshDatabase("pglite");
      server = await serveIcebergCatalog();
      h = await createHarness(database.prisma, {
        MESHPLANE_PUBLIC_URL: server.uri.replace(/\/api\/iceberg$/, ""),
      });
      close = () => database.close();
      const spec = DataProductSpec.parse({
        ...exampleInput("churn-experiments.yaml"),
        domain: "payments",
        name: TABLE,
        inputs: [],
        target: { cloud: "gcp", region: "europe-west1" },
      });
      const metadata = nextTableMetadata(icebergTableInput(spec.table, {}), LOCATION, undefined, {
        nowMs: Date.now(),
        newUuid: randomUUID,
      });
      if (metadata === undefined) throw new Error("a new table always has metadata");
      gcs.objects.set(EXPORTED.slice("gs://".length), metadataText(metadata));
      await h.register({
        environment: "dev",
        stack: `payments.${TABLE}.dev`,
        spec,
        outputs: {
          cloud: "gcp",
          region: "europe-west1",
          storageUri: LOCATION,
          catalog: {
            kind: "bigquery",
            database: "payments",
            table: "churn_bigquery",
            metadataLocation: EXPORTED,
            project: "acme-data",
          },
          backup: { kind: "none" },
          tags: {},
        },
      });
      const product = await h.prisma.dataProduct.findUniqueOrThrow({
        where: { domain_name: { domain: "payments", name: TABLE } },
      });
      await h.prisma.$transaction((tx) => registerDeployedTable(tx, product.id, CATALOG_URI));
      const issued = await h.call(apiKeys.POST, "POST", "/", {
        as: "owner",
        params: { slug: "payments" },
        body: { label: "pyiceberg" },
      });
      const { key } = await json<{ key: string }>(issued);
      const run = await runPythonToolAsync(
        "python",
        [join(import.meta.dirname, "pyiceberg_gcp.py"), server.uri, key, TABLE],
        120_000,
      );
      expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
      steps = new Map(
        run.stdout
          .trim()
          .split("\n")
          .map((line) => JSON.parse(line) as Step)
          .map((step) => [step.step, step]),
      );
    }, 180_000);
    afterAll(async () => {
      await server.close();
      releaseHarness();
      await close();
      vi.unstubAllEnvs();
      await gcs.stop();
    });

    it("loads the table BigQuery exported, with the BigLake config in its FileIO properties", () => {
      expect(steps.get("loaded")).toMatchObject({
        metadata_location: EXPORTED,
        location: LOCATION,
        config: {
          uri: BIGLAKE,
          warehouse: "gs://payments-lake",
          "rest.auth.type": "org.apache.iceberg.gcp.auth.GoogleAuthManager",
          "header.x-goog-user-project": "acme-data",
        },
      });
      expect(steps.get("loaded")?.columns).toContain("customer_key");
    });

    it("is refused a commit with ForbiddenError naming BigLake", () => {
      const commit = steps.get("commit");
      expect(commit?.refused).toBe(true);
      expect(commit?.message).toContain(BIGLAKE);
    });
  },
);
