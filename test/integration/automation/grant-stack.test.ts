/**
 * From the grants table to the deployed graph (issue #18): the worker, on a real database, reads
 * a GCP product's grants when its `up` starts and passes them as `meshplane:grants`; the Pulumi
 * program of that stack config, planned under the production plan mocks (infra/plan/mocks.ts: no
 * cloud plugins on this machine), builds an AccessGrant for the approved grant only — not for
 * the revoked, expired or past-its-end ones — and after the grant is revoked (or expires) the next
 * `up`'s config and graph have none. Only the operation's child process is faked (it captures
 * the config instead of running the CLI).
 */
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import * as pulumi from "@pulumi/pulumi";
import { DataProductSpec } from "#contract";
import { parseWorkerConfig } from "#config";
import type { ChildHandlers, ChildResult } from "#infra/automation/child";
import type { ParentMessage } from "#infra/automation/protocol";
import { Worker } from "#infra/automation/worker";
import { installPlanMocks } from "#infra/plan/mocks";
import { parseStackConfig, type ProductStackConfig } from "#infra/stack-config";
import { enqueue } from "#workflow/deployment-queue";
import { expireDueGrants } from "#workflow/access-expiry";
import { approvalsFor } from "../../support/access";
import { freshDatabase, type TestDatabase } from "../../support/database";
import { exampleInput } from "../../support/specs";

const captured = vi.hoisted(() => ({ messages: [] as unknown[] }));

vi.mock("#infra/automation/child", () => ({
  runInChild: (message: unknown, _handlers: ChildHandlers = {}) => {
    captured.messages.push(message);
    const result: ChildResult = { ok: true, outcome: { changes: {}, outputs: undefined } };
    return { result: Promise.resolve(result), cancel: () => {} };
  },
  SpareChild: class {
    prepare(): void {}
    take(): undefined {
      return undefined;
    }
    close(): void {}
  },
}));

const DAY = 86_400_000;
const spec = DataProductSpec.parse(exampleInput("fraud-scores.yaml"));
const STACK = `${spec.domain}.${spec.name}.dev`;
const ACCESS_GRANT = "meshplane:gcp:AccessGrant";
const READER = {
  kind: "gcp-service-account",
  email: "churn-reader@customer-prod.iam.gserviceaccount.com",
};

let db: TestDatabase;
let productId = "";

beforeAll(async () => {
  db = await freshDatabase("pglite");
  for (const slug of [spec.domain, "customer"])
    await db.prisma.domain.create({ data: { slug, name: slug } });
  const product = await db.prisma.dataProduct.create({
    data: {
      domain: spec.domain,
      name: spec.name,
      displayName: spec.displayName,
      description: spec.description,
      tier: spec.tier,
      classification: spec.classification,
      cloud: "gcp",
      region: spec.target.region,
      ownerTeam: spec.owners.team,
      ownerEmails: spec.owners.emails,
      spec: JSON.parse(JSON.stringify(spec)) as object,
      status: "live",
      stackName: STACK,
      environment: "dev",
      // As the stack's catalog entry registered it: the worker checks this after an `up`.
      outputs: { cloud: "gcp", region: spec.target.region },
    },
  });
  productId = product.id;
  const grant = (id: string, status: "approved" | "revoked" | "expired", endsInDays: number) =>
    db.prisma.accessGrant.create({
      data: {
        id,
        productId,
        consumer: "customer",
        requestedBy: "cora",
        classification: spec.classification,
        principal: READER,
        purpose: "churn features for the customer model",
        endsAt: new Date(Date.now() + endsInDays * DAY),
        status,
        approvals: approvalsFor(spec.classification),
        decidedAt: new Date(),
      },
    });
  await grant("gactive", "approved", 30);
  await grant("grevoked", "revoked", 30);
  await grant("gexpired", "expired", -1);
  // Approved but past its end date, before the expiry task's pass: the worker leaves it out too.
  await grant("gpastend", "approved", -1);
});
afterAll(async () => {
  await db.close();
});

/** Runs one queued `up` through the worker; answers the stack config it gave the child. */
async function upConfig(queued?: string): Promise<ProductStackConfig> {
  const before = captured.messages.length;
  const { deployment } = await enqueue(db.prisma, {
    productId,
    stackName: STACK,
    environment: "dev",
    operation: "up",
    spec,
  });
  if (queued !== undefined) expect(deployment.id).toBe(queued);
  const settings = parseWorkerConfig({
    MESHPLANE_DATA_DIR: "/nonexistent",
    MESHPLANE_WORKER_POLL_MS: "100",
    MESHPLANE_PLATFORM_TOKEN: "p".repeat(40),
  });
  const worker = new Worker(db.prisma, settings, { log: () => {} });
  await worker.start();
  try {
    await vi.waitFor(
      async () => {
        const row = await db.prisma.deployment.findUniqueOrThrow({ where: { id: deployment.id } });
        expect([row.status, row.error]).toEqual(["succeeded", null]);
      },
      { timeout: 20_000, interval: 100 },
    );
  } finally {
    await worker.stop();
  }
  expect(captured.messages.length).toBe(before + 1);
  const message = captured.messages.at(-1) as Extract<ParentMessage, { kind: "run" }>;
  expect([message.operation, message.stackName]).toEqual(["up", STACK]);
  const map = message.config ?? {};
  const config = parseStackConfig((key) => map[`meshplane:${key}`]?.value);
  if (config.kind !== "product") throw new Error("not a product stack config");
  return config;
}

function resolved<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => {
    output.apply((value) => {
      resolve(value);
      return value;
    });
  });
}

/** The program's graph for the stack config, under the plan mocks, once its catalog entry is in. */
async function graphOf(config: ProductStackConfig) {
  const recorded = installPlanMocks(spec.target.region);
  const { productStack } = await import("#infra/product-stack");
  await resolved(productStack(config));
  await vi.waitFor(() => {
    expect(recorded.some((r) => r.type.endsWith(":MeshCatalogEntry"))).toBe(true);
  });
  return recorded;
}

it("deploys the approved grant only, and none after it is revoked or expires", async () => {
  const first = await upConfig();
  expect(first.grants?.map((grant) => grant.id)).toEqual(["gactive"]);
  const graph = await graphOf(first);
  const grants = graph.filter((r) => r.type === ACCESS_GRANT);
  expect(grants.map((r) => r.inputs)).toEqual([{ grantId: "gactive", consumer: "customer" }]);
  const member = `serviceAccount:${READER.email}`;
  const bindings = graph.filter((r) => r.inputs.member === member).map((r) => r.type);
  expect(bindings).toContain("gcp:storage/bucketIAMMember:BucketIAMMember");
  expect(bindings).toContain("gcp:bigquery/iamMember:IamMember");

  // The grant's end comes: the expiry pass queues the next up itself.
  await db.prisma.accessGrant.update({
    where: { id: "gactive" },
    data: { endsAt: new Date(Date.now() - 1000) },
  });
  const pass = await expireDueGrants(db.prisma);
  expect(pass.expired.sort()).toEqual(["gactive", "gpastend"]);
  expect(pass.deployments).toHaveLength(1);

  // That queued up is the one the worker runs (enqueue answers it rather than a second).
  const second = await upConfig(pass.deployments[0]);
  expect(second.grants).toBeUndefined();
  const after = await graphOf(second);
  expect(after.filter((r) => r.type === ACCESS_GRANT)).toEqual([]);
  expect(after.filter((r) => r.inputs.member === member)).toEqual([]);
  // The product itself is still planned: only the grant left.
  expect(after.some((r) => r.type === "gcp:storage/bucket:Bucket")).toBe(true);
});
