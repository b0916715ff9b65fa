/**
 * The Azure Iceberg metadata writer (components/azure/table-metadata-provider.ts) against Azurite,
 * the Azure Storage emulator (npm `azurite`, Blob API), started here on a free port with the
 * well-known development account: the first write, a second writer losing the race (its 409 on the
 * version hint handled by building on the winner's version), and an update on top of an engine's
 * commit that keeps its snapshots and the field ids. Not exercised: a real ADLS Gen2 account and
 * DefaultAzureCredential (the provider's only other step: it builds the client this test passes).
 */
import { BlobServiceClient, type ContainerClient } from "@azure/storage-blob";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseDataProductSpec, type TableSpec } from "#contract";
import type { IcebergTableInput } from "#components/local/iceberg-metadata";
import { icebergTableInput } from "#components/local/table-input";
import {
  writeTableMetadata,
  type AzureTableMetadataInputs,
} from "#components/azure/table-metadata-provider";
import { IcebergTableMetadataV2 } from "../../support/iceberg-metadata";
import { exampleInput } from "../../support/specs";
import { AZURITE_ACCOUNT as ACCOUNT, startAzurite, type Azurite } from "../../support/azurite";

const LOCATION = `abfss://lake@${ACCOUNT}.dfs.core.windows.net/sandbox/churn-experiments`;
const METADATA = "sandbox/churn-experiments/metadata";

function churnTable(change?: (table: TableSpec) => void): IcebergTableInput {
  const parsed = parseDataProductSpec(exampleInput("churn-experiments.yaml"));
  if (!parsed.success) throw new Error("the example must parse");
  const table = structuredClone(parsed.spec.table);
  change?.(table);
  return icebergTableInput(table, { "meshplane.domain": "sandbox" });
}

let azurite: Azurite;
let service: BlobServiceClient;
let container: ContainerClient;
let uuids = 0;
const clock = () => ({
  nowMs: Date.now(),
  newUuid: () => `00000000-0000-4000-8000-${String(++uuids).padStart(12, "0")}`,
});

const inputs = (table = churnTable()): AzureTableMetadataInputs => ({
  accountName: ACCOUNT,
  containerName: "lake",
  tablePath: "sandbox/churn-experiments",
  location: LOCATION,
  table,
});

async function names(): Promise<string[]> {
  const found: string[] = [];
  for await (const blob of container.listBlobsFlat({ prefix: `${METADATA}/` })) {
    found.push(blob.name.slice(METADATA.length + 1));
  }
  return found.sort();
}

async function read(name: string): Promise<string> {
  return (await container.getBlobClient(`${METADATA}/${name}`).downloadToBuffer()).toString("utf8");
}

beforeAll(async () => {
  azurite = await startAzurite();
  service = BlobServiceClient.fromConnectionString(azurite.connectionString);
}, 60_000);

afterAll(async () => {
  await azurite.stop();
});

let containers = 0;
beforeEach(async () => {
  container = service.getContainerClient(`lake${++containers}`);
  await container.create();
});

describe("the Azure Iceberg metadata writer on Azurite", () => {
  it("writes the first format-v2 metadata and the version hint", async () => {
    const outs = await writeTableMetadata(container, inputs(), clock);
    const [first] = (await names()).filter((name) => name.endsWith(".metadata.json"));
    expect(first).toMatch(/^00000-[0-9a-f-]{36}\.metadata\.json$/);
    expect(await names()).toEqual([first, "version-hint.text"]);
    expect(await read("version-hint.text")).toBe("0\n");
    expect(outs.metadataLocation).toBe(`${LOCATION}/metadata/${first}`);
    const metadata = IcebergTableMetadataV2.parse(JSON.parse(await read(first ?? "")));
    expect(metadata.location).toBe(LOCATION);
    expect(metadata["table-uuid"]).toBe(outs.tableUuid);
    expect(metadata.schemas[0]?.fields.map((f) => `${f.id}:${f.name}:${f.type}`)).toEqual([
      "1:customer_key:string",
      "2:feature_date:date",
      "3:sessions_30d:int",
      "4:spend_90d:decimal(12,2)",
      "5:churned:boolean",
    ]);
    expect(metadata["partition-specs"][0]?.fields).toEqual([
      { "source-id": 2, "field-id": 1000, name: "feature_date_month", transform: "month" },
    ]);
    // Idempotent: the same spec again writes nothing.
    expect(await writeTableMetadata(container, inputs(), clock)).toEqual(outs);
    expect(await names()).toEqual([first, "version-hint.text"]);
  });

  it("never overwrites: a second create of a file answers 409, and a racing writer builds on the winner", async () => {
    const blob = container.getBlockBlobClient(`${METADATA}/00000-x.metadata.json`);
    await blob.upload("{}", 2, { conditions: { ifNoneMatch: "*" } });
    await expect(blob.upload("[]", 2, { conditions: { ifNoneMatch: "*" } })).rejects.toMatchObject({
      statusCode: 409,
    });
    await blob.delete();

    const [a, b] = await Promise.all([
      writeTableMetadata(container, inputs(), clock),
      writeTableMetadata(container, inputs(), clock),
    ]);
    expect(a).toEqual(b);
    const files = (await names()).filter((name) => name.endsWith(".metadata.json"));
    expect(files).toHaveLength(1);
    expect(a.metadataLocation).toBe(`${LOCATION}/metadata/${files[0]}`);
  });

  it("a writer whose table read straddles another's whole commit still builds on it", async () => {
    // Writer B reads the version hint only after writer A has committed (file and hint). Had B
    // listed the files before that and read the hint after, both would report their own file.
    let finishA: () => void = () => undefined;
    const aDone = new Promise<void>((resolve) => (finishA = resolve));
    let held = false;
    const heldUntilADone = new Proxy(container, {
      get(target, key, receiver) {
        if (key !== "getBlobClient") return Reflect.get(target, key, receiver) as unknown;
        return (name: string) => {
          const blob = target.getBlobClient(name);
          if (held || !name.endsWith("version-hint.text")) return blob;
          held = true;
          const getProperties = blob.getProperties.bind(blob);
          return Object.assign(blob, {
            getProperties: async () => {
              await aDone;
              return getProperties();
            },
          });
        };
      },
    });
    const b = writeTableMetadata(heldUntilADone, inputs(), clock);
    const a = await writeTableMetadata(container, inputs(), clock);
    finishA();
    expect(await b).toEqual(a);
    const files = (await names()).filter((name) => name.endsWith(".metadata.json"));
    expect(files).toEqual([a.metadataLocation.slice(a.metadataLocation.lastIndexOf("/") + 1)]);
  });

  it("an update builds on an engine's commit: its snapshot kept, field ids kept, new column above them", async () => {
    const created = await writeTableMetadata(container, inputs(), clock);
    const firstName = created.metadataLocation.slice(created.metadataLocation.lastIndexOf("/") + 1);
    const first = JSON.parse(await read(firstName)) as Record<string, unknown>;
    const snapshot = {
      "snapshot-id": 11,
      "sequence-number": 1,
      "timestamp-ms": Date.now(),
      "manifest-list": `${LOCATION}/metadata/snap-11.avro`,
      summary: { operation: "append" },
      "schema-id": 0,
    };
    const engineName = "00001-0f0e0d0c-0b0a-4908-8706-050403020100.metadata.json";
    const engine = JSON.stringify({
      ...first,
      "last-updated-ms": Number(first["last-updated-ms"]) + 1,
      "last-sequence-number": 1,
      "current-snapshot-id": 11,
      snapshots: [snapshot],
      refs: { main: { "snapshot-id": 11, type: "branch" } },
      "snapshot-log": [{ "timestamp-ms": snapshot["timestamp-ms"], "snapshot-id": 11 }],
      "metadata-log": [
        { "timestamp-ms": first["last-updated-ms"], "metadata-file": created.metadataLocation },
      ],
    });
    await container
      .getBlockBlobClient(`${METADATA}/${engineName}`)
      .upload(engine, Buffer.byteLength(engine), { conditions: { ifNoneMatch: "*" } });

    const evolved = churnTable((table) => {
      const sessions = table.columns.find((column) => column.name === "sessions_30d");
      if (sessions) sessions.type = "long";
      table.columns.push({ name: "segment", type: "string", required: false, pii: false });
    });
    const outs = await writeTableMetadata(container, inputs(evolved), clock);
    const nextName = outs.metadataLocation.slice(outs.metadataLocation.lastIndexOf("/") + 1);
    expect(nextName).toMatch(/^00002-/);
    expect(await read("version-hint.text")).toBe("2\n");
    const next = IcebergTableMetadataV2.parse(JSON.parse(await read(nextName)));
    expect(next.snapshots).toEqual([snapshot]);
    expect(next["current-snapshot-id"]).toBe(11);
    expect(next.refs).toEqual({ main: { "snapshot-id": 11, type: "branch" } });
    expect(next["metadata-log"]?.map((entry) => entry["metadata-file"])).toEqual([
      created.metadataLocation,
      `${LOCATION}/metadata/${engineName}`,
    ]);
    expect(next["current-schema-id"]).toBe(1);
    expect(next.schemas.at(-1)?.fields.map((f) => `${f.id}:${f.name}:${f.type}`)).toEqual([
      "1:customer_key:string",
      "2:feature_date:date",
      "3:sessions_30d:long",
      "4:spend_90d:decimal(12,2)",
      "5:churned:boolean",
      "6:segment:string",
    ]);
    expect(next["table-uuid"]).toBe(created.tableUuid);

    // Once data is there, an unsafe change is refused at its spec path and writes nothing.
    const retyped = churnTable((table) => {
      const sessions = table.columns.find((column) => column.name === "sessions_30d");
      if (sessions) sessions.type = "long";
      table.columns.push({ name: "segment", type: "string", required: false, pii: false });
      const churned = table.columns.find((column) => column.name === "churned");
      if (churned) churned.type = "string";
    });
    const before = await names();
    await expect(writeTableMetadata(container, inputs(retyped), clock)).rejects.toThrow(
      "table.columns[4].type: ",
    );
    expect(await names()).toEqual(before);
  });

  it("writes nothing on update once the catalog owns the table, and still creates a missing one", async () => {
    const owned = (table = churnTable()) => ({ ...inputs(table), catalogOwned: true });
    const created = await writeTableMetadata(container, owned(), clock);
    expect(await names()).toEqual([
      created.metadataLocation.split("/").at(-1),
      "version-hint.text",
    ]);
    const evolved = churnTable((table) => {
      table.columns.push({ name: "segment", type: "string", required: false, pii: false });
    });
    const updated = await writeTableMetadata(container, owned(evolved), clock);
    expect(updated.metadataLocation).toBe(created.metadataLocation);
    expect(updated.tableUuid).toBe(created.tableUuid);
    expect(await names()).toHaveLength(2);
  });
});
