/** Pure AWS planning: lifecycle rules, IAM documents, Glue/Iceberg mapping, Lambda, backups. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TableSpec } from "#contract";
import { VAULT_LOCK, backupRules } from "#components/aws/planning/backup";
import {
  icebergPartitionFields,
  icebergSchemaFields,
  icebergSortFields,
} from "#components/aws/planning/glue-schema";
import {
  accessLogDeliveryStatement,
  inferencePolicy,
  replicationPolicy,
  serviceTrustPolicy,
  tlsOnlyBucketPolicy,
} from "#components/aws/planning/iam";
import {
  checkLambdaImage,
  errorRateQueries,
  lambdaConcurrency,
  s3Location,
} from "#components/aws/planning/inference";
import {
  currentVersionTransitions,
  deepArchiveDay,
  lifecycleRules,
} from "#components/aws/planning/lifecycle";
import { statementProblems, wildcardProblems } from "#components/policy/aws";
import { IMAGE } from "./harness";

/** Lifecycles the contract accepts on AWS: cool >= 30, archive >= cool + 30, expire >= archive. */
const lifecycles = fc
  .record({
    cool: fc.integer({ min: 30, max: 400 }),
    toArchive: fc.integer({ min: 30, max: 400 }),
    toExpire: fc.integer({ min: 0, max: 4000 }),
  })
  .map(({ cool, toArchive, toExpire }) => ({
    coolAfterDays: cool,
    archiveAfterDays: cool + toArchive,
    expireAfterDays: cool + toArchive + toExpire,
  }));

const DATA = "iceberg/orders/data/";

describe("lifecycle rules", () => {
  it("writes the four rules for the silver defaults exactly: only data files tier and expire", () => {
    expect(
      lifecycleRules({
        lifecycle: { coolAfterDays: 30, archiveAfterDays: 90, expireAfterDays: 365 },
        noncurrentDays: 14,
        allowDeepArchive: false,
        dataPrefix: DATA,
      }),
    ).toEqual([
      {
        id: "tier-and-expire-data",
        status: "Enabled",
        filter: { prefix: DATA },
        transitions: [
          { days: 30, storageClass: "STANDARD_IA" },
          { days: 90, storageClass: "GLACIER_IR" },
        ],
        expiration: { days: 365 },
      },
      {
        id: "expire-noncurrent",
        status: "Enabled",
        filter: { prefix: "" },
        noncurrentVersionExpiration: { noncurrentDays: 14 },
      },
      {
        id: "remove-expired-delete-markers",
        status: "Enabled",
        filter: { prefix: "" },
        expiration: { expiredObjectDeleteMarker: true },
      },
      {
        id: "abort-incomplete-uploads",
        status: "Enabled",
        filter: { prefix: "" },
        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
      },
    ]);
  });

  it("skips the steps the data would leave before the class minimum (bronze never archives)", () => {
    const rule = (coolAfterDays: number, archiveAfterDays: number, expireAfterDays: number) =>
      lifecycleRules({
        lifecycle: { coolAfterDays, archiveAfterDays, expireAfterDays },
        noncurrentDays: 7,
        allowDeepArchive: false,
        dataPrefix: DATA,
      })[0]?.transitions;
    expect(rule(30, 90, 90)).toEqual([{ days: 30, storageClass: "STANDARD_IA" }]);
    expect(rule(30, 90, 179)).toEqual([{ days: 30, storageClass: "STANDARD_IA" }]);
    expect(rule(30, 90, 180)?.map((t) => t.storageClass)).toEqual(["STANDARD_IA", "GLACIER_IR"]);
    // A retention shorter than Standard-IA's minimum: the data expires in STANDARD.
    expect(rule(30, 90, 45)).toBeUndefined();
  });

  it("puts data in DEEP_ARCHIVE only when allowed and when it stays the 180-day minimum", () => {
    expect(
      deepArchiveDay({ coolAfterDays: 30, archiveAfterDays: 180, expireAfterDays: 2555 }),
    ).toBe(270);
    expect(deepArchiveDay({ coolAfterDays: 30, archiveAfterDays: 90, expireAfterDays: 360 })).toBe(
      180,
    );
    expect(deepArchiveDay({ coolAfterDays: 30, archiveAfterDays: 90, expireAfterDays: 359 })).toBe(
      undefined,
    );
    expect(deepArchiveDay({ coolAfterDays: 30, archiveAfterDays: 90, expireAfterDays: 90 })).toBe(
      undefined,
    );
    const gold = { coolAfterDays: 30, archiveAfterDays: 90, expireAfterDays: 2555 };
    expect(currentVersionTransitions(gold, false).map((t) => t.storageClass)).toEqual([
      "STANDARD_IA",
      "GLACIER_IR",
    ]);
    expect(currentVersionTransitions(gold, true)).toEqual([
      { days: 30, storageClass: "STANDARD_IA" },
      { days: 90, storageClass: "GLACIER_IR" },
      { days: 180, storageClass: "DEEP_ARCHIVE" },
    ]);
  });

  it("property: transitions ascend, each class is kept its minimum, nothing expires early", () => {
    fc.assert(
      fc.property(
        lifecycles,
        fc.boolean(),
        fc.integer({ min: 1, max: 90 }),
        (lifecycle, deep, noncurrent) => {
          const [main] = lifecycleRules({
            lifecycle,
            noncurrentDays: noncurrent,
            allowDeepArchive: deep,
            dataPrefix: DATA,
          });
          expect(main?.filter).toEqual({ prefix: DATA });
          const steps = main?.transitions ?? [];
          const leave = [...steps.slice(1).map((t) => t.days), lifecycle.expireAfterDays];
          const minimum = { STANDARD_IA: 30, GLACIER_IR: 90, DEEP_ARCHIVE: 180 };
          steps.forEach((step, i) => {
            expect((leave[i] ?? 0) - step.days).toBeGreaterThanOrEqual(minimum[step.storageClass]);
          });
          if (steps[0] !== undefined) expect(steps[0].days).toBeGreaterThanOrEqual(30);
          expect(main?.expiration).toEqual({ days: lifecycle.expireAfterDays });
        },
      ),
    );
  });

  it("refuses a prefix that is not a folder and a bad noncurrent window", () => {
    const args = {
      lifecycle: { coolAfterDays: 30, archiveAfterDays: 90, expireAfterDays: 365 },
      noncurrentDays: 7,
      allowDeepArchive: false,
      dataPrefix: DATA,
    };
    expect(() => lifecycleRules({ ...args, dataPrefix: "" })).toThrow(
      'dataPrefix must be a folder below the bucket root ending in "/", got ""',
    );
    expect(() => lifecycleRules({ ...args, dataPrefix: "iceberg/orders/data" })).toThrow(
      /dataPrefix must be a folder/,
    );
    expect(() => lifecycleRules({ ...args, noncurrentDays: 0 })).toThrow(
      "noncurrentDays must be a whole number of at least 1, got 0",
    );
  });
});

describe("IAM documents", () => {
  const bucketArn = "arn:aws:s3:::mp-payments-x";
  const keyArn = "arn:aws:kms:us-east-1:123456789012:key/k";
  const logGroupArn = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/fn";

  it("trusts exactly one service", () => {
    expect(serviceTrustPolicy("lambda.amazonaws.com")).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "ServiceAssumesRole",
          Effect: "Allow",
          Action: ["sts:AssumeRole"],
          Principal: { Service: "lambda.amazonaws.com" },
        },
      ],
    });
  });

  it("denies every request without TLS on the bucket and its objects", () => {
    expect(tlsOnlyBucketPolicy(bucketArn).Statement).toEqual([
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: ["s3:*"],
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ]);
  });

  it("lets S3 write access logs below the log prefix, for the named source of this account only", () => {
    const logArn = "arn:aws:s3:::mp-payments-logs";
    const statement = accessLogDeliveryStatement({
      logBucketArn: logArn,
      prefix: "access/",
      sourceBucketArns: [bucketArn],
      accountId: "123456789012",
    });
    expect(tlsOnlyBucketPolicy(logArn, [statement]).Statement.map((s) => s.Sid)).toEqual([
      "DenyInsecureTransport",
      "AllowServerAccessLogs",
    ]);
    expect(statement).toEqual({
      Sid: "AllowServerAccessLogs",
      Effect: "Allow",
      Principal: { Service: "logging.s3.amazonaws.com" },
      Action: ["s3:PutObject"],
      Resource: [`${logArn}/access/*`],
      Condition: {
        ArnLike: { "aws:SourceArn": [bucketArn] },
        StringEquals: { "aws:SourceAccount": "123456789012" },
      },
    });
  });

  it("lets the function decrypt only with a key, and leaves the statement out without one", () => {
    const withKey = inferencePolicy({
      bucketArn,
      prefix: "iceberg/p",
      keyArn,
      region: "us-east-1",
      logGroupArn,
    });
    const withoutKey = inferencePolicy({
      bucketArn,
      prefix: "iceberg/p",
      keyArn: undefined,
      region: "us-east-1",
      logGroupArn,
    });
    expect(withKey.Statement.map((s) => s.Sid)).toEqual([
      "ReadProductObjects",
      "ListProductPrefix",
      "DecryptProductKey",
      "WriteOwnLogs",
      "WriteTraces",
    ]);
    expect(withoutKey.Statement.map((s) => s.Sid)).toEqual([
      "ReadProductObjects",
      "ListProductPrefix",
      "WriteOwnLogs",
      "WriteTraces",
    ]);
  });

  it("lets the function send failed events to its queue through the queue's key only", () => {
    const queueArn = "arn:aws:sqs:us-east-1:123456789012:fn-failures";
    const telemetryKey = "arn:aws:kms:us-east-1:123456789012:key/t";
    const policy = inferencePolicy({
      bucketArn,
      prefix: "iceberg/p",
      keyArn: undefined,
      region: "us-east-1",
      logGroupArn,
      failureQueue: { queueArn, keyArn: telemetryKey },
    });
    expect(policy.Statement.slice(-2)).toEqual([
      {
        Sid: "SendFailedEvents",
        Effect: "Allow",
        Action: ["sqs:SendMessage"],
        Resource: [queueArn],
      },
      {
        Sid: "EncryptFailedEvents",
        Effect: "Allow",
        Action: ["kms:GenerateDataKey", "kms:Decrypt"],
        Resource: [telemetryKey],
        Condition: { StringEquals: { "kms:ViaService": "sqs.us-east-1.amazonaws.com" } },
      },
    ]);
  });

  it("property: function and replication policies never trip the wildcard rule (MP-IAM-001)", () => {
    const slug = fc.stringMatching(/^[a-z][a-z0-9-]{2,20}$/);
    const region = fc.constantFrom("us-east-1", "eu-west-1", "ap-southeast-2");
    fc.assert(
      fc.property(slug, slug, region, region, fc.boolean(), (bucket, product, r1, r2, cmk) => {
        const key = cmk ? `arn:aws:kms:${r1}:123456789012:key/${product}` : undefined;
        const documents = [
          inferencePolicy({
            bucketArn: `arn:aws:s3:::${bucket}`,
            prefix: `iceberg/${product}`,
            keyArn: key,
            region: r1,
            logGroupArn: `arn:aws:logs:${r1}:123456789012:log-group:/aws/lambda/${product}`,
            failureQueue: {
              queueArn: `arn:aws:sqs:${r1}:123456789012:${product}-failures`,
              keyArn: `arn:aws:kms:${r1}:123456789012:key/${product}-telemetry`,
            },
          }),
          replicationPolicy({
            sourceBucketArn: `arn:aws:s3:::${bucket}`,
            replicaBucketArn: `arn:aws:s3:::${bucket}-replica`,
            sourceRegion: r1,
            replicaRegion: r2,
            sourceKeyArn: key,
            replicaKeyArn: key,
          }),
        ];
        const [inference, replication] = documents;
        expect(inference?.Statement.flatMap(statementProblems)).toEqual([]);
        expect(replication?.Statement.flatMap(wildcardProblems)).toEqual([]);
      }),
    );
  });
});

describe("Glue and Iceberg mapping", () => {
  const table = TableSpec.parse({
    columns: [
      { name: "event_id", type: "uuid", required: true, doc: "Unique id" },
      { name: "event_ts", type: "timestamptz", required: true },
      { name: "customer_id", type: "long" },
      { name: "country", type: "string" },
      { name: "amount", type: "decimal(12,2)" },
    ],
    partitionSpec: [
      { column: "event_ts", transform: "day" },
      { column: "customer_id", transform: "bucket[16]" },
      { column: "country", transform: "identity" },
      { column: "country", transform: "truncate[2]" },
    ],
    sortOrder: [{ column: "event_ts", direction: "desc", nullOrder: "nulls-first" }],
  });

  it("numbers schema fields from 1 in column order, with Iceberg spellings as JSON", () => {
    expect(icebergSchemaFields(table)).toEqual([
      { id: 1, name: "event_id", type: '"uuid"', required: true, doc: "Unique id" },
      { id: 2, name: "event_ts", type: '"timestamptz"', required: true },
      { id: 3, name: "customer_id", type: '"long"', required: false },
      { id: 4, name: "country", type: '"string"', required: false },
      { id: 5, name: "amount", type: '"decimal(12,2)"', required: false },
    ]);
  });

  it("property: schema ids are 1..n, partition ids from 1000, each partition points at its column", () => {
    const columnType = fc.constantFrom("int", "long", "string", "date", "timestamptz", "double");
    const columns = fc.uniqueArray(
      fc.record({ name: fc.stringMatching(/^[a-z][a-z0-9_]{0,15}$/), type: columnType }),
      { minLength: 1, maxLength: 12, selector: (column) => column.name },
    );
    const tables = columns.chain((cols) =>
      fc
        .uniqueArray(fc.nat({ max: cols.length - 1 }), { maxLength: cols.length })
        .map((picked) => ({
          columns: cols,
          partitionSpec: picked.map((index) => ({
            column: cols[index]?.name ?? "",
            transform: "identity",
          })),
        })),
    );
    fc.assert(
      fc.property(tables, (raw) => {
        const table = TableSpec.parse(raw);
        const fields = icebergSchemaFields(table);
        expect(fields.map((f) => f.id)).toEqual(table.columns.map((_, i) => i + 1));
        const idByName = new Map(fields.map((f) => [f.name, f.id]));
        const partitions = icebergPartitionFields(table);
        expect(partitions.map((p) => p.fieldId)).toEqual(
          table.partitionSpec.map((_, i) => 1000 + i),
        );
        partitions.forEach((partition, i) => {
          expect(partition.sourceId).toBe(idByName.get(table.partitionSpec[i]?.column ?? ""));
        });
      }),
    );
  });

  it("cuts column docs to the 255 characters Glue accepts", () => {
    const long = TableSpec.parse({ columns: [{ name: "a", type: "int", doc: "x".repeat(300) }] });
    expect(icebergSchemaFields(long)[0]?.doc).toBe("x".repeat(255));
  });

  it("maps the partition spec with Iceberg's default field names and ids from 1000", () => {
    expect(icebergPartitionFields(table)).toEqual([
      { fieldId: 1000, name: "event_ts_day", sourceId: 2, transform: "day" },
      { fieldId: 1001, name: "customer_id_bucket", sourceId: 3, transform: "bucket[16]" },
      { fieldId: 1002, name: "country", sourceId: 4, transform: "identity" },
      { fieldId: 1003, name: "country_trunc", sourceId: 4, transform: "truncate[2]" },
    ]);
    expect(icebergSortFields(table)).toEqual([
      { sourceId: 2, transform: "identity", direction: "desc", nullOrder: "nulls-first" },
    ]);
  });
});

describe("Lambda planning", () => {
  it("caps concurrency always, and never below what is kept warm", () => {
    expect(lambdaConcurrency({ provisionedConcurrency: 0 })).toEqual({
      reserved: 10,
      provisioned: 0,
    });
    expect(lambdaConcurrency({ provisionedConcurrency: 25 })).toEqual({
      reserved: 25,
      provisioned: 25,
    });
    expect(lambdaConcurrency({ provisionedConcurrency: 5, reservedConcurrency: 100 })).toEqual({
      reserved: 100,
      provisioned: 5,
    });
    expect(() => lambdaConcurrency({ provisionedConcurrency: 6, reservedConcurrency: 5 })).toThrow(
      "provisionedConcurrency (6) cannot exceed reservedConcurrency (5)",
    );
  });

  it("splits s3:// artifacts and accepts only ECR images in the function's region", () => {
    expect(s3Location("s3://acme-artifacts/a/b.zip")).toEqual({
      bucket: "acme-artifacts",
      key: "a/b.zip",
    });
    expect(() => s3Location("s3://acme-artifacts")).toThrow("must be s3://<bucket>/<key>");
    expect(() => {
      checkLambdaImage(IMAGE, "us-east-1");
    }).not.toThrow();
    expect(() => {
      checkLambdaImage("docker.io/library/python:3.12", "us-east-1");
    }).toThrow("Lambda runs container images from Amazon ECR");
    expect(() => {
      checkLambdaImage(IMAGE, "eu-west-1");
    }).toThrow("from an ECR repository in its own region eu-west-1, not us-east-1");
    expect(() => {
      checkLambdaImage(IMAGE.replace(".dkr.ecr.", ".dkr.ecr-fips."), "us-east-1");
    }).toThrow("Lambda runs container images from Amazon ECR");
  });

  it("computes the error rate in percent, safe when there are no invocations", () => {
    const queries = errorRateQueries("fn");
    expect(queries.filter((q) => q.returnData).map((q) => q.expression)).toEqual([
      "IF(invocations > 0, 100 * errors / invocations, 0)",
    ]);
    expect(queries.map((q) => q.metric?.metricName)).toEqual(["Errors", "Invocations", undefined]);
  });
});

describe("backup rules", () => {
  it("keeps daily backups 30 days and monthly ones 12 months, both copied, and continuous 35 days", () => {
    const rules = backupRules({
      vaultName: "v",
      copyVaultArn: "arn:aws:backup:us-west-2:1:backup-vault:r",
    });
    expect(
      rules.map((r) => [r.ruleName, r.schedule, r.lifecycle.deleteAfter, r.copyActions]),
    ).toEqual([
      [
        "daily",
        "cron(0 3 * * ? *)",
        30,
        [
          {
            destinationVaultArn: "arn:aws:backup:us-west-2:1:backup-vault:r",
            lifecycle: { deleteAfter: 30 },
          },
        ],
      ],
      [
        "monthly",
        "cron(0 4 1 * ? *)",
        365,
        [
          {
            destinationVaultArn: "arn:aws:backup:us-west-2:1:backup-vault:r",
            lifecycle: { deleteAfter: 365 },
          },
        ],
      ],
      // Point-in-time restore; a copy to another region would lose it, so there is none.
      ["continuous", "cron(0 5 * * ? *)", 35, undefined],
    ]);
    expect(rules.map((r) => r.enableContinuousBackup)).toEqual([undefined, undefined, true]);
  });

  it("locks vaults in compliance mode no longer than every rule keeps its backups", () => {
    const rules = backupRules({ vaultName: "v", copyVaultArn: "arn" });
    expect(VAULT_LOCK).toEqual({ changeableForDays: 3, minRetentionDays: 30 });
    const kept = rules.flatMap((r) => [
      r.lifecycle.deleteAfter,
      ...(r.copyActions ?? []).map((c) => c.lifecycle.deleteAfter),
    ]);
    expect(Math.min(...kept)).toBeGreaterThanOrEqual(VAULT_LOCK.minRetentionDays);
  });
});
