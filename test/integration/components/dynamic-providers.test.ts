/**
 * The real Pulumi CLI runs test/integration/components/program (ESM TypeScript through tsx): a
 * LocalWarehouse and a MeshCatalogEntry against an HTTP server in this test. Proves that Pulumi
 * serialises both dynamic providers and that they work in its provider process: up writes the
 * Iceberg table and PUTs the registration, a second up changes nothing, the token is never in the
 * state in clear, destroy DELETEs the registration and leaves the warehouse on disk.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CatalogRegistration } from "#contract";
import { loadExampleSpecs } from "#contract/examples";
import { parse } from "yaml";
import { productContext } from "#components/context";
import { IcebergTableMetadataV2 } from "../../support/iceberg-metadata";
import { pulumiCliBin, pulumiTestEnv } from "../../support/pulumi-cli";

const run = promisify(execFile);
const PROGRAM = join(import.meta.dirname, "program");
const REPO = join(import.meta.dirname, "..", "..", "..");
const TOKEN = "it-platform-token-0123456789abcdef0123456789";
/** Unique, so a stack config left by an interrupted run never clashes (Pulumi.<stack>.yaml). */
const STACK = `it${randomBytes(4).toString("hex")}`;

const bin = pulumiCliBin("components integration test");

function exampleSpec(): Record<string, unknown> {
  const example = loadExampleSpecs().find((e) => e.file === "churn-experiments.yaml");
  if (example === undefined) throw new Error("the churn-experiments example is missing");
  return parse(example.text) as Record<string, unknown>;
}

interface Call {
  method: string;
  url: string;
  authorization: string | undefined;
  body: string;
}

describe.skipIf(bin === undefined)("dynamic providers under the real CLI", () => {
  let work: string;
  let server: Server;
  const calls: Call[] = [];
  let env: NodeJS.ProcessEnv;

  const pulumi = async (...args: string[]): Promise<string> => {
    const { stdout } = await run("pulumi", [...args, "--non-interactive"], {
      cwd: PROGRAM,
      env,
      maxBuffer: 16 * 1024 * 1024,
    });
    return stdout;
  };

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), "meshplane-components-it-"));
    server = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => (body += chunk.toString()));
      request.on("end", () => {
        calls.push({
          method: request.method ?? "",
          url: request.url ?? "",
          authorization: request.headers.authorization,
          body,
        });
        response.writeHead(request.method === "DELETE" ? 204 : 201).end();
      });
    });
    await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
    const port = (server.address() as AddressInfo).port;
    env = pulumiTestEnv(bin, work);
    await run("mkdir", ["-p", join(work, "state")]);
    await pulumi("stack", "init", STACK);
    await pulumi("config", "set", "it:spec", JSON.stringify(exampleSpec()));
    await pulumi("config", "set", "it:warehouseRoot", join(work, "warehouse"));
    await pulumi("config", "set", "it:catalogUrl", `http://127.0.0.1:${port}`);
    await pulumi("config", "set", "--secret", "it:platformToken", TOKEN);
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((closed) => server.close(closed));
    await rm(work, { recursive: true, force: true });
    await rm(join(PROGRAM, `Pulumi.${STACK}.yaml`), { force: true });
  });

  const directory = () => join(work, "warehouse", "sandbox", "churn-experiments", "dev");
  const PRODUCT_PATH = "/api/v1/catalog/products/sandbox/churn-experiments";

  it("previews under the mesh policy pack (components/policy/pack), which loads and passes", async () => {
    const preview = await pulumi(
      "preview",
      "--policy-pack",
      join(REPO, "components", "policy", "pack"),
    );
    expect(preview).toContain("meshplane@v0.1.0 (local: ");
    expect(preview).toContain("+ 4 to create");
    expect(calls).toEqual([]);
  });

  it("up writes the Iceberg table and registers the product with the token", async () => {
    await pulumi("up", "--yes", "--skip-preview");
    const metadataFile = join(directory(), "metadata", "v1.metadata.json");
    const metadata = IcebergTableMetadataV2.parse(JSON.parse(await readFile(metadataFile, "utf8")));
    expect(metadata.location).toBe(pathToFileURL(directory()).href);
    expect(metadata.schemas[0]?.fields.map((f) => f.name)).toEqual([
      "customer_key",
      "feature_date",
      "sessions_30d",
      "spend_90d",
      "churned",
    ]);
    expect(calls.map(({ method, url, authorization }) => ({ method, url, authorization }))).toEqual(
      [{ method: "PUT", url: PRODUCT_PATH, authorization: `Bearer ${TOKEN}` }],
    );
    const registration = CatalogRegistration.parse(JSON.parse(calls[0]?.body ?? ""));
    expect(registration.stack).toBe(STACK);
    expect(registration.outputs).toEqual({
      cloud: "local",
      region: "local",
      storageUri: pathToFileURL(directory()).href,
      catalog: {
        kind: "meshplane",
        database: "sandbox",
        table: "churn-experiments",
        metadataLocation: pathToFileURL(metadataFile).href,
        partitioning: "iceberg",
      },
      backup: { kind: "none" },
      tags: productContext({ spec: exampleSpec(), environment: "dev" }).labels,
    });
  });

  it("keeps the platform token out of the state in clear", async () => {
    const exported = await pulumi("stack", "export");
    expect(exported).not.toContain(TOKEN);
    expect(exported).toContain("4dabf18193072939515e22adb298388d"); // the secret signature
  });

  it("a second up changes nothing and sends nothing", async () => {
    const preview = await pulumi("preview", "--diff");
    expect(preview).toContain("4 unchanged");
    await pulumi("up", "--yes", "--skip-preview");
    expect(calls).toHaveLength(1);
    expect(await readdir(join(directory(), "metadata"))).toEqual([
      "v1.metadata.json",
      "version-hint.text",
    ]);
  });

  it("a table change writes the next metadata version and registers its location", async () => {
    const spec = exampleSpec();
    const table = spec.table as { columns: object[] };
    table.columns.push({ name: "segment", type: "string" });
    await pulumi("config", "set", "it:spec", JSON.stringify(spec));
    await pulumi("up", "--yes", "--skip-preview");
    const v2 = join(directory(), "metadata", "v2.metadata.json");
    const metadata = IcebergTableMetadataV2.parse(JSON.parse(await readFile(v2, "utf8")));
    expect(metadata.schemas.map((schema) => schema.fields.at(-1)?.name)).toEqual([
      "churned",
      "segment",
    ]);
    expect(await readFile(join(directory(), "metadata", "version-hint.text"), "utf8")).toBe("2\n");
    expect(calls.map(({ method }) => method)).toEqual(["PUT", "PUT"]);
    const registration = CatalogRegistration.parse(JSON.parse(calls[1]?.body ?? ""));
    expect(registration.outputs.catalog.metadataLocation).toBe(pathToFileURL(v2).href);
  });

  it("destroy removes the registration and leaves the warehouse on disk", async () => {
    await pulumi("destroy", "--yes", "--skip-preview");
    expect(
      calls
        .slice(2)
        .map(({ method, url, authorization, body }) => ({ method, url, authorization, body })),
    ).toEqual([
      // The stack names itself, so the portal decommissions only what this stack registered.
      {
        method: "DELETE",
        url: `${PRODUCT_PATH}?stack=${STACK}`,
        authorization: `Bearer ${TOKEN}`,
        body: "",
      },
    ]);
    expect(await readdir(directory())).toEqual(["data", "metadata"]);
    expect(await readdir(join(directory(), "metadata"))).toEqual([
      "v1.metadata.json",
      "v2.metadata.json",
      "version-hint.text",
    ]);
  });
});
