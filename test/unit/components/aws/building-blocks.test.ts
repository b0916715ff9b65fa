/**
 * The AWS building blocks on their own: argument errors, the domain's Glue database (owner and
 * lookup), the Iceberg table's exact inputs, explicit providers, and Function URL invokers.
 */
import * as aws from "@pulumi/aws";
import { beforeEach, describe, expect, it } from "vitest";
import { productContext } from "#components/context";
import { domainNames } from "#components/domain";
import { icebergTableInput, tableProperties } from "#components/local/table-input";
import { valueOf } from "#test/support/pulumi-mocks";
import { exampleInput } from "#test/support/specs";
import { captureParent } from "../azure/harness";
import {
  ACCOUNT,
  caseContext,
  databaseOf,
  databases,
  GLUE_METADATA_TYPE,
  inputsOf,
  installAwsMocks,
  metadataLocationOf,
} from "./harness";

const recorder = installAwsMocks();
const {
  CatalogRegistration,
  DomainCatalog,
  GeoBackup,
  IcebergStorage,
  InferenceFunction,
  StorageLifecycle,
  deployAws,
  lookupDomainDatabase,
  missingDatabaseMessage,
} = await import("#components/aws/index");

beforeEach(() => {
  recorder.reset();
});

const TABLE = "aws:glue/catalogTable:CatalogTable";
const PROVIDER = "pulumi:providers:aws";

describe("argument checks", () => {
  const silver = caseContext("silver", "internal", "none");

  it("refuses a context for another cloud, naming the component", () => {
    const gcp = productContext({ spec: exampleInput("fraud-scores.yaml"), environment: "prod" });
    expect(() => new IcebergStorage("s", { context: gcp })).toThrow(
      "IcebergStorage: context targets gcp, not aws",
    );
  });

  it("builds a geo backup only for gold", () => {
    expect(
      () =>
        new GeoBackup("b", {
          context: silver,
          sourceBucket: "b",
          sourceBucketArn: "arn:aws:s3:::b",
          sourceKeyArn: undefined,
          sourceVersioning: new aws.s3.BucketVersioning("v", {
            bucket: "b",
            versioningConfiguration: { status: "Enabled" },
          }),
        }),
    ).toThrow(
      "GeoBackup: context is a silver product; only tiers with a geo backup (gold) get one",
    );
  });

  it("asks for the source key when the product has one", () => {
    const gold = caseContext("gold", "confidential", "none");
    const versioning = new aws.s3.BucketVersioning("v2", {
      bucket: "b",
      versioningConfiguration: { status: "Enabled" },
    });
    expect(
      () =>
        new GeoBackup("b", {
          context: gold,
          sourceBucket: "b",
          sourceBucketArn: "arn:aws:s3:::b",
          sourceKeyArn: undefined,
          sourceVersioning: versioning,
        }),
    ).toThrow("GeoBackup: a confidential product's bucket uses a KMS key; pass sourceKeyArn");
  });

  it("needs an inference spec and IAM principal ARNs as invokers", () => {
    const base = {
      bucket: "b",
      bucketArn: "arn:aws:s3:::b",
      tablePath: "iceberg/p",
      kmsKeyArn: undefined,
    };
    expect(() => new InferenceFunction("f", { ...base, context: silver })).toThrow(
      "InferenceFunction: context has no spec.inference; nothing to deploy",
    );
    const withFunction = caseContext("silver", "internal", "zip");
    expect(
      () => new InferenceFunction("f", { ...base, context: withFunction, invokers: ["alice"] }),
    ).toThrow('InferenceFunction: invokers must be IAM principal ARNs, got "alice"');
  });

  it("refuses a lifecycle over the whole bucket, Iceberg metadata included", () => {
    expect(
      () =>
        new StorageLifecycle("l", {
          context: silver,
          bucket: "b",
          region: "us-east-1",
          dataPrefix: "",
        }),
    ).toThrow('dataPrefix must be a folder below the bucket root ending in "/", got ""');
  });
});

describe("DomainCatalog", () => {
  it("owns the domain's Glue database, tagged for the domain, retained and protected", async () => {
    const { parent, captured, settle } = captureParent("domain");
    const domain = new DomainCatalog(
      "payments",
      { domain: "payments", environment: "prod", owner: "payments-data", region: "eu-west-1" },
      { parent },
    );
    await settle();
    expect(await valueOf(domain.databaseName)).toBe(databaseOf("payments"));
    expect(
      inputsOf(recorder, "aws:glue/catalogDatabase:CatalogDatabase", "payments-database"),
    ).toMatchObject({
      name: "mp__payments__prod",
      region: "eu-west-1",
      tags: {
        domain: "payments",
        owner: "payments-data",
        environment: "prod",
        "managed-by": "meshplane",
      },
    });
    expect(captured.find((r) => r.name === "payments-database")).toMatchObject({
      retainOnDelete: true,
      protect: true,
    });
    expect(domainNames({ domain: "payments", environment: "prod" }).aws.glueDatabase).toBe(
      databaseOf("payments"),
    );
  });

  it("names the bad argument", () => {
    const args = {
      domain: "payments",
      environment: "prod",
      owner: "payments-data",
      region: "eu-west-1",
    };
    expect(() => new DomainCatalog("d", { ...args, domain: "Payments" })).toThrow(
      'DomainCatalog: domain "Payments" is not a domain slug',
    );
    expect(() => new DomainCatalog("d", { ...args, region: "europe-west1" })).toThrow(
      'DomainCatalog: region must be an AWS region such as eu-west-1, got "europe-west1"',
    );
    expect(() => new DomainCatalog("d", { ...args, owner: "a@b.c" })).toThrow(
      'DomainCatalog: owner must be the owning team\'s slug, got "a@b.c"',
    );
    expect(() => new DomainCatalog("d", { ...args, organization: "Acme Corp" })).toThrow(
      'DomainCatalog: organization "Acme Corp" is not a valid prefix',
    );
  });
});

describe("CatalogRegistration", () => {
  it("finds the domain's database through Cloud Control, and explains a missing one", async () => {
    const context = caseContext("silver", "internal", "none");
    expect(await lookupDomainDatabase(context, {})).toBe(databaseOf("payments"));
    databases.delete(databaseOf("payments"));
    try {
      await expect(lookupDomainDatabase(context, {})).rejects.toThrow(
        missingDatabaseMessage(databaseOf("payments"), context),
      );
    } finally {
      databases.add(databaseOf("payments"));
    }
    expect(missingDatabaseMessage("mp__payments__prod", context)).toBe(
      "CatalogRegistration: Glue database mp__payments__prod of domain payments (prod) was not found in us-east-1. " +
        "It is owned by the domain, not by a product: deploy the DomainCatalog component (meshplane:aws:DomainCatalog) " +
        'for domain "payments", environment "prod" and region "us-east-1" once, then deploy this product again.',
    );
  });

  it("creates the Iceberg table with schema, partition spec and sort order from the spec", async () => {
    const context = productContext({
      spec: exampleInput("customer-events.yaml"),
      environment: "prod",
    });
    const { parent, captured, settle } = captureParent("catalog");
    const location = "s3://bucket/iceberg/customer-events";
    const catalog = new CatalogRegistration(
      "catalog",
      { context, storageUri: location, database: "my_database" },
      { parent },
    );
    await settle();
    expect(await valueOf(catalog.databaseName)).toBe("my_database");
    const table = inputsOf(recorder, TABLE, "catalog-table");
    expect(table).toMatchObject({
      name: "customer_events",
      databaseName: "my_database",
      region: "eu-west-1",
    });
    // Table metadata only through IcebergTableInput: Glue refuses it in TableInput as well.
    expect(Object.keys(table).sort()).toEqual([
      "databaseName",
      "name",
      "openTableFormatInput",
      "region",
    ]);
    const iceberg = (table.openTableFormatInput as { icebergInput: Record<string, unknown> })
      .icebergInput;
    expect(iceberg).toEqual({
      metadataOperation: "CREATE",
      version: "2",
      icebergTableInput: {
        location,
        schema: {
          schemaId: 0,
          type: "struct",
          fields: [
            {
              id: 1,
              name: "event_id",
              type: '"uuid"',
              required: true,
              doc: "Unique id of the event",
            },
            {
              id: 2,
              name: "event_ts",
              type: '"timestamptz"',
              required: true,
              doc: "When the event happened",
            },
            {
              id: 3,
              name: "customer_id",
              type: '"long"',
              required: true,
              doc: "Customer account id",
            },
            {
              id: 4,
              name: "email_sha256",
              type: '"fixed[32]"',
              required: false,
              doc: "SHA-256 of the login email",
            },
            {
              id: 5,
              name: "session_id",
              type: '"string"',
              required: false,
              doc: "Session the event belongs to",
            },
            {
              id: 6,
              name: "event_type",
              type: '"string"',
              required: true,
              doc: "page_view, search, basket or checkout",
            },
            {
              id: 7,
              name: "basket_value",
              type: '"decimal(12,2)"',
              required: false,
              doc: "Basket value in EUR after the event",
            },
            {
              id: 8,
              name: "country_code",
              type: '"string"',
              required: false,
              doc: "ISO 3166-1 alpha-2",
            },
          ],
        },
        partitionSpec: {
          specId: 0,
          fields: [
            { fieldId: 1000, name: "event_ts_day", sourceId: 2, transform: "day" },
            { fieldId: 1001, name: "customer_id_bucket", sourceId: 3, transform: "bucket[16]" },
          ],
        },
        sortOrder: {
          orderId: 1,
          fields: [
            { sourceId: 2, transform: "identity", direction: "asc", nullOrder: "nulls-last" },
          ],
        },
        properties: tableProperties(context),
      },
    });
    // Glue writes the first version from this input; every later one is GlueTableMetadata's.
    expect(captured.find((r) => r.name === "catalog-table")).toMatchObject({
      retainOnDelete: true,
      protect: true,
      ignoreChanges: ["openTableFormatInput"],
    });
    expect(inputsOf(recorder, GLUE_METADATA_TYPE, "catalog-metadata")).toMatchObject({
      region: "eu-west-1",
      databaseName: "my_database",
      tableName: "customer_events",
      location,
      table: icebergTableInput(context.spec.table, tableProperties(context)),
    });
    expect(await valueOf(catalog.metadataLocation)).toBe(metadataLocationOf(location));
  });
});

describe("providers", () => {
  it("uses the providers it is given and creates none", async () => {
    const context = caseContext("gold", "restricted", "none");
    const { parent, settle } = captureParent("given-providers");
    const primary = new aws.Provider("primary", { region: "us-east-1" });
    const secondary = new aws.Provider("secondary", { region: "us-west-2" });
    await valueOf(deployAws(context, parent, { primary, secondary }));
    await settle();
    expect(
      recorder
        .ofType(PROVIDER)
        .map((p) => p.name)
        .sort(),
    ).toEqual(["primary", "secondary"]);
    const bucketProviders = Object.fromEntries(
      recorder.ofType("aws:s3/bucket:Bucket").map((b) => [b.name, b.provider?.split("::")[3]]),
    );
    // Each log bucket is in its source's region (S3 logs within a region only).
    expect(bucketProviders).toEqual({
      "storage-bucket": "primary",
      "storage-logs-bucket": "primary",
      "backup-replica-bucket": "secondary",
      "backup-replica-logs-bucket": "secondary",
    });
  });

  it("places the gold copy in the region pair's default secondary when the spec names none", async () => {
    const context = productContext({
      spec: exampleInput("customer-events.yaml"),
      environment: "prod",
    });
    const { parent, settle } = captureParent("default-secondary");
    const outputs = await valueOf(deployAws(context, parent, {}));
    await settle();
    expect(outputs.backup).toEqual({
      kind: "s3-replication+aws-backup",
      region: "eu-central-1",
      location: `s3://${context.names.aws.replicaBucket}`,
    });
    expect(recorder.ofType(PROVIDER).map((p) => [p.name, p.inputs.region])).toEqual([
      ["aws-eu-west-1", "eu-west-1"],
      ["backup-eu-central-1", "eu-central-1"],
    ]);
  });
});

describe("InferenceFunction invokers", () => {
  it("grants each invoker both Function URL permissions on the live alias", async () => {
    const context = caseContext("silver", "internal", "zip");
    const { parent, settle } = captureParent("invokers");
    const principal = `arn:aws:iam::${ACCOUNT}:role/risk-analyst`;
    new InferenceFunction(
      "fn",
      {
        context,
        bucket: "b",
        bucketArn: "arn:aws:s3:::b",
        tablePath: "iceberg/p",
        kmsKeyArn: undefined,
        invokers: [principal],
      },
      { parent },
    );
    await settle();
    const permissions = recorder
      .ofType("aws:lambda/permission:Permission")
      .filter((p) => p.name.startsWith("fn-url"))
      .map((p) => [
        p.inputs.action,
        p.inputs.principal,
        p.inputs.qualifier,
        p.inputs.functionUrlAuthType,
        p.inputs.invokedViaFunctionUrl,
      ])
      .sort();
    expect(permissions).toEqual([
      ["lambda:InvokeFunction", principal, "live", undefined, true],
      ["lambda:InvokeFunctionUrl", principal, "live", "AWS_IAM", undefined],
    ]);
  });
});
