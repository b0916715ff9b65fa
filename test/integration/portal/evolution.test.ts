/**
 * A live product evolves through the API: every deployed spec is a version, a request shows its
 * changes against the live version and against its previous submission, an illegal change is
 * refused at its path, a breaking one needs a major version and the reviewer's acknowledgement, and
 * an approval waits for the plan preview of the current spec.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as collection from "#portal/app/api/v1/requests/route";
import * as item from "#portal/app/api/v1/requests/[id]/route";
import * as submit from "#portal/app/api/v1/requests/[id]/submit/route";
import * as approve from "#portal/app/api/v1/requests/[id]/approve/route";
import * as reject from "#portal/app/api/v1/requests/[id]/reject/route";
import * as reopen from "#portal/app/api/v1/requests/[id]/reopen/route";
import * as deploy from "#portal/app/api/v1/requests/[id]/deploy/route";
import * as changes from "#portal/app/api/v1/requests/[id]/changes/route";
import * as versions from "#portal/app/api/v1/products/[domain]/[name]/versions/route";
import * as version from "#portal/app/api/v1/products/[domain]/[name]/versions/[version]/route";
import * as compare from "#portal/app/api/v1/products/[domain]/[name]/versions/compare/route";
import type {
  ProductVersionDetail,
  ProductVersionList,
  RequestChanges,
  RequestDetail,
  VersionComparison,
} from "#portal/shared/api-schemas";
import { portalConfig } from "#config";
import { specHash } from "#core/spec-hash";
import type { StoredPlan } from "#core/plan-result";
import { approvalState } from "#portal/server/approval";
import { settle } from "#workflow/settle";
import { enqueue } from "#workflow/deployment-queue";
import { DataProductSpec } from "#contract";
import { exampleInput } from "../../support/specs";
import { forEachDatabase } from "./databases";
import { json, planFinished, registrationOf, type Harness } from "./harness";

vi.mock("server-only", () => ({}));
// The plan preview's outcome is set by each test: a clean one unless a test says otherwise.
const preview = vi.hoisted(() => ({
  outcome: { ok: true, resources: [], policies: [] },
  hold: false,
}));
vi.mock("#workflow/plan-preview", async (original) => ({
  ...(await original<typeof import("#workflow/plan-preview")>()),
  runPreview: async () => {
    while (preview.hold) await new Promise((resolve) => setTimeout(resolve, 20));
    return preview.outcome;
  },
}));

type Spec = ReturnType<typeof exampleInput>;
type Column = { name: string; type: string; required?: boolean; id?: number };

forEachDatabase((target, open) => {
  describe(`evolving a product (${target})`, () => {
    let h: Harness & { close: () => Promise<void> };
    let counter = 0;
    beforeAll(async () => {
      h = await open();
    });
    afterAll(async () => {
      await h.close();
    });

    /** A live payments product (registered by its stack), without a version of its own. */
    async function liveProduct(): Promise<Spec> {
      const spec = { ...exampleInput("fraud-scores.yaml"), name: `evolving-${++counter}` };
      await h.register(registrationOf(spec));
      return spec;
    }

    const columnsOf = (spec: Spec) => (spec.table as { columns: Column[] }).columns;
    const withColumns = (spec: Spec, columns: Column[]): Spec => ({
      ...spec,
      table: { ...(spec.table as object), columns },
    });

    async function fileUpdate(spec: Spec): Promise<string> {
      const response = await h.call(collection.POST, "POST", "/", {
        as: "member",
        body: { kind: "update", spec },
      });
      expect(response.status).toBe(201);
      return (await json<{ id: string }>(response)).id;
    }
    const post = (
      handler: typeof submit.POST,
      id: string,
      as: "member" | "admin",
      body?: unknown,
    ) => h.call(handler, "POST", "/", { as, params: { id }, body });
    const get = async <T>(
      handler: typeof changes.GET,
      params: Record<string, string>,
      query = {},
    ) => {
      const response = await h.call(handler, "GET", "/", { as: "member", params, query });
      expect(response.status).toBe(200);
      return json<T>(response);
    };

    /** What the worker does once the stack is up: the catalog entry registers, the deployment settles. */
    async function deployAndSettle(id: string): Promise<void> {
      expect((await post(deploy.POST, id, "admin")).status).toBe(201);
      const deployment = await h.prisma.deployment.findFirstOrThrow({ where: { requestId: id } });
      await h.register(registrationOf(deployment.spec));
      await h.prisma.$transaction((tx) => settle(tx, deployment, "succeeded", undefined));
    }

    it("records every deployed spec as a version and compares any two", async () => {
      const live = await liveProduct();
      const params = { domain: "payments", name: live.name };
      const first = await get<ProductVersionList>(versions.GET, params);
      expect(first.items).toMatchObject([{ version: "1.0.0", live: true }]);

      const changed = withColumns({ ...live, description: "Scores, now with a channel." }, [
        ...columnsOf(live),
        { name: "channel", type: "string" },
      ]);
      const id = await fileUpdate(changed);
      const before = await get<RequestChanges>(changes.GET, { id });
      expect(before.live).toMatchObject({
        version: "1.0.0",
        proposedVersion: "1.1.0",
        severity: "compatible",
        bump: "minor",
        issues: [],
      });
      expect(before.live?.changes.map((c) => [c.path, c.kind, c.bump])).toEqual([
        ["description", "changed", "patch"],
        ["table.columns[6]", "added", "minor"],
      ]);

      const submitted = await json<RequestDetail>(await post(submit.POST, id, "member"));
      // The platform proposed the version and gave the new column the next field id.
      expect(submitted.spec.version).toBe("1.1.0");
      expect(columnsOf(submitted.spec as Spec).map((c) => c.id)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      await planFinished(h, id);
      expect((await post(approve.POST, id, "admin", { reason: "adds a column" })).status).toBe(200);
      await deployAndSettle(id);

      const after = await get<ProductVersionList>(versions.GET, params);
      expect(after.items.map((v) => [v.version, v.live, v.requestId])).toEqual([
        ["1.1.0", true, id],
        ["1.0.0", false, null],
      ]);
      const one = await get<ProductVersionDetail>(version.GET, { ...params, version: "1.0.0" });
      expect(columnsOf(one.spec as Spec)).toHaveLength(6);
      const diff = await get<VersionComparison>(compare.GET, params, {
        from: "1.0.0",
        to: "1.1.0",
      });
      expect(diff).toMatchObject({
        from: "1.0.0",
        to: "1.1.0",
        severity: "compatible",
        bump: "minor",
      });
      expect(diff.changes.map((c) => c.path)).toEqual(["description", "table.columns[6]"]);

      const missing = await h.call(version.GET, "GET", "/", {
        as: "member",
        params: { ...params, version: "9.0.0" },
      });
      expect(missing.status).toBe(404);
      const bad = await h.call(compare.GET, "GET", "/", {
        as: "member",
        params,
        query: { from: "1.0", to: "1.1.0" },
      });
      expect(bad.status).toBe(422);
      expect((await json<{ errors: { path: string }[] }>(bad)).errors[0]?.path).toBe("query.from");
    });

    describe("an update deployed while another up of the product is queued or running", () => {
      /** A live product with an approved update and another `up` on its stack (a grant's, say). */
      async function approvedUpdateBehind(): Promise<{ id: string; other: string }> {
        const live = await liveProduct();
        const product = await h.prisma.dataProduct.findUniqueOrThrow({
          where: { domain_name: { domain: "payments", name: live.name } },
        });
        const other = await enqueue(h.prisma, {
          productId: product.id,
          stackName: product.stackName ?? "",
          environment: product.environment ?? "dev",
          operation: "up",
          spec: DataProductSpec.parse(product.spec),
        });
        const id = await fileUpdate(
          withColumns(live, [...columnsOf(live), { name: "c", type: "string" }]),
        );
        const submitted = await post(submit.POST, id, "member");
        expect(submitted.status, await submitted.clone().text()).toBe(200);
        await planFinished(h, id);
        const approved = await post(approve.POST, id, "admin", { reason: "adds a column" });
        expect(approved.status, await approved.clone().text()).toBe(200);
        return { id, other: other.deployment.id };
      }

      it("takes over a queued up that carries no request: it deploys the request's spec", async () => {
        const { id, other } = await approvedUpdateBehind();
        const deployed = await post(deploy.POST, id, "admin");
        expect(deployed.status).toBeLessThan(300);
        const row = await h.prisma.deployment.findUniqueOrThrow({ where: { id: other } });
        expect(row.requestId).toBe(id);
        // The request's spec, with its new column, not the product's.
        expect(columnsOf(row.spec as Spec).map((column) => column.name)).toContain("c");
      });

      it("answers 409 while that up runs, and the request stays approved", async () => {
        const { id, other } = await approvedUpdateBehind();
        await h.prisma.deployment.update({
          where: { id: other },
          data: { status: "running", runningStack: `${other}-stack`, startedAt: new Date() },
        });
        const refused = await post(deploy.POST, id, "admin");
        expect(refused.status).toBe(409);
        expect((await json<{ detail: string }>(refused)).detail).toContain(other);
        const request = await h.prisma.productRequest.findUniqueOrThrow({ where: { id } });
        expect(request.status).toBe("approved");
        expect(await h.prisma.deployment.count({ where: { requestId: id } })).toBe(0);
      });
    });

    it("refuses an illegal change at its path, and a breaking one without a major version", async () => {
      const live = await liveProduct();
      const columns = columnsOf(live);
      // model_version string → long: Iceberg cannot change it in place.
      const illegal = withColumns(
        live,
        columns.map((c) => (c.name === "model_version" ? { ...c, type: "long" } : c)),
      );
      const id = await fileUpdate(illegal);
      const refused = await post(submit.POST, id, "member");
      expect(refused.status).toBe(422);
      const problem = await json<{ errors: { path: string; message: string }[] }>(refused);
      expect(problem.errors.map((e) => e.path)).toEqual(["spec.table.columns[5].type"]);
      expect(problem.errors[0]?.message).toContain("Iceberg cannot change string to long");
      expect((await h.prisma.productRequest.findUniqueOrThrow({ where: { id } })).status).toBe(
        "draft",
      );

      // Dropping model_score is breaking: a minor version is refused at `version`.
      const dropped = columns.filter((c) => c.name !== "model_score");
      const tooSmall = await h.call(item.PATCH, "PATCH", "/", {
        as: "member",
        params: { id },
        body: { spec: withColumns({ ...live, version: "1.1.0" }, dropped) },
      });
      expect(tooSmall.status).toBe(200);
      const minor = await post(submit.POST, id, "member");
      expect(minor.status).toBe(422);
      expect((await json<{ errors: { path: string; message: string }[] }>(minor)).errors).toEqual([
        {
          path: "spec.version",
          message:
            "a breaking change (table.columns[4]) needs a major version: at least 2.0.0 after 1.0.0, not 1.1.0",
        },
      ]);
      await h.call(item.PATCH, "PATCH", "/", {
        as: "member",
        params: { id },
        body: { spec: withColumns({ ...live, version: "2.0.0" }, dropped) },
      });
      expect((await post(submit.POST, id, "member")).status).toBe(200);
      await planFinished(h, id);

      // The reviewer must acknowledge the breaking change.
      const unacknowledged = await post(approve.POST, id, "admin", { reason: "fine" });
      expect(unacknowledged.status).toBe(422);
      expect((await json<{ errors: { path: string }[] }>(unacknowledged)).errors[0]?.path).toBe(
        "acknowledgeBreaking",
      );
      const approved = await post(approve.POST, id, "admin", {
        reason: "consumers were told",
        acknowledgeBreaking: true,
      });
      expect(approved.status).toBe(200);
      const audit = await h.prisma.auditLog.findFirstOrThrow({
        where: { entityId: id, action: "request.approve" },
      });
      expect(audit.after).toMatchObject({
        acknowledgeBreaking: true,
        severity: "breaking",
        version: "2.0.0",
      });
    });

    it("shows a resubmission's changes against the spec submitted before", async () => {
      const live = await liveProduct();
      const id = await fileUpdate({ ...live, retentionDays: 3000 });
      expect((await post(submit.POST, id, "member")).status).toBe(200);
      await planFinished(h, id);
      expect((await post(reject.POST, id, "admin", { reason: "keep it longer" })).status).toBe(200);
      expect((await post(reopen.POST, id, "member")).status).toBe(200);
      const current = await h.prisma.productRequest.findUniqueOrThrow({ where: { id } });
      await h.call(item.PATCH, "PATCH", "/", {
        as: "member",
        params: { id },
        body: { spec: { ...(current.spec as Spec), retentionDays: 3650 } },
      });
      const draft = await get<RequestChanges>(changes.GET, { id });
      expect(draft.previousSubmission?.changes.map((c) => [c.path, c.before, c.after])).toEqual([
        ["retentionDays", 3000, 3650],
      ]);
      const again = await post(submit.POST, id, "member");
      expect(again.status, await again.clone().text()).toBe(200);
      const resubmitted = await get<RequestChanges>(changes.GET, { id });
      expect(resubmitted.previousSubmission).toMatchObject({
        version: "1.1.0",
        severity: "compatible",
      });
      expect(resubmitted.previousSubmission?.changes.map((c) => c.path)).toEqual(["retentionDays"]);
      expect(resubmitted.live?.changes.map((c) => [c.path, c.after])).toEqual([
        ["retentionDays", 3650],
      ]);
    });

    it("holds an approval while the current spec's plan preview is pending, failed or reports violations", async () => {
      const live = await liveProduct();
      preview.hold = true;
      const id = await fileUpdate({ ...live, description: "Pending preview." });
      expect((await post(submit.POST, id, "member")).status).toBe(200);
      const pending = await post(approve.POST, id, "admin", { reason: "looks fine" });
      expect(pending.status).toBe(409);
      expect((await json<{ detail: string }>(pending)).detail).toContain("still running");
      preview.hold = false;
      await planFinished(h, id);

      // A finished preview that reports a violation holds it too, unless the admin overrides.
      const row = await h.prisma.productRequest.findUniqueOrThrow({ where: { id } });
      const violated: StoredPlan = {
        status: "ready",
        specHash: specHash(row.spec, portalConfig().environment),
        computedAt: new Date().toISOString(),
        resources: [],
        policies: [
          {
            controlId: "MP-ENC-001",
            control: "encrypted at rest",
            policy: "mp-enc-001-gcp",
            resource: "bucket",
            outcome: "violation",
            message: "not encrypted",
          },
        ],
      };
      await h.prisma.productRequest.update({ where: { id }, data: { planPreview: violated } });
      const refused = await post(approve.POST, id, "admin", { reason: "looks fine" });
      expect(refused.status).toBe(409);
      expect((await json<{ detail: string }>(refused)).detail).toContain(
        "1 policy violation (MP-ENC-001)",
      );

      // A preview that failed holds it as well: nothing says what the spec would do.
      const failed: StoredPlan = {
        status: "failed",
        specHash: violated.specHash,
        computedAt: new Date().toISOString(),
        error: "error: preview failed: provider crashed",
      };
      await h.prisma.productRequest.update({ where: { id }, data: { planPreview: failed } });
      const held = await post(approve.POST, id, "admin", { reason: "looks fine" });
      expect(held.status).toBe(409);
      expect((await json<{ detail: string }>(held)).detail).toContain(
        "plan preview of the current spec failed (error: preview failed: provider crashed)",
      );
      // The pages' Approve button reads the same hold (disabled, with this reason).
      const row2 = await h.prisma.productRequest.findUniqueOrThrow({ where: { id } });
      expect((await approvalState(h.prisma, row2)).hold).toContain(
        "plan preview of the current spec failed",
      );
      await h.prisma.productRequest.update({ where: { id }, data: { planPreview: violated } });

      const overridden = await post(approve.POST, id, "admin", {
        reason: "looks fine",
        overrideReason: "the key is rotated out of band",
      });
      expect(overridden.status).toBe(200);
      const audit = await h.prisma.auditLog.findFirstOrThrow({
        where: { entityId: id, action: "request.approve" },
      });
      expect(audit.after).toMatchObject({
        planOverride: { reason: "the key is rotated out of band", hold: "plan-violations" },
      });
    });
  });
});
