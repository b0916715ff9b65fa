/**
 * The catalog's metadata readers by scheme (workflow/iceberg-files.ts) and the table homes that
 * make AWS and GCP tables read-only (core/iceberg-catalog.ts). S3 through the real SDK client, its
 * GetObject answered by a middleware at the initialize step (the SDK's own mocking seam).
 */
import { Readable } from "node:stream";
import { NoSuchKey, S3Client } from "@aws-sdk/client-s3";
import { sdkStreamMixin } from "@smithy/util-stream";
import { describe, expect, it } from "vitest";
import { homeConfig, homeRefusal, tableHome } from "#core/iceberg-catalog";
import { InvalidUpdate } from "#lib/iceberg/updates";
import { metadataFileIO, parseAbfss, s3Files } from "#workflow/iceberg-files";

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

  it("writes only file:// and abfss:// locations; S3 is read only", () => {
    const io = metadataFileIO({});
    expect(() => io.store("s3://lake/t/metadata/x.json")).toThrow(InvalidUpdate);
    expect(() => io.store("gs://lake/t/metadata/x.json")).toThrow(
      /file:\/\/ \(local\) and abfss:\/\//,
    );
    expect(io.store("file:///tmp/x.json")).toBeDefined();
    expect(io.reader("s3://lake/x.json", "eu-west-1")).toBeDefined();
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

  it("names BigLake's REST catalog and the bucket for GCP tables", () => {
    const home = tableHome("gcp", {
      region: "europe-west1",
      storageUri: "gs://bkt/d/t",
      catalog: {},
    });
    expect(home).toEqual({ kind: "biglake", warehouse: "gs://bkt" });
    expect(homeRefusal(home, "d.t")).toMatch(
      /https:\/\/biglake\.googleapis\.com\/iceberg\/v1\/restcatalog \(warehouse gs:\/\/bkt\)/,
    );
  });
});
