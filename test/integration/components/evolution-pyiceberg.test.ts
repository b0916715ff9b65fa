/**
 * Schema evolution keeps an engine's data (issue 16, item 3), end to end with real tools: the real
 * Pulumi CLI deploys a local product (test/integration/components/program, no catalog), pyiceberg
 * (the PyPI client, in the test virtualenv) appends rows and commits a metadata file of its own, then Meshplane deploys a compatible change (a new optional column, int → long)
 * through the LocalWarehouse dynamic provider, and pyiceberg reads the old rows back through the
 * new schema: the new column null, the widened one as long, the engine's snapshot still current.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadExampleSpecs } from "#contract/examples";
import { parse } from "yaml";
import { pulumiCliBin, pulumiTestEnv } from "../../support/pulumi-cli";
import { pythonVenvMissing, runPythonTool } from "../../support/python";

const run = promisify(execFile);
const PROGRAM = join(import.meta.dirname, "program");
const STACK = `ev${randomBytes(4).toString("hex")}`;
const SUITE = "pyiceberg evolution test";

const bin = pythonVenvMissing(SUITE) ? undefined : pulumiCliBin(SUITE);

/**
 * pyiceberg appends two rows and commits the way a file-system catalog does: its transaction's
 * updates applied to the table's metadata (logging the file it replaces) and written as the next
 * `<n>-<uuid>.metadata.json` next to the table. Like an engine committing through a catalog of its
 * own, it leaves Meshplane's version hint alone.
 */
const APPEND = `
import datetime, decimal, json, sys, uuid
import pyarrow as pa
from pyiceberg.serializers import ToOutputFile
from pyiceberg.table import StaticTable
from pyiceberg.table.update import update_table_metadata
base = sys.argv[1]
table = StaticTable.from_metadata(base)
rows = [
    {"customer_key": "c-1", "feature_date": datetime.date(2026, 1, 1), "sessions_30d": 7,
     "spend_90d": decimal.Decimal("12.50"), "churned": False},
    {"customer_key": "c-2", "feature_date": datetime.date(2026, 1, 2), "sessions_30d": 2147483647,
     "spend_90d": None, "churned": True},
]
tx = table.transaction()
tx.append(pa.Table.from_pylist(rows, schema=table.schema().as_arrow()))
committed = update_table_metadata(table.metadata, tx._updates, metadata_location=base)
location = f"{table.metadata.location}/metadata/00001-{uuid.uuid4()}.metadata.json"
ToOutputFile.table_metadata(committed, table.io.new_output(location))
print(json.dumps({"metadata": location, "snapshot": str(committed.current_snapshot_id)}))
`;

/** pyiceberg: read the table through a metadata file, as an engine that was handed it would. */
const READ = `
import json, sys
from pyiceberg.table import StaticTable
table = StaticTable.from_metadata(sys.argv[1])
rows = sorted(table.scan().to_arrow().to_pylist(), key=lambda r: r["customer_key"])
fields = [{"id": f.field_id, "name": f.name, "type": str(f.field_type)} for f in table.schema().fields]
print(json.dumps({"fields": fields, "snapshot": str(table.current_snapshot().snapshot_id),
                  "rows": [{k: (str(v) if v is not None else None) for k, v in r.items()} for r in rows]}))
`;

function python(script: string, ...args: string[]): Record<string, unknown> {
  const result = runPythonTool("python", ["-c", script, ...args], 120_000);
  if (result.status !== 0) throw new Error(`pyiceberg failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split("\n").at(-1) ?? "") as Record<string, unknown>;
}

function exampleSpec(): Record<string, unknown> {
  const example = loadExampleSpecs().find((e) => e.file === "churn-experiments.yaml");
  if (example === undefined) throw new Error("the churn-experiments example is missing");
  return parse(example.text) as Record<string, unknown>;
}

describe.skipIf(bin === undefined)("a compatible change keeps the rows an engine committed", () => {
  let work: string;
  let env: NodeJS.ProcessEnv;
  const pulumi = async (...args: string[]): Promise<string> => {
    try {
      const { stdout } = await run("pulumi", [...args, "--non-interactive"], {
        cwd: PROGRAM,
        env,
        maxBuffer: 16 * 1024 * 1024,
      });
      return stdout;
    } catch (error) {
      const stdout =
        typeof error === "object" && error !== null ? Reflect.get(error, "stdout") : "";
      throw new Error(`pulumi ${args.join(" ")} failed:\n${String(stdout)}`, { cause: error });
    }
  };
  const metadataDir = () =>
    join(work, "warehouse", "sandbox", "churn-experiments", "dev", "metadata");
  const metadataOutput = async (): Promise<string> => {
    const catalog = JSON.parse(await pulumi("stack", "output", "catalog", "--json")) as {
      metadataLocation: string;
    };
    return catalog.metadataLocation;
  };

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), "meshplane-evolution-it-"));
    env = pulumiTestEnv(bin, work);
    await run("mkdir", ["-p", join(work, "state")]);
    await pulumi("stack", "init", STACK);
    await pulumi("config", "set", "it:spec", JSON.stringify(exampleSpec()));
    await pulumi("config", "set", "it:warehouseRoot", join(work, "warehouse"));
  });

  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
    await rm(join(PROGRAM, `Pulumi.${STACK}.yaml`), { force: true });
  });

  it("deploys, lets pyiceberg append, evolves, and pyiceberg reads the old rows through the new schema", async () => {
    await pulumi("up", "--yes", "--skip-preview");
    const v1 = await metadataOutput();
    expect(v1).toBe(pathToFileURL(join(metadataDir(), "v1.metadata.json")).href);

    const appended = python(APPEND, v1) as { metadata: string; snapshot: string };
    // pyiceberg committed through its own catalog: a new metadata file Meshplane did not write.
    expect(appended.metadata).not.toBe(v1);
    const engineFile = fileURLToPath(appended.metadata);

    const spec = exampleSpec();
    const table = spec.table as { columns: { name: string; type: string }[] };
    const sessions = table.columns.find((c) => c.name === "sessions_30d");
    if (sessions === undefined) throw new Error("the example has sessions_30d");
    sessions.type = "long";
    table.columns.push({ name: "segment", type: "string" });
    await pulumi("config", "set", "it:spec", JSON.stringify(spec));
    await pulumi("up", "--yes", "--skip-preview");

    const v2 = await metadataOutput();
    expect(v2).toBe(pathToFileURL(join(metadataDir(), "v2.metadata.json")).href);
    const text = await readFile(fileURLToPath(v2), "utf8");
    // Snapshot ids are 64-bit: compare them as text, digit for digit (JSON.parse would round).
    expect(text).toContain(`"current-snapshot-id": ${appended.snapshot},`);
    const metadata = JSON.parse(text) as {
      snapshots: unknown[];
      refs: unknown;
      "metadata-log": { "metadata-file": string }[];
      "last-column-id": number;
    };
    const engine = JSON.parse(await readFile(engineFile, "utf8")) as typeof metadata;
    // Built on the engine's commit: its snapshots and refs carried over, its file logged.
    expect(metadata.snapshots).toHaveLength(1);
    expect(metadata.snapshots).toEqual(engine.snapshots);
    expect(metadata.refs).toEqual(engine.refs);
    expect(metadata["metadata-log"].at(-1)?.["metadata-file"]).toBe(appended.metadata);
    expect(metadata["last-column-id"]).toBe(6);
    expect(await readdir(metadataDir())).toContain("v2.metadata.json");

    const read = python(READ, v2) as {
      fields: { id: number; name: string; type: string }[];
      snapshot: string;
      rows: Record<string, string | null>[];
    };
    expect(read.snapshot).toBe(appended.snapshot);
    expect(read.fields).toEqual([
      { id: 1, name: "customer_key", type: "string" },
      { id: 2, name: "feature_date", type: "date" },
      { id: 3, name: "sessions_30d", type: "long" },
      { id: 4, name: "spend_90d", type: "decimal(12, 2)" },
      { id: 5, name: "churned", type: "boolean" },
      { id: 6, name: "segment", type: "string" },
    ]);
    expect(read.rows).toEqual([
      {
        customer_key: "c-1",
        feature_date: "2026-01-01",
        sessions_30d: "7",
        spend_90d: "12.50",
        churned: "False",
        segment: null,
      },
      {
        customer_key: "c-2",
        feature_date: "2026-01-02",
        sessions_30d: "2147483647",
        spend_90d: null,
        churned: "True",
        segment: null,
      },
    ]);
  });
});
