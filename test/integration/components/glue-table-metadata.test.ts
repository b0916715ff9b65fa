/**
 * GlueTableMetadata's provider as Pulumi ships it: serialised with `pulumi.runtime.serializeFunction`
 * (what a dynamic resource does) and run in a plain Node process from the repository directory,
 * where no project module can be imported. It loads the AWS SDK itself, signs with the default
 * credential chain and asks Glue for the table: here a local HTTP server standing in for Glue
 * (`AWS_ENDPOINT_URL`) answers with a table that is not Iceberg, which the provider refuses. The
 * writer's behaviour against Glue and S3 is aws/table-metadata.test.ts's (mocked SDK clients).
 */
import { text as readText } from "node:stream/consumers";
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { glueTableMetadataProvider } from "#components/aws/table-metadata-provider";

const run = promisify(execFile);
const REPO = join(import.meta.dirname, "..", "..", "..");

interface Seen {
  target: string | undefined;
  authorization: string | undefined;
  body: unknown;
}

let server: Server;
let work: string;
const seen: Seen[] = [];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "meshplane-glue-provider-"));
  server = createServer((request, response) => {
    void readText(request).then((text) => {
      seen.push({
        target: request.headers["x-amz-target"]?.toString(),
        authorization: request.headers.authorization,
        body: JSON.parse(text || "{}") as unknown,
      });
      response.writeHead(200, { "content-type": "application/x-amz-json-1.1" });
      response.end(
        JSON.stringify({
          Table: {
            Name: "card_transactions",
            DatabaseName: "mp__payments__prod",
            Parameters: { classification: "parquet" },
          },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(work, { recursive: true, force: true });
});

describe("GlueTableMetadata's serialised provider", () => {
  it("runs outside the project: loads the SDK, signs, asks Glue for the table", async () => {
    const serialised = await pulumi.runtime.serializeFunction(() => glueTableMetadataProvider, {
      allowSecrets: true,
    });
    const module = join(work, "provider.js");
    await writeFile(module, serialised.text);
    const script = join(work, "run.cjs");
    await writeFile(
      script,
      `const provider = require(${JSON.stringify(module)}).handler();
(async () => {
  const inputs = { region: "us-east-1", databaseName: "mp__payments__prod", tableName: "card_transactions",
    location: "s3://bucket/iceberg/card_transactions",
    table: { columns: [{ name: "id", type: "long", required: true }], partitionSpec: [], sortOrder: [], properties: {} } };
  const diff = await provider.diff("id", { ...inputs, metadataLocation: "m", tableUuid: "u" }, inputs);
  try {
    await provider.create(inputs);
    console.log(JSON.stringify({ diff, error: null }));
  } catch (error) {
    console.log(JSON.stringify({ diff, error: String(error.message) }));
  }
})();
`,
    );
    const { port } = server.address() as AddressInfo;
    const { stdout } = await run(process.execPath, [script], {
      cwd: REPO,
      env: {
        PATH: process.env.PATH ?? "",
        NODE_ENV: "test",
        AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`,
        AWS_ACCESS_KEY_ID: "AKIAEXAMPLEEXAMPLE00",
        AWS_SECRET_ACCESS_KEY: "not-a-secret-only-signs-locally",
        AWS_EC2_METADATA_DISABLED: "true",
      },
    });
    const result = JSON.parse(stdout) as { diff: unknown; error: string | null };
    expect(result.diff).toEqual({ changes: false, replaces: [] });
    expect(result.error).toBe(
      "Glue table mp__payments__prod.card_transactions is not an Iceberg table (no table_type ICEBERG)",
    );
    expect(seen).toEqual([
      {
        target: "AWSGlue.GetTable",
        authorization: expect.stringMatching(/^AWS4-HMAC-SHA256 Credential=AKIAEXAMPLEEXAMPLE00\//),
        body: { DatabaseName: "mp__payments__prod", Name: "card_transactions" },
      },
    ]);
  }, 60_000);
});
