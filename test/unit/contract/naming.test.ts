/**
 * Property tests: every derived name satisfies its cloud's published naming rules, and distinct
 * identities never share a name.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { resourceNames, type ResourceNames } from "#contract";

const word = fc.stringMatching(/^[a-z][a-z0-9]{0,9}$/);
const slug = (min: number, max: number) =>
  fc
    .array(word, { minLength: 1, maxLength: 6 })
    .map((words) => words.join("-"))
    .filter((s) => s.length >= min && s.length <= max);

const identity = fc.record({
  organization: fc
    .stringMatching(/^[a-z][a-z0-9]{1,7}$/)
    .filter((o) => !["xn", "sthree", "goog", "amzn", "aws"].some((p) => o.startsWith(p))),
  domain: slug(2, 24),
  name: slug(3, 40),
  environment: fc.stringMatching(/^[a-z][a-z0-9]{1,11}$/),
});

/** Each cloud's rule for the name, from its documentation. */
const RULES: Record<string, (name: string) => boolean> = {
  stack: (n) => /^[A-Za-z0-9_.-]{1,100}$/.test(n),
  "aws.warehouseBucket": s3Bucket,
  "aws.replicaBucket": s3Bucket,
  "aws.kmsAlias": (n) => /^alias\/[a-zA-Z0-9/_-]{1,250}$/.test(n) && !n.startsWith("alias/aws/"),
  "aws.replicaKmsAlias": (n) => /^alias\/[a-zA-Z0-9/_-]{1,250}$/.test(n),
  "aws.glueDatabase": (n) => /^[a-z0-9_]{1,255}$/.test(n),
  "aws.glueTable": (n) => /^[a-z0-9_]{1,255}$/.test(n),
  "aws.lambdaFunction": (n) => /^[a-zA-Z0-9_-]{1,64}$/.test(n),
  "aws.inferenceRole": iamRole,
  "aws.replicationRole": iamRole,
  "aws.backupRole": iamRole,
  "aws.backupVault": (n) => /^[a-zA-Z0-9_-]{2,50}$/.test(n),
  "aws.replicaBackupVault": (n) => /^[a-zA-Z0-9_-]{2,50}$/.test(n),
  "aws.backupPlan": (n) => /^[a-zA-Z0-9_.-]{1,50}$/.test(n),
  "aws.accessLogBucket": s3Bucket,
  "aws.replicaAccessLogBucket": s3Bucket,
  "aws.telemetryKmsAlias": (n) => /^alias\/[a-zA-Z0-9/_-]{1,250}$/.test(n),
  "aws.inferenceFailureQueue": (n) => /^[a-zA-Z0-9_-]{1,80}$/.test(n),
  "azure.resourceGroup": (n) => /^[\w.()-]{1,90}$/.test(n) && !n.endsWith("."),
  "azure.storageAccount": (n) => /^[a-z0-9]{3,24}$/.test(n),
  "azure.container": (n) => /^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/.test(n),
  "azure.keyVault": (n) => /^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/.test(n),
  "azure.functionApp": (n) => /^[a-zA-Z0-9](?!.*--)[a-zA-Z0-9-]{0,58}[a-zA-Z0-9]$/.test(n),
  "azure.functionCodeDeployment": (n) => /^[-\w.()]{1,64}$/.test(n),
  "azure.functionPlan": (n) => /^[a-zA-Z0-9-]{1,60}$/.test(n),
  "azure.appInsights": (n) => /^[^%&\\?/]{1,255}$/.test(n),
  "azure.backupVault": (n) => /^[a-zA-Z][a-zA-Z0-9-]{1,49}$/.test(n),
  "azure.functionStorage": (n) => /^[a-z0-9]{3,24}$/.test(n),
  "azure.logAnalytics": (n) => /^[A-Za-z0-9][A-Za-z0-9-]{2,61}[A-Za-z0-9]$/.test(n),
  "azure.storageIdentity": (n) => /^[a-zA-Z0-9][a-zA-Z0-9_-]{2,127}$/.test(n),
  "azure.eventGridTopic": (n) => /^[a-zA-Z0-9-]{3,128}$/.test(n),
  "azure.virtualNetwork": (n) => /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}[a-zA-Z0-9_]$/.test(n),
  "gcp.warehouseBucket": gcsBucket,
  "gcp.backupBucket": gcsBucket,
  "gcp.bigqueryDataset": (n) => /^[a-zA-Z0-9_]{1,1024}$/.test(n),
  "gcp.bigqueryTable": (n) => /^[a-zA-Z0-9_]{1,1024}$/.test(n),
  "gcp.bigLakeConnection": (n) => /^[a-zA-Z0-9_]{1,64}$/.test(n),
  "gcp.kmsKeyRing": (n) => /^[a-zA-Z0-9_-]{1,63}$/.test(n),
  "gcp.kmsKey": (n) => /^[a-zA-Z0-9_-]{1,63}$/.test(n),
  "gcp.cloudRunService": (n) => /^[a-z](?:[a-z0-9-]{0,47}[a-z0-9])?$/.test(n),
  "gcp.serviceAccountId": (n) => /^[a-z](?:[-a-z0-9]{4,28}[a-z0-9])$/.test(n),
  "gcp.triggerServiceAccountId": (n) => /^[a-z](?:[-a-z0-9]{4,28}[a-z0-9])$/.test(n),
  "gcp.eventsTopic": pubsubName,
  "gcp.eventsSubscription": pubsubName,
  "gcp.deadLetterTopic": pubsubName,
  "gcp.deadLetterSubscription": pubsubName,
  "gcp.logBucket": gcsBucket,
  "gcp.functionLogBucket": (n) => /^[A-Za-z0-9_.-]{1,100}$/.test(n),
  "gcp.functionLogSink": (n) => /^[A-Za-z0-9_.-]{1,100}$/.test(n),
  "local.warehousePath": (n) => /^warehouse(\/[a-z0-9-]+){3}$/.test(n),
};

/** Pub/Sub topic and subscription ids: 3-255 characters, a letter first, never "goog" first. */
function pubsubName(n: string): boolean {
  return /^[A-Za-z][A-Za-z0-9_.~+%-]{2,254}$/.test(n) && !n.startsWith("goog");
}

function s3Bucket(n: string): boolean {
  return (
    /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(n) &&
    !/^(xn--|sthree-|amzn-s3-demo-)/.test(n) &&
    !/(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(n)
  );
}

function iamRole(n: string): boolean {
  return /^[\w+=,.@-]{1,64}$/.test(n);
}

function gcsBucket(n: string): boolean {
  return (
    /^[a-z0-9][a-z0-9_-]{1,61}[a-z0-9]$/.test(n) &&
    !n.startsWith("goog") &&
    !/g[o0]{2}g[l1]e/.test(n)
  );
}

function flatten(names: ResourceNames): Record<string, string> {
  const out: Record<string, string> = { stack: names.stack };
  for (const cloud of ["aws", "azure", "gcp", "local"] as const) {
    for (const [kind, value] of Object.entries(names[cloud])) out[`${cloud}.${kind}`] = value;
  }
  return out;
}

/** Names that are shared on purpose: one Glue database / BigQuery dataset per domain. */
const PER_DOMAIN = new Set(["aws.glueDatabase", "gcp.bigqueryDataset"]);
const PER_NAME = new Set(["aws.glueTable", "gcp.bigqueryTable"]);

describe("derived resource names", () => {
  it("has a rule for every derived name", () => {
    const kinds = Object.keys(
      flatten(resourceNames({ domain: "ab", name: "abc", environment: "dev" })),
    );
    expect(kinds.sort()).toEqual(Object.keys(RULES).sort());
  });

  it("are valid for their cloud for any identity", () => {
    fc.assert(
      fc.property(identity, (id) => {
        for (const [kind, name] of Object.entries(flatten(resourceNames(id)))) {
          expect(RULES[kind]?.(name), `${kind} = ${name}`).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("never collide for distinct identities", () => {
    fc.assert(
      fc.property(identity, identity, (a, b) => {
        fc.pre(JSON.stringify(a) !== JSON.stringify(b));
        const na = flatten(resourceNames(a));
        const nb = flatten(resourceNames(b));
        for (const kind of Object.keys(na)) {
          if (PER_DOMAIN.has(kind) || PER_NAME.has(kind)) continue;
          expect(na[kind], kind).not.toBe(nb[kind]);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("never collide for identities built to collide after hyphens are dropped or moved", () => {
    const a = resourceNames({ domain: "ab-c", name: "def", environment: "prod" });
    const b = resourceNames({ domain: "ab", name: "c-def", environment: "prod" });
    const fa = flatten(a);
    const fb = flatten(b);
    for (const kind of Object.keys(fa)) {
      if (PER_DOMAIN.has(kind) || PER_NAME.has(kind)) continue;
      expect(fa[kind], kind).not.toBe(fb[kind]);
    }
  });

  it("keep the function code deployment at <functionApp>-code whenever that fits ARM's 64", () => {
    fc.assert(
      fc.property(identity, (id) => {
        const { functionApp, functionCodeDeployment } = resourceNames(id).azure;
        if (`${functionApp}-code`.length <= 64) {
          expect(functionCodeDeployment).toBe(`${functionApp}-code`);
        }
      }),
      { numRuns: 500 },
    );
    // A 60-character Function App name: the deployment name is cut before the hash instead.
    const long = resourceNames({
      domain: "a".repeat(24),
      name: "b".repeat(40),
      environment: "production12",
    }).azure;
    expect(long.functionApp).toHaveLength(60);
    expect(long.functionCodeDeployment).toHaveLength(64);
    expect(long.functionCodeDeployment).toMatch(/^fn-mp-a+-b+-[a-z2-7]{8}-code$/);
  });

  it("share the catalog database within a domain and keep tables apart", () => {
    const orders = resourceNames({ domain: "sales", name: "orders", environment: "prod" });
    const refunds = resourceNames({ domain: "sales", name: "refunds", environment: "prod" });
    expect(orders.aws.glueDatabase).toBe(refunds.aws.glueDatabase);
    expect(orders.aws.glueTable).not.toBe(refunds.aws.glueTable);
  });

  it("are stable across releases (changing them would orphan deployed resources)", () => {
    const names = resourceNames({
      domain: "payments",
      name: "card-transactions",
      environment: "prod",
    });
    expect(names.stack).toBe("payments.card-transactions.prod");
    expect(names.aws.warehouseBucket).toBe("mp-payments-card-transactions-prod-x6dkzl4k");
    expect(names.azure.storageAccount).toBe("stmppaymentscardx6dkzl4k");
    expect(names.gcp.serviceAccountId).toBe("sa-mp-payments-cardtr-x6dkzl4k");
  });

  it("keeps GCS names free of the word google", () => {
    const names = resourceNames({ domain: "ads", name: "google-campaigns", environment: "prod" });
    expect(names.gcp.warehouseBucket).not.toMatch(/google/);
    expect(names.gcp.warehouseBucket).toMatch(/^mp-ads-ggl-campaigns-prod-[a-z2-7]{8}$/);
  });

  it("rejects an invalid identity with the field named", () => {
    expect(() => resourceNames({ domain: "Sales", name: "orders", environment: "prod" })).toThrow(
      /domain/,
    );
    expect(() =>
      resourceNames({
        organization: "goog1",
        domain: "sales",
        name: "orders",
        environment: "prod",
      }),
    ).toThrow(/reserved by the clouds/);
  });
});
