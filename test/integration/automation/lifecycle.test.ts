/**
 * One local-target product through its whole life with the real Pulumi CLI, driven like the
 * platform team drives it: preview, deploy (up, serialised with a preview queued at the same
 * time), outputs in the catalog, refresh without changes, `pulumi up -s` from the CLI on the
 * same state without changes, and destroy through an approved decommission (data retained).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as deploy from "#portal/app/api/v1/requests/[id]/deploy/route";
import * as previewRequest from "#portal/app/api/v1/requests/[id]/preview/route";
import * as refresh from "#portal/app/api/v1/products/[domain]/[name]/refresh/route";
import * as detail from "#portal/app/api/v1/deployments/[id]/route";
import * as events from "#portal/app/api/v1/deployments/[id]/events/route";
import type { DeploymentDetail, DeploymentSummary } from "#portal/shared/deployment-schemas";
import { cliEnvironment } from "#infra/automation/cli-environment";
import { Worker } from "#infra/automation/worker";
import { exampleInput } from "../../support/specs";
import { PLATFORM_TOKEN, json, type Person } from "../portal/harness";
import {
  approvedRequest,
  cliMissing,
  openWorld,
  uniqueEnvironment,
  waitFor,
  type AutomationWorld,
} from "./support";

vi.mock("server-only", () => ({}));

const NAME = "churn-local";
const ENVIRONMENT = uniqueEnvironment();
const STACK = `payments.${NAME}.${ENVIRONMENT}`;
const SPEC = { ...exampleInput("churn-experiments.yaml"), domain: "payments", name: NAME };
/** The product's resources, as the progress table lists them (no stack, no providers). */
const RESOURCES = [
  "meshplane:index:DataProduct",
  "pulumi-nodejs:dynamic/meshplane/catalog:MeshCatalogEntry",
  "pulumi-nodejs:dynamic/meshplane/local:LocalWarehouse",
];

// Real CLI runs on a busy 2-core machine take tens of seconds each.
describe.skipIf(cliMissing())(
  "a local product's life through the worker and the CLI",
  { timeout: 300_000 },
  () => {
    let world: AutomationWorld;
    let worker: Worker;
    let requestId: string;

    beforeAll(async () => {
      world = await openWorld(ENVIRONMENT);
      worker = new Worker(world.h.prisma, world.settings, { log: () => {} });
      await worker.start();
    });
    afterAll(async () => {
      await worker.stop();
      await world.close();
    });

    const post = (
      handler: typeof deploy.POST,
      params: Record<string, string>,
      as: Person = "admin",
    ) => world.h.call(handler, "POST", "/", { as, params });

    async function finished(id: string): Promise<DeploymentDetail> {
      await waitFor(world.h, id);
      return json<DeploymentDetail>(
        await world.h.call(detail.GET, "GET", "/", { as: "admin", params: { id } }),
      );
    }

    it("previews the plan of an approved request", async () => {
      requestId = await approvedRequest(world.h, { kind: "create", spec: SPEC });
      const { deployment } = await json<{ deployment: DeploymentSummary }>(
        await post(previewRequest.POST, { id: requestId }),
      );
      const previewed = await finished(deployment.id);
      expect([previewed.status, previewed.error]).toEqual(["succeeded", null]);
      expect(previewed.stack).toBe(STACK);
      expect(previewed.resources.map((r) => [r.type, r.op, r.status]).sort()).toEqual(
        RESOURCES.map((type) => [type, "create", "done"]),
      );
      expect(previewed.progress).toEqual({ done: 3, planned: 3 });
      // And the stack resource itself (providers are not counted).
      expect(previewed.summary?.changes).toEqual({ create: 4 });
      // A preview deploys nothing: the product is not live and nothing was registered.
      expect(world.catalog.calls.PUT).toBe(0);
    });

    let upId: string;

    it("deploys it (serialised with a preview queued at the same time) and records the outputs", async () => {
      // Both queued at once; the worker runs two operations in parallel, but not on one stack.
      const preview = await post(previewRequest.POST, { id: requestId });
      const up = await post(deploy.POST, { id: requestId });
      expect([preview.status, up.status]).toEqual([201, 201]);
      upId = (await json<{ deployment: DeploymentSummary }>(up)).deployment.id;
      const deployed = await finished(upId);
      expect([deployed.status, deployed.error]).toEqual(["succeeded", null]);
      expect(deployed.progress.done).toBe(deployed.progress.planned);
      expect(deployed.resources.every((r) => r.status === "done")).toBe(true);

      const product = await world.h.prisma.dataProduct.findUniqueOrThrow({
        where: { domain_name: { domain: "payments", name: NAME } },
      });
      expect([product.status, product.stackName, product.environment]).toEqual([
        "live",
        STACK,
        ENVIRONMENT,
      ]);
      const outputs = product.outputs as { storageUri: string; catalog: { kind: string } };
      expect(outputs.catalog.kind).toBe("meshplane");
      expect(outputs.storageUri).toMatch(/^file:\/\//);
      expect(existsSync(fileURLToPath(outputs.storageUri))).toBe(true);
      // The product's outputs are the stack's, plus where engines find its table in the
      // portal's Iceberg REST catalog (registered as the deployment settled).
      const { restCatalog, ...stackCatalog } = (
        product.outputs as { catalog: { restCatalog?: unknown } }
      ).catalog;
      expect(restCatalog).toEqual({
        uri: expect.stringMatching(/\/api\/iceberg$/) as unknown,
        namespace: ["payments"],
        table: NAME,
      });
      expect(deployed.summary?.outputs).toEqual({
        outputs: { ...(product.outputs as object), catalog: stackCatalog },
      });
      const request = await world.h.prisma.productRequest.findUniqueOrThrow({
        where: { id: requestId },
      });
      expect(request.status).toBe("live");
      expect(world.catalog.calls.PUT).toBe(1);

      // The preview queued alongside ran before the up, never during it.
      const other = await finished(
        (await json<{ deployment: DeploymentSummary }>(preview)).deployment.id,
      );
      expect(other.status).toBe("succeeded");
      expect(Date.parse(other.finishedAt ?? "")).toBeLessThanOrEqual(
        Date.parse(deployed.startedAt ?? ""),
      );
    });

    it("keeps the platform token out of every stored event", async () => {
      const page = await world.h.call(events.GET, "GET", "/", {
        as: "admin",
        params: { id: upId },
        query: { limit: 500 },
      });
      const text = await page.text();
      const { items } = JSON.parse(text) as { items: { event: Record<string, unknown> }[] };
      // The mesh policy pack (components/policy/pack) ran on the update and passed.
      expect(items.find((item) => item.event.type === "summary")?.event.policyPacks).toEqual({
        [`meshplane|local|${world.settings.policyPacks.join()}`]: "0.1.0",
      });
      expect(text).not.toContain(PLATFORM_TOKEN);
      const rows = await world.h.prisma.deploymentEvent.findMany({ where: { deploymentId: upId } });
      expect(JSON.stringify(rows)).not.toContain(PLATFORM_TOKEN);
    });

    it("refreshes the stack with no changes", async () => {
      const { deployment } = await json<{ deployment: DeploymentSummary }>(
        await post(refresh.POST, { domain: "payments", name: NAME }),
      );
      const refreshed = await finished(deployment.id);
      expect([refreshed.status, refreshed.error, refreshed.summary?.changes]).toEqual([
        "succeeded",
        null,
        {},
      ]);
    });

    it("shows no changes to `pulumi up -s <stack>` run from the repository root on the same state", () => {
      const result = spawnSync(
        "pulumi",
        ["up", "--yes", "--expect-no-changes", "--non-interactive", "--skip-preview", "-s", STACK],
        {
          cwd: world.settings.projectDir,
          encoding: "utf8",
          env: { ...process.env, ...cliEnvironment(world.settings) },
        },
      );
      expect(result.stderr).toBe("");
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/Resources:\n\s+\d+ unchanged/);
      expect(result.stdout).not.toContain(PLATFORM_TOKEN);
    });

    it("destroys it through an approved decommission, keeping the warehouse data", async () => {
      const product = await world.h.prisma.dataProduct.findUniqueOrThrow({
        where: { domain_name: { domain: "payments", name: NAME } },
      });
      const warehouse = fileURLToPath((product.outputs as { storageUri: string }).storageUri);
      const id = await approvedRequest(world.h, {
        kind: "decommission",
        product: `payments/${NAME}`,
        reason: "experiment over",
      });
      const { deployment } = await json<{ deployment: DeploymentSummary }>(
        await post(deploy.POST, { id }),
      );
      const destroyed = await finished(deployment.id);
      expect([destroyed.operation, destroyed.status, destroyed.error]).toEqual([
        "destroy",
        "succeeded",
        null,
      ]);
      const after = await world.h.prisma.dataProduct.findUniqueOrThrow({
        where: { id: product.id },
      });
      expect(after.status).toBe("decommissioned");
      expect(
        (await world.h.prisma.productRequest.findUniqueOrThrow({ where: { id } })).status,
      ).toBe("decommissioned");
      expect(world.catalog.calls.DELETE).toBe(1);
      expect(existsSync(warehouse)).toBe(true);
    });
  },
);
