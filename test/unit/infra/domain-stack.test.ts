/**
 * The Pulumi program's domain stack for each cloud with a domain catalog, planned under the
 * production plan mocks (infra/plan/mocks.ts): the one catalog resource a domain owns, named as
 * its products look it up (contract/naming.ts), and the stack's outputs.
 */
import { describe, expect, it } from "vitest";
import * as pulumi from "@pulumi/pulumi";
import { resourceNames } from "#contract";
import { installPlanMocks } from "#infra/plan/mocks";
import type { DomainStackConfig } from "#infra/stack-config";

function resolved<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => {
    output.apply((value) => {
      resolve(value);
      return value;
    });
  });
}

const recorded = installPlanMocks("eu-west-1");
const { domainStack } = await import("#infra/domain-stack");

/** What a product of the domain looks up (CatalogRegistration uses the product's names). */
const productNames = resourceNames({ domain: "sales", name: "orders", environment: "prod" });

const TAGS = {
  domain: "sales",
  owner: "sales-data",
  environment: "prod",
  "managed-by": "meshplane",
};
const base = { kind: "domain", domain: "sales", environment: "prod", owner: "sales-data" } as const;

/** Checks the component registered; returns the cloud (custom) resources recorded. */
function cloudResourcesWith(component: string) {
  const start = recorded.findIndex((r) => r.type === component);
  expect(start).toBeGreaterThanOrEqual(0);
  return recorded.filter((r) => r.custom);
}

describe("the domain stack under mocks", () => {
  it("aws: the domain's Glue database in its region, where the products look it up", async () => {
    recorded.length = 0;
    const config: DomainStackConfig = { ...base, cloud: "aws", region: "eu-west-1" };
    const outputs = await resolved(await domainStack(config));
    expect(outputs).toEqual({
      kind: "domain",
      cloud: "aws",
      databaseName: productNames.aws.glueDatabase,
      region: "eu-west-1",
    });
    expect(cloudResourcesWith("meshplane:aws:DomainCatalog")).toEqual([
      {
        type: "aws:glue/catalogDatabase:CatalogDatabase",
        name: "sales-prod-database",
        custom: true,
        inputs: expect.objectContaining({
          name: "mp__sales__prod",
          region: "eu-west-1",
          tags: TAGS,
        }) as unknown,
      },
    ]);
  });

  it("aws: the organization prefix names the database", async () => {
    recorded.length = 0;
    const config: DomainStackConfig = {
      ...base,
      cloud: "aws",
      region: "us-east-1",
      organization: "acme",
    };
    const outputs = await resolved(await domainStack(config));
    expect(outputs).toMatchObject({ databaseName: "acme__sales__prod", region: "us-east-1" });
  });

  it("gcp: the domain's BigQuery dataset in its location", async () => {
    recorded.length = 0;
    const config: DomainStackConfig = { ...base, cloud: "gcp", location: "EU" };
    const outputs = await resolved(await domainStack(config));
    expect(outputs).toEqual({
      kind: "domain",
      cloud: "gcp",
      datasetId: productNames.gcp.bigqueryDataset,
      location: "EU",
    });
    expect(cloudResourcesWith("meshplane:gcp:DomainCatalog")).toEqual([
      {
        type: "gcp:bigquery/dataset:Dataset",
        name: "sales-prod-dataset",
        custom: true,
        inputs: expect.objectContaining({
          datasetId: productNames.gcp.bigqueryDataset,
          location: "EU",
          labels: TAGS,
        }) as unknown,
      },
    ]);
  });
});
