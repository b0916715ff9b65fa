/**
 * The catalog's metadata readers by scheme (workflow/iceberg-files.ts) and the table homes that
 * make AWS and GCP tables read-only (core/iceberg-catalog.ts). S3 through the real SDK client, its
 * GetObject answered by a middleware at the initialize step (the SDK's own mocking seam); GCS
 * through the real `@google-cloud/storage` client pointed by STORAGE_EMULATOR_HOST at a local fake
 * of the JSON API (test/support/fake-gcp.ts), as `metadataFileIO` builds it.
 */
import { Readable } from "node:stream";
import { NoSuchKey, S3Client } from "@aws-sdk/client-s3";
import { sdkStreamMixin } from "@smithy/util-stream";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { homeConfig, homeRefusal, tableHome } from "#core/iceberg-catalog";
import { InvalidUpdate } from "#lib/iceberg/updates";
import { metadataFileIO, parseAbfss, parseGs, s3Files } from "#workflow/iceberg-files";
import { startFakeGcp, stubFakeGcpEnv, type FakeGcp } from "#test/support/fake-gcp";

function s3Answering(objects: Record<string, string>, seen: string[]): S3Client {
  const client = new S3Client({
    region: "eu-west-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  });
  client.middlewareStack.add(
    () => (args) => {
      const input = args.input as { Bucket: string; Key: string };
      const key = `${input.Bucket}/${input.Key}`;
      seen.push(key);
      const text = objects[key];
      if (text === undefined)
        return Promise.reject(
          new NoSuchKey({ message: "The specified key does not exist.", $metadata: {} }),
        );
      return Promise.resolve({
        output: { Body: sdkStreamMixin(Readable.from([Buffer.from(text)])), $metadata: {} },
        response: {},
      });
    },
    { step: "initialize", name: "answerGetObject" },
  );
  return client;
}

describe("metadata readers", () => {
  it("reads s3:// metadata with GetObject, bucket and key from the URI", async () => {
    const seen: string[] = [];
    const reader = s3Files(s3Answering({ "lake/t/metadata/00001-a.metadata.json": "{}" }, seen));
    expect(await reader.read("s3://lake/t/metadata/00001-a.metadata.json")).toBe("{}");
    expect(seen).toEqual(["lake/t/metadata/00001-a.metadata.json"]);
  });

  it("turns a missing S3 object into InvalidUpdate naming the location", async () => {
    const reader = s3Files(s3Answering({}, []));
    await expect(reader.read("s3://lake/missing.json")).rejects.toThrow(InvalidUpdate);
    await expect(reader.read("s3://lake/missing.json")).rejects.toThrow(
      /s3:\/\/lake\/missing\.json/,
    );
    await expect(reader.read("s3://no-key")).rejects.toThrow(/not an s3:\/\/<bucket>\/<key> URI/);
  });

  describe("gs://", () => {
    let fake: FakeGcp;
    beforeAll(async () => {
      fake = await startFakeGcp();
      stubFakeGcpEnv(fake);
    });
    afterAll(async () => {
      vi.unstubAllEnvs();
      await fake.stop();
    });

    it("reads gs:// metadata with a media download, bucket and object from the URI", async () => {
      fake.objects.set("lake/d/t/metadata/v17.metadata.json", '{"format-version":2}');
      const reader = metadataFileIO({}).reader("gs://lake/d/t/metadata/v17.metadata.json");
      expect(await reader.read("gs://lake/d/t/metadata/v17.metadata.json")).toBe(
        '{"format-version":2}',
      );
      expect(fake.requests.map((request) => [request.path, request.query.alt])).toContainEqual([
        "/b/lake/o/d%2Ft%2Fmetadata%2Fv17.metadata.json",
        "media",
      ]);
    });

    it("turns a missing GCS object into InvalidUpdate naming the location", async () => {
      const reader = metadataFileIO({}).reader("gs://lake/missing.json");
      await expect(reader.read("gs://lake/missing.json")).rejects.toThrow(InvalidUpdate);
      await expect(reader.read("gs://lake/missing.json")).rejects.toThrow(
        /cannot read the metadata file gs:\/\/lake\/missing\.json/,
      );
    });
  });

  it("splits gs URIs into bucket and object", () => {
    expect(parseGs("gs://lake/d/t/metadata/v1.metadata.json")).toEqual({
      bucket: "lake",
      name: "d/t/metadata/v1.metadata.json",
    });
    expect(() => parseGs("gs://lake")).toThrow(/not a gs:\/\/<bucket>\/<object> URI/);
  });

  it("writes only file:// and abfss:// locations; S3 and GCS are read only", () => {
    const io = metadataFileIO({});
    expect(() => io.store("s3://lake/t/metadata/x.json")).toThrow(InvalidUpdate);
    expect(() => io.store("gs://lake/t/metadata/x.json")).toThrow(
      /file:\/\/ \(local\) and abfss:\/\//,
    );
    expect(io.store("file:///tmp/x.json")).toBeDefined();
    expect(io.reader("s3://lake/x.json", "eu-west-1")).toBeDefined();
    expect(io.reader("gs://lake/x.json")).toBeDefined();
  });

  it("splits abfss URIs into account, container and blob path", () => {
    expect(parseAbfss("abfss://lake@acct1.dfs.core.windows.net/sandbox/t/metadata/1.json")).toEqual(
      {
        account: "acct1",
        container: "lake",
        path: "sandbox/t/metadata/1.json",
      },
    );
    expect(() => parseAbfss("abfss://lake/x")).toThrow(InvalidUpdate);
  });
});

describe("table homes", () => {
  const aws = {
    region: "eu-west-1",
    storageUri: "s3://b/t",
    catalog: { catalogId: "123456789012" },
  };

  it("keeps local and Azure tables in Meshplane's catalog, writable, with no config", () => {
    for (const cloud of ["local", "azure"]) {
      const home = tableHome(cloud, undefined);
      expect(home).toEqual({ kind: "meshplane" });
      expect(homeRefusal(home, "d.t")).toBeUndefined();
      expect(homeConfig(home)).toEqual({});
    }
  });

  it("points AWS tables at Glue's Iceberg REST endpoint with SigV4 and refuses writes naming it", () => {
    const home = tableHome("aws", aws);
    expect(homeConfig(home)).toEqual({
      uri: "https://glue.eu-west-1.amazonaws.com/iceberg",
      warehouse: "123456789012",
      "rest.sigv4-enabled": "true",
      "rest.signing-name": "glue",
      "rest.signing-region": "eu-west-1",
    });
    expect(homeRefusal(home, "payments.cards")).toMatch(
      /payments\.cards is an AWS Glue table.*https:\/\/glue\.eu-west-1\.amazonaws\.com\/iceberg \(warehouse 123456789012/,
    );
  });

  it("points exported GCP tables at BigLake's REST catalog with Google auth, refusing writes", () => {
    const home = tableHome("gcp", {
      region: "europe-west1",
      storageUri: "gs://bkt/d/t",
      catalog: { project: "acme-data", metadataLocation: "gs://bkt/d/t/metadata/v3.metadata.json" },
    });
    expect(home).toEqual({
      kind: "biglake",
      warehouse: "gs://bkt",
      project: "acme-data",
      exported: true,
    });
    expect(homeConfig(home)).toEqual({
      uri: "https://biglake.googleapis.com/iceberg/v1/restcatalog",
      warehouse: "gs://bkt",
      "rest.auth.type": "org.apache.iceberg.gcp.auth.GoogleAuthManager",
      "header.x-goog-user-project": "acme-data",
    });
    expect(homeRefusal(home, "d.t")).toMatch(
      /^d\.t is a BigQuery \(BigLake\) Iceberg table, whose writes BigQuery owns: Meshplane serves it read-only .*https:\/\/biglake\.googleapis\.com\/iceberg\/v1\/restcatalog \(warehouse gs:\/\/bkt\)/,
    );
  });

  it("says a GCP table deployed before the export is listed only", () => {
    const home = tableHome("gcp", {
      region: "europe-west1",
      storageUri: "gs://bkt/d/t",
      catalog: {},
    });
    expect(home).toEqual({
      kind: "biglake",
      warehouse: "gs://bkt",
      project: undefined,
      exported: false,
    });
    expect(homeRefusal(home, "d.t")).toMatch(
      /cannot load it until a deployment exports its metadata .*\(warehouse gs:\/\/bkt\)/,
    );
  });
});
