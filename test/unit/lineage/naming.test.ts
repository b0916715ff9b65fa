import { describe, expect, it } from "vitest";
import type { DataProductOutputs } from "#contract";
import {
  datasetKeys,
  datasetMatchesProduct,
  locationPrefixes,
  normaliseStorageUri,
} from "#portal/shared/lineage/naming";

const outputs = (
  storageUri: string,
  catalog: DataProductOutputs["catalog"],
): DataProductOutputs => ({
  cloud: "aws",
  region: "eu-west-1",
  storageUri,
  catalog,
  backup: { kind: "none" },
  tags: {},
});

describe("dataset naming (OpenLineage spec/Naming.md)", () => {
  it.each([
    ["s3://acme-sales", "orders/2024/", { location: "s3://acme-sales/orders/2024" }],
    ["s3a://acme-sales", "/orders", { location: "s3://acme-sales/orders" }],
    ["gs://bucket", "path/to/t", { location: "gs://bucket/path/to/t" }],
    [
      "abfss://data@acct.dfs.core.windows.net",
      "curated/orders",
      { location: "abfss://data@acct.dfs.core.windows.net/curated/orders" },
    ],
    [
      "file",
      "/warehouse/payments/card-transactions",
      { location: "file:///warehouse/payments/card-transactions" },
    ],
    ["arn:aws:glue:eu-west-1:123456789012", "table/Sales/Orders", { catalog: "glue:sales.orders" }],
    ["bigquery", "acme-prod.payments.fraud_scores", { catalog: "bigquery:payments.fraud_scores" }],
    ["meshplane", "payments.fraud_scores", { catalog: "meshplane:payments.fraud_scores" }],
    ["postgres://db:5432", "shop.public.orders", {}],
  ])("%s + %s", (namespace, name, keys) => {
    expect(datasetKeys(namespace, name)).toEqual(keys);
  });

  it("lists a location and its parents", () => {
    expect(locationPrefixes("s3://b/a/c")).toEqual(["s3://b/a/c", "s3://b/a", "s3://b"]);
    expect(locationPrefixes("file:///w/x")).toEqual(["file:///w/x", "file:///w", "file://"]);
  });

  it("normalises storage URIs", () => {
    expect(normaliseStorageUri("s3n://bucket//prefix/")).toBe("s3://bucket/prefix");
    expect(normaliseStorageUri("file:///warehouse/a/")).toBe("file:///warehouse/a");
  });

  it("matches a dataset under a product's storage URI or on its catalog table", () => {
    const product = outputs("s3://acme-payments/card-transactions/", {
      kind: "glue",
      database: "payments",
      table: "card_transactions",
    });
    expect(
      datasetMatchesProduct(datasetKeys("s3://acme-payments", "card-transactions/data"), product),
    ).toBe(true);
    expect(
      datasetMatchesProduct(datasetKeys("s3://acme-payments", "card-transactions-old"), product),
    ).toBe(false);
    expect(
      datasetMatchesProduct(
        datasetKeys("arn:aws:glue:eu-west-1:1", "table/payments/card_transactions"),
        product,
      ),
    ).toBe(true);
    expect(
      datasetMatchesProduct(datasetKeys("bigquery", "p.payments.card_transactions"), product),
    ).toBe(false);
  });
});
