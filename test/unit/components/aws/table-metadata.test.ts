/**
 * The Glue Iceberg metadata writer (components/aws/table-metadata-provider.ts) against the real
 * AWS SDK v3 clients with `aws-sdk-client-mock` answering like Glue and S3 would: a Glue table
 * (parameters, `VersionId` that UpdateTable checks and moves) and an S3 bucket that honours
 * `If-None-Match: *`. Shown: the table Glue created is adopted without a write; a schema change
 * becomes `00001-<uuid>.metadata.json` built on the current file (field ids kept, new column above
 * `last-column-id`, schema appended, engine's snapshots kept) with `metadata_location` moved and
 * `previous_metadata_location` set; an engine's commit through Glue is built on; a lost race
 * (Glue's ConcurrentModificationException, S3's 412) deletes nothing current and builds on the
 * winner; a change Iceberg cannot express on a table with data writes nothing. Plus the pure
 * table input (planning/glue-metadata.ts). Not exercised: a real AWS account.
 */
import { Readable } from "node:stream";
import {
  ConcurrentModificationException,
  GetTableCommand,
  GlueClient,
  UpdateTableCommand,
  type Table,
} from "@aws-sdk/client-glue";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  type DeleteObjectCommandInput,
  type GetObjectCommandInput,
  type PutObjectCommandInput,
} from "@aws-sdk/client-s3";
import { sdkStreamMixin } from "@smithy/util-stream";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { parseDataProductSpec, type TableSpec } from "#contract";
import {
  asTableMetadata,
  parseMetadataText,
  type TableMetadata,
} from "#components/local/iceberg-metadata";
import { icebergTableInput } from "#components/local/table-input";
import {
  glueColumns,
  hiveType,
  nextGlueTableInput,
  nextMetadataFile,
} from "#components/aws/planning/glue-metadata";
import {
  writeGlueTableMetadata,
  type GlueTableApi,
  type GlueTableMetadataInputs,
} from "#components/aws/table-metadata-provider";
import { IcebergTableMetadataV2 } from "../../../support/iceberg-metadata";
import { exampleInput } from "../../../support/specs";

const LOCATION = "s3://mp-payments-prod-card-transactions/iceberg/card_transactions";
const BUCKET = "mp-payments-prod-card-transactions";
const FIRST = `${LOCATION}/metadata/00000-11111111-1111-4111-8111-111111111111.metadata.json`;
/** A snapshot id beyond 2^53, as engines write them: it must survive digit for digit. */
const SNAPSHOT_ID = "7369830475830153216";

function cardTable(change?: (table: TableSpec) => void): TableSpec {
  const parsed = parseDataProductSpec(exampleInput("card-transactions.yaml"));
  if (!parsed.success) throw new Error("the example must parse");
  const table = structuredClone(parsed.spec.table);
  table.columns = table.columns.map((column, index) => ({ ...column, id: index + 1 }));
  change?.(table);
  return table;
}

const PROPERTIES = { "meshplane.domain": "payments" };

const inputs = (table = cardTable()): GlueTableMetadataInputs => ({
  region: "us-east-1",
  databaseName: "mp__payments__prod",
  tableName: "card_transactions",
  location: LOCATION,
  table: icebergTableInput(table, PROPERTIES),
});

/**
 * The first metadata file as Glue writes it for CatalogRegistration's create input: Iceberg Java's
 * spelling (`decimal(18, 4)`), its default property, ids from 1 and partition ids from 1000.
 */
function glueFirstMetadata(): Record<string, unknown> {
  const field = (id: number, name: string, type: string, required: boolean, doc?: string) => ({
    id,
    name,
    required,
    type,
    ...(doc === undefined ? {} : { doc }),
  });
  return {
    "format-version": 2,
    "table-uuid": "0b7c5a8e-1f2d-4c3b-9a8e-5d6f7a8b9c0d",
    location: LOCATION,
    "last-sequence-number": 0,
    "last-updated-ms": 1_764_000_000_000,
    "last-column-id": 8,
    "current-schema-id": 0,
    schemas: [
      {
        type: "struct",
        "schema-id": 0,
        fields: [
          field(1, "transaction_id", "uuid", true),
          field(2, "authorised_at", "timestamptz", true),
          field(3, "card_token", "string", true, "Tokenised PAN"),
          field(4, "merchant_id", "long", true),
          field(5, "mcc", "int", false, "Merchant category code"),
          field(6, "amount", "decimal(18, 4)", true),
          field(7, "currency", "string", true),
          field(8, "fraud_score", "double", false, "Probability of fraud, 0 to 1"),
        ],
      },
    ],
    "default-spec-id": 0,
    "partition-specs": [
      {
        "spec-id": 0,
        fields: [
          { name: "authorised_at_hour", transform: "hour", "source-id": 2, "field-id": 1000 },
          { name: "merchant_id_bucket", transform: "bucket[32]", "source-id": 4, "field-id": 1001 },
        ],
      },
    ],
    "last-partition-id": 1001,
    "default-sort-order-id": 0,
    "sort-orders": [{ "order-id": 0, fields: [] }],
    properties: { "write.parquet.compression-codec": "zstd", ...PROPERTIES },
    "current-snapshot-id": -1,
    refs: {},
    snapshots: [],
    statistics: [],
    "snapshot-log": [],
    "metadata-log": [],
  };
}

/** The same table after an engine appended rows (a snapshot with a 64-bit id). */
function withEngineSnapshot(metadata: Record<string, unknown>): string {
  const text = JSON.stringify({
    ...metadata,
    "last-sequence-number": 1,
    "current-snapshot-id": "SNAPSHOT",
    refs: { main: { "snapshot-id": "SNAPSHOT", type: "branch" } },
    snapshots: [
      {
        "snapshot-id": "SNAPSHOT",
        "sequence-number": 1,
        "timestamp-ms": 1_764_000_100_000,
        "manifest-list": `${LOCATION}/metadata/snap-1.avro`,
        summary: { operation: "append" },
        "schema-id": 0,
      },
    ],
  });
  return text.replaceAll('"SNAPSHOT"', SNAPSHOT_ID);
}

/** Glue and S3 as the writer sees them: one table, one bucket, both with their preconditions. */
const glue = mockClient(GlueClient);
const s3 = mockClient(S3Client);
let objects: Map<string, string>;
let table: Table;
let version: number;
/** Runs once just before the next UpdateTable: another writer committing in between. */
let beforeUpdate: (() => void) | undefined;
let uuids: number;

function commitAs(file: string, text: string): void {
  objects.set(file.slice(`s3://${BUCKET}/`.length), text);
  table = {
    ...table,
    Parameters: { ...table.Parameters, metadata_location: file },
  };
  version += 1;
}

function api(): GlueTableApi {
  return {
    glue: new GlueClient({ region: "us-east-1" }),
    s3: new S3Client({ region: "us-east-1" }),
    GetTableCommand,
    UpdateTableCommand,
    GetObjectCommand,
    PutObjectCommand,
    DeleteObjectCommand,
  };
}

const clock = () => ({
  nowMs: 1_764_000_200_000 + uuids,
  newUuid: () => `00000000-0000-4000-8000-${String(++uuids).padStart(12, "0")}`,
});

function preconditionFailed(): S3ServiceException {
  return new S3ServiceException({
    name: "PreconditionFailed",
    $fault: "client",
    $metadata: { httpStatusCode: 412 },
    message: "At least one of the pre-conditions you specified did not hold",
  });
}

beforeEach(() => {
  uuids = 0;
  version = 1;
  beforeUpdate = undefined;
  objects = new Map([[FIRST.slice(`s3://${BUCKET}/`.length), JSON.stringify(glueFirstMetadata())]]);
  table = {
    Name: "card_transactions",
    DatabaseName: "mp__payments__prod",
    TableType: "EXTERNAL_TABLE",
    Parameters: { table_type: "ICEBERG", metadata_location: FIRST },
    StorageDescriptor: { Location: LOCATION, Columns: [] },
  };
  glue.reset();
  s3.reset();
  glue
    .on(GetTableCommand)
    .callsFake(() => ({ Table: { ...table, VersionId: String(version) }, $metadata: {} }));
  glue.on(UpdateTableCommand).callsFake((input) => {
    beforeUpdate?.();
    beforeUpdate = undefined;
    if (input.VersionId !== String(version)) {
      throw new ConcurrentModificationException({
        message: "Update table failed due to concurrent modifications",
        $metadata: { httpStatusCode: 400 },
      });
    }
    const next = input.TableInput;
    if (next === undefined) throw new Error("no table input");
    table = { ...table, Parameters: next.Parameters, StorageDescriptor: next.StorageDescriptor };
    version += 1;
    return { $metadata: {} };
  });
  s3.on(GetObjectCommand).callsFake((input: GetObjectCommandInput) => {
    const text = objects.get(input.Key ?? "");
    if (text === undefined) throw new Error(`NoSuchKey ${String(input.Key)}`);
    return { Body: sdkStreamMixin(Readable.from([Buffer.from(text)])), $metadata: {} };
  });
  s3.on(PutObjectCommand).callsFake((input: PutObjectCommandInput) => {
    const key = input.Key ?? "";
    if (input.IfNoneMatch === "*" && objects.has(key)) throw preconditionFailed();
    if (typeof input.Body !== "string") throw new Error("the writer sends the metadata as text");
    objects.set(key, input.Body);
    return { $metadata: {} };
  });
  s3.on(DeleteObjectCommand).callsFake((input: DeleteObjectCommandInput) => {
    objects.delete(input.Key ?? "");
    return { $metadata: {} };
  });
});

function metadataAt(file: string): TableMetadata {
  const text = objects.get(file.slice(`s3://${BUCKET}/`.length));
  if (text === undefined) throw new Error(`${file} was not written`);
  // The schema checks ids as JSON numbers; the 64-bit snapshot id is checked as text above.
  IcebergTableMetadataV2.parse(JSON.parse(text.replaceAll(SNAPSHOT_ID, "1")));
  return asTableMetadata(parseMetadataText(text), file);
}

/** v2 of the spec: mcc int → long, fraud_score renamed keeping its id, a new optional column. */
const changed = (): TableSpec =>
  cardTable((t) => {
    const mcc = t.columns.find((c) => c.name === "mcc");
    if (mcc !== undefined) mcc.type = "long";
    const score = t.columns.find((c) => c.name === "fraud_score");
    if (score !== undefined) score.name = "fraud_probability";
    t.columns.push({ name: "segment", type: "string", required: false, pii: false });
  });

describe("the Glue table's Iceberg metadata", () => {
  it("adopts the table Glue created: nothing is written when its metadata says what the spec says", async () => {
    const outs = await writeGlueTableMetadata(api(), inputs(), clock);
    expect(outs.metadataLocation).toBe(FIRST);
    expect(outs.tableUuid).toBe("0b7c5a8e-1f2d-4c3b-9a8e-5d6f7a8b9c0d");
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
    expect(glue.commandCalls(UpdateTableCommand)).toHaveLength(0);
  });

  it("writes a schema change as the next version and moves Glue's pointer with VersionId", async () => {
    commitAs(FIRST, withEngineSnapshot(glueFirstMetadata()));
    version = 7;
    const outs = await writeGlueTableMetadata(api(), inputs(changed()), clock);
    const next = `${LOCATION}/metadata/00001-00000000-0000-4000-8000-000000000001.metadata.json`;
    expect(outs.metadataLocation).toBe(next);

    const [put] = s3.commandCalls(PutObjectCommand);
    expect(put?.args[0].input).toMatchObject({
      Bucket: BUCKET,
      Key: "iceberg/card_transactions/metadata/00001-00000000-0000-4000-8000-000000000001.metadata.json",
      IfNoneMatch: "*",
      ContentType: "application/json",
    });
    const [update] = glue.commandCalls(UpdateTableCommand);
    expect(update?.args[0].input).toMatchObject({
      DatabaseName: "mp__payments__prod",
      VersionId: "7",
      TableInput: {
        Name: "card_transactions",
        TableType: "EXTERNAL_TABLE",
        Parameters: {
          table_type: "ICEBERG",
          metadata_location: next,
          previous_metadata_location: FIRST,
        },
        StorageDescriptor: { Location: LOCATION },
      },
    });

    const written = metadataAt(next);
    const schema = written.schemas.find((s) => s["schema-id"] === written["current-schema-id"]);
    expect(written["current-schema-id"]).toBe(1);
    expect(written.schemas.map((s) => s["schema-id"])).toEqual([0, 1]);
    expect(schema?.fields.map((f) => `${f.id}:${f.name}:${f.type}`)).toEqual([
      "1:transaction_id:uuid",
      "2:authorised_at:timestamptz",
      "3:card_token:string",
      "4:merchant_id:long",
      "5:mcc:long",
      "6:amount:decimal(18, 4)",
      "7:currency:string",
      "8:fraud_probability:double",
      "9:segment:string",
    ]);
    expect(written["last-column-id"]).toBe(9);
    expect(written["table-uuid"]).toBe("0b7c5a8e-1f2d-4c3b-9a8e-5d6f7a8b9c0d");
    expect(written["partition-specs"]).toHaveLength(1);
    expect(written["metadata-log"].map((e) => e["metadata-file"])).toEqual([FIRST]);
    // The engine's rows stay in the table's current metadata, their 64-bit id digit for digit.
    const text = objects.get(next.slice(`s3://${BUCKET}/`.length)) ?? "";
    expect(text).toContain(`"current-snapshot-id": ${SNAPSHOT_ID}`);
    expect(written.snapshots).toHaveLength(1);
    // Glue's columns are the new schema's, each with its field id.
    expect(table.StorageDescriptor?.Columns?.map((c) => [c.Name, c.Type])).toContainEqual([
      "mcc",
      "bigint",
    ]);
    expect(table.Parameters?.metadata_location).toBe(next);

    // Deploying the same spec again writes nothing.
    const again = await writeGlueTableMetadata(api(), inputs(changed()), clock);
    expect(again.metadataLocation).toBe(next);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(1);
  });

  it("builds on the version an engine committed through Glue, not on the last one it wrote", async () => {
    // An engine (Athena, Spark) added a column through Glue: 00001, with field id 9.
    const engine = glueFirstMetadata();
    const schemas = engine.schemas as { fields: unknown[] }[];
    const engineFile = `${LOCATION}/metadata/00001-22222222-2222-4222-8222-222222222222.metadata.json`;
    commitAs(
      engineFile,
      withEngineSnapshot({
        ...engine,
        "last-column-id": 9,
        "current-schema-id": 1,
        schemas: [
          ...schemas,
          {
            type: "struct",
            "schema-id": 1,
            fields: [
              ...(schemas[0]?.fields ?? []),
              { id: 9, name: "engine_note", required: false, type: "string" },
            ],
          },
        ],
        "metadata-log": [{ "timestamp-ms": 1_764_000_000_000, "metadata-file": FIRST }],
      }),
    );
    const outs = await writeGlueTableMetadata(api(), inputs(changed()), clock);
    expect(outs.metadataLocation).toMatch(/\/metadata\/00002-[-0-9a-f]+\.metadata\.json$/);
    const written = metadataAt(outs.metadataLocation);
    const current = written.schemas.find((s) => s["schema-id"] === written["current-schema-id"]);
    // The spec's new column gets an id above the engine's (never 9 twice).
    expect(current?.fields.find((f) => f.name === "segment")?.id).toBe(10);
    expect(written["last-column-id"]).toBe(10);
    expect(written.schemas.map((s) => s["schema-id"])).toEqual([0, 1, 2]);
    expect(written["metadata-log"].map((e) => e["metadata-file"])).toEqual([FIRST, engineFile]);
    expect(table.Parameters?.previous_metadata_location).toBe(engineFile);
  });

  it("loses a race without harm: the file it wrote goes, and it builds on the winner's version", async () => {
    const winner = `${LOCATION}/metadata/00001-33333333-3333-4333-8333-333333333333.metadata.json`;
    beforeUpdate = () => {
      commitAs(winner, withEngineSnapshot(glueFirstMetadata()));
    };
    const outs = await writeGlueTableMetadata(api(), inputs(changed()), clock);
    const puts = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input.Key);
    const deletes = s3.commandCalls(DeleteObjectCommand).map((c) => c.args[0].input.Key);
    expect(puts).toHaveLength(2);
    expect(deletes).toEqual([puts[0]]);
    expect(objects.has(puts[0] ?? "")).toBe(false);
    expect(outs.metadataLocation).toMatch(/\/metadata\/00002-/);
    expect(metadataAt(outs.metadataLocation)["metadata-log"].at(-1)?.["metadata-file"]).toBe(
      winner,
    );
    expect(metadataAt(outs.metadataLocation).snapshots).toHaveLength(1);
  });

  it("never overwrites a metadata file: a name taken in S3 is a lost race too", async () => {
    // Another writer's file with the name this one picks (same uuid), not yet committed to Glue.
    const taken =
      "iceberg/card_transactions/metadata/00001-00000000-0000-4000-8000-000000000001.metadata.json";
    objects.set(taken, "{}");
    const outs = await writeGlueTableMetadata(api(), inputs(changed()), clock);
    expect(objects.get(taken)).toBe("{}");
    expect(outs.metadataLocation).toMatch(/00001-00000000-0000-4000-8000-000000000002/);
  });

  it("keeps a commit whose answer was lost, and deletes nothing current", async () => {
    glue.on(UpdateTableCommand).callsFake((input) => {
      table = { ...table, Parameters: input.TableInput?.Parameters };
      version += 1;
      throw new Error("socket hang up");
    });
    const outs = await writeGlueTableMetadata(api(), inputs(changed()), clock);
    expect(s3.commandCalls(DeleteObjectCommand)).toHaveLength(0);
    expect(table.Parameters?.metadata_location).toBe(outs.metadataLocation);
    expect(objects.has(outs.metadataLocation.slice(`s3://${BUCKET}/`.length))).toBe(true);
  });

  it("refuses a change Iceberg cannot express on a table with data, writing nothing", async () => {
    commitAs(FIRST, withEngineSnapshot(glueFirstMetadata()));
    const narrowed = cardTable((t) => {
      const currency = t.columns.find((c) => c.name === "currency");
      if (currency !== undefined) currency.type = "long";
    });
    await expect(writeGlueTableMetadata(api(), inputs(narrowed), clock)).rejects.toThrow(
      /^table\.columns\[6\]\.type: column "currency" cannot change type from string to long/,
    );
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
    expect(glue.commandCalls(UpdateTableCommand)).toHaveLength(0);
  });

  it("refuses a table that is not an Iceberg table", async () => {
    table = { ...table, Parameters: { classification: "parquet" } };
    await expect(writeGlueTableMetadata(api(), inputs(), clock)).rejects.toThrow(
      "Glue table mp__payments__prod.card_transactions is not an Iceberg table",
    );
  });
});

describe("the Glue table input of a new version", () => {
  it("maps Iceberg types to the Hive types Glue shows", () => {
    expect(
      [
        "long",
        "int",
        "uuid",
        "time",
        "timestamptz",
        "timestamp",
        "fixed[16]",
        "decimal(18, 4)",
      ].map(hiveType),
    ).toEqual([
      "bigint",
      "int",
      "string",
      "string",
      "timestamp",
      "timestamp",
      "binary",
      "decimal(18,4)",
    ]);
  });

  it("keeps the table as it is and moves only the pointer and the columns", () => {
    const glueTable: Table = {
      Name: "t",
      DatabaseName: "d",
      Owner: "owner",
      Description: "kept",
      TableType: "EXTERNAL_TABLE",
      Parameters: {
        table_type: "ICEBERG",
        metadata_location: "s3://b/t/metadata/00003-a.metadata.json",
        custom: "x",
      },
      StorageDescriptor: { Location: "s3://b/t", Columns: [], Compressed: false },
    };
    const metadata = asTableMetadata(glueFirstMetadata(), "first");
    const next = nextMetadataFile(
      "s3://b/t/",
      "s3://b/t/metadata/00003-a.metadata.json",
      metadata,
      "u",
    );
    expect(next).toBe("s3://b/t/metadata/00004-u.metadata.json");
    const input = nextGlueTableInput(
      glueTable,
      "s3://b/t/metadata/00003-a.metadata.json",
      next,
      metadata,
    );
    expect(input).toMatchObject({
      Name: "t",
      Owner: "owner",
      Description: "kept",
      Parameters: {
        custom: "x",
        table_type: "ICEBERG",
        metadata_location: next,
        previous_metadata_location: "s3://b/t/metadata/00003-a.metadata.json",
      },
      StorageDescriptor: { Location: LOCATION, Compressed: false },
    });
    expect(input.StorageDescriptor?.Columns?.[2]).toEqual(
      glueColumns([
        { id: 3, name: "card_token", required: true, type: "string", doc: "Tokenised PAN" },
      ])[0],
    );
    expect(input.StorageDescriptor?.Columns?.[4]?.Parameters).toEqual({
      "iceberg.field.id": "5",
      "iceberg.field.optional": "true",
      "iceberg.field.current": "true",
    });
  });
});
