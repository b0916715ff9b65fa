import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as collection from "#portal/app/api/v1/requests/route";
import * as item from "#portal/app/api/v1/requests/[id]/route";
import * as submit from "#portal/app/api/v1/requests/[id]/submit/route";
import * as approve from "#portal/app/api/v1/requests/[id]/approve/route";
import * as reject from "#portal/app/api/v1/requests/[id]/reject/route";
import * as reopen from "#portal/app/api/v1/requests/[id]/reopen/route";
import * as withdraw from "#portal/app/api/v1/requests/[id]/withdraw/route";
import * as comments from "#portal/app/api/v1/requests/[id]/comments/route";
import type { RequestDetail, RequestList } from "#portal/shared/api-schemas";
import { listRequests } from "#portal/server/requests";
import { requestScope } from "#portal/server/authz";
import { DEPLOYABLE_STATUSES, type RequestStatus } from "#core/request-lifecycle";
import { exampleInput, variant } from "../../support/specs";
import { forEachDatabase } from "./databases";
import { json, planFinished, principalOf, registrationOf, type Harness } from "./harness";

vi.mock("server-only", () => ({}));
// The review's steps are the question here, not the plan: previews finish at once, clean.
vi.mock("#workflow/plan-preview", async (original) => ({
  ...(await original<typeof import("#workflow/plan-preview")>()),
  runPreview: () => Promise.resolve({ ok: true, resources: [], policies: [] }),
}));

const spec = () => exampleInput("fraud-scores.yaml");

forEachDatabase((target, open) => {
  describe(`requests (${target})`, () => {
    let h: Harness & { close: () => Promise<void> };
    beforeAll(async () => {
      h = await open();
    });
    afterAll(async () => {
      await h.close();
    });

    async function createDraft(
      body: unknown = { kind: "create", spec: spec() },
    ): Promise<RequestDetail> {
      const response = await h.call(collection.POST, "POST", "/api/v1/requests", {
        as: "member",
        body,
      });
      expect(response.status).toBe(201);
      return json<RequestDetail>(response);
    }

    const act = async (
      handler: typeof submit.POST,
      id: string,
      as: "member" | "admin" | "owner",
      body?: unknown,
    ) => {
      // An approval waits for the plan preview the submit started.
      if (handler === approve.POST) await planFinished(h, id);
      return h.call(handler, "POST", `/api/v1/requests/${id}/x`, { as, params: { id }, body });
    };

    it("walks a request from draft to approved, keeping every status in the history", async () => {
      const draft = await createDraft();
      expect(draft).toMatchObject({
        status: "draft",
        kind: "create",
        domain: "payments",
        name: "fraud-scores",
        issues: [],
      });
      expect((await act(submit.POST, draft.id, "member")).status).toBe(200);
      const approved = await json<RequestDetail>(
        await act(approve.POST, draft.id, "admin", { reason: "fits the tier" }),
      );
      expect(approved.status).toBe("approved");
      expect(approved.history.map((change) => [change.action, change.to, change.reason])).toEqual([
        ["create", "draft", null],
        ["submit", "submitted", null],
        ["approve", "approved", "fits the tier"],
      ]);
      const rows = await h.prisma.requestStatusChange.count({ where: { requestId: draft.id } });
      expect(rows).toBe(3);
    });

    it("rejects with a required reason and lets the domain reopen and resubmit", async () => {
      const draft = await createDraft({
        kind: "create",
        spec: variant("sensor-readings.yaml", (s) => {
          s.domain = "payments";
        }),
      });
      await act(submit.POST, draft.id, "member");
      const missing = await act(reject.POST, draft.id, "admin", {});
      expect(missing.status).toBe(422);
      expect(await json(missing)).toMatchObject({
        errors: [{ path: "reason", message: "is required" }],
      });
      const rejected = await json<RequestDetail>(
        await act(reject.POST, draft.id, "admin", { reason: "use silver elsewhere" }),
      );
      expect(rejected.status).toBe("rejected");
      expect((await json<RequestDetail>(await act(reopen.POST, draft.id, "member"))).status).toBe(
        "draft",
      );
      expect((await act(submit.POST, draft.id, "member")).status).toBe(200);
    });

    it("answers 409 when the status does not allow the action", async () => {
      const draft = await createDraft({
        kind: "create",
        spec: variant("country-codes.yaml", (s) => {
          s.domain = "payments";
        }),
      });
      const response = await act(approve.POST, draft.id, "admin", { reason: "too early" });
      expect(response.status).toBe(409);
      expect(await json(response)).toMatchObject({
        status: 409,
        detail: "a draft request cannot be approved",
      });
    });

    it("saves incomplete drafts, reports their issues, and refuses to submit them with field paths", async () => {
      const incomplete = {
        ...spec(),
        name: "half-done",
        description: "short",
        table: { columns: [{ name: "amount", type: "decimal(40,2)" }] },
      };
      const draft = await createDraft({ kind: "create", spec: incomplete });
      expect(draft.issues.map((issue) => issue.path)).toEqual(
        expect.arrayContaining(["description", "table.columns[0].type"]),
      );
      const response = await act(submit.POST, draft.id, "member");
      expect(response.status).toBe(422);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      const problem = await json<{ errors: { path: string; message: string }[] }>(response);
      expect(problem.errors).toEqual(
        expect.arrayContaining([
          { path: "spec.description", message: "describe the product in at least 10 characters" },
          {
            path: "spec.table.columns[0].type",
            message: "decimal precision must be between 1 and 38, got 40",
          },
        ]),
      );
      const unchanged = await h.prisma.productRequest.findUniqueOrThrow({
        where: { id: draft.id },
      });
      expect(unchanged.status).toBe("draft");
    });

    it("updates drafts only, and never their identity", async () => {
      const draft = await createDraft({ kind: "create", spec: { ...spec(), name: "editable" } });
      const patch = (body: unknown) =>
        h.call(item.PATCH, "PATCH", `/api/v1/requests/${draft.id}`, {
          as: "member",
          params: { id: draft.id },
          body,
        });
      const updated = await json<RequestDetail>(
        await patch({ spec: { ...spec(), name: "editable", displayName: "Edited name" } }),
      );
      expect(updated.displayName).toBe("Edited name");
      expect((await patch({ spec: { ...spec(), name: "renamed" } })).status).toBe(422);
      expect((await patch({ spec: { domain: "Payments!", name: "x" } })).status).toBe(422);
      await act(submit.POST, draft.id, "member");
      expect((await patch({ spec: { ...spec(), name: "editable" } })).status).toBe(409);
    });

    it("refuses a second open request for the same product", async () => {
      await createDraft({ kind: "create", spec: { ...spec(), name: "only-once" } });
      const second = await h.call(collection.POST, "POST", "/api/v1/requests", {
        as: "owner",
        body: { kind: "create", spec: { ...spec(), name: "only-once" } },
      });
      expect(second.status).toBe(409);
    });

    it("files one request when several members file the same product at once", async () => {
      const body = { kind: "create", spec: { ...spec(), name: "filed-at-once" } };
      const responses = await Promise.all(
        (["member", "owner", "member", "owner"] as const).map((as) =>
          h.call(collection.POST, "POST", "/api/v1/requests", { as, body }),
        ),
      );
      const statuses = responses.map((response) => response.status).sort();
      expect(statuses).toEqual([201, 409, 409, 409]);
      for (const refused of responses.filter((response) => response.status === 409))
        expect((await json(refused)).detail).toMatch(/for payments\/filed-at-once is still open/);
      expect(await h.prisma.productRequest.count({ where: { name: "filed-at-once" } })).toBe(1);
    });

    it("does not reopen a rejected request while another one for the product is open", async () => {
      const first = await createDraft({ kind: "create", spec: { ...spec(), name: "reopened" } });
      await act(submit.POST, first.id, "member");
      await act(reject.POST, first.id, "admin", { reason: "not yet" });
      const second = await createDraft({ kind: "create", spec: { ...spec(), name: "reopened" } });
      const refused = await act(reopen.POST, first.id, "member");
      expect(refused.status).toBe(409);
      expect((await json(refused)).detail).toBe(
        `request ${second.id} for payments/reopened is still open`,
      );
      const stored = await h.prisma.productRequest.findUniqueOrThrow({ where: { id: first.id } });
      expect(stored.status).toBe("rejected");
    });

    it("files a change to a live product only, with the product's identity", async () => {
      const live = {
        ...exampleInput("sensor-readings.yaml"),
        domain: "payments",
        name: "changing-feed",
      };
      const change = { ...live, retentionDays: 400 };
      const early = await h.call(collection.POST, "POST", "/api/v1/requests", {
        as: "member",
        body: { kind: "update", spec: change },
      });
      expect(early.status).toBe(404);
      expect((await json(early)).detail).toBe("no live product payments/changing-feed");

      await h.register(registrationOf(live));
      const filed = await createDraft({ kind: "update", spec: change });
      expect(filed).toMatchObject({ kind: "update", status: "draft", name: "changing-feed" });
      expect((await act(submit.POST, filed.id, "member")).status).toBe(200);
      const second = await h.call(collection.POST, "POST", "/api/v1/requests", {
        as: "owner",
        body: { kind: "update", spec: { ...change, retentionDays: 500 } },
      });
      expect(second.status).toBe(409);
    });

    it("refuses to submit an update identical to the live spec", async () => {
      const live = {
        ...exampleInput("sensor-readings.yaml"),
        domain: "payments",
        name: "unchanged-feed",
      };
      await h.register(registrationOf(live));
      const same = await createDraft({ kind: "update", spec: live });
      const refused = await act(submit.POST, same.id, "member");
      expect(refused.status).toBe(422);
      expect(await json(refused)).toMatchObject({
        errors: [{ path: "spec", message: expect.stringContaining("identical to the live") }],
      });
      expect(
        (
          await json<RequestDetail>(
            await h.call(item.GET, "GET", "/", { as: "member", params: { id: same.id } }),
          )
        ).status,
      ).toBe("draft");
      const changed = await h.call(item.PATCH, "PATCH", "/", {
        as: "member",
        params: { id: same.id },
        body: { spec: { ...live, retentionDays: (live.retentionDays ?? 30) + 1 } },
      });
      expect(changed.status).toBe(200);
      expect((await act(submit.POST, same.id, "member")).status).toBe(200);
    });

    it("withdraws drafts (DELETE), submitted and rejected requests, keeping their history", async () => {
      const feed = (name: string) =>
        createDraft({
          kind: "create",
          spec: variant("sensor-readings.yaml", (s) => {
            s.domain = "payments";
            s.name = name;
          }),
        });
      const draft = await feed("withdrawn-draft");
      const outsider = await h.call(item.DELETE, "DELETE", "/", {
        as: "otherMember",
        params: { id: draft.id },
      });
      expect(outsider.status).toBe(404);
      const deleted = await h.call(item.DELETE, "DELETE", "/", {
        as: "member",
        params: { id: draft.id },
      });
      expect(deleted.status).toBe(200);
      const gone = await json<RequestDetail>(deleted);
      expect(gone.status).toBe("withdrawn");
      expect(gone.history.map((change) => [change.action, change.to])).toEqual([
        ["create", "draft"],
        ["withdraw", "withdrawn"],
      ]);
      const audit = await h.prisma.auditLog.findFirst({
        where: { entityId: draft.id, action: "request.withdraw" },
      });
      expect(audit?.before).toEqual({ status: "draft" });
      // Terminal: nothing more, and the name is free for a new request.
      expect((await act(submit.POST, draft.id, "member")).status).toBe(409);
      expect((await act(withdraw.POST, draft.id, "member")).status).toBe(409);
      expect((await feed("withdrawn-draft")).status).toBe("draft");

      const submitted = await feed("withdrawn-submitted");
      await act(submit.POST, submitted.id, "member");
      expect((await act(withdraw.POST, submitted.id, "admin")).status).toBe(403);
      expect(
        (await json<RequestDetail>(await act(withdraw.POST, submitted.id, "member"))).status,
      ).toBe("withdrawn");

      const rejected = await feed("withdrawn-rejected");
      await act(submit.POST, rejected.id, "member");
      await act(reject.POST, rejected.id, "admin", { reason: "not this one" });
      expect(
        (await json<RequestDetail>(await act(withdraw.POST, rejected.id, "member"))).status,
      ).toBe("withdrawn");

      const approved = await feed("withdrawn-approved");
      await act(submit.POST, approved.id, "member");
      const approval = await act(approve.POST, approved.id, "admin", { reason: "fits the tier" });
      expect(approval.status).toBe(200);
      const late = await act(withdraw.POST, approved.id, "member");
      expect(late.status).toBe(409);
      expect((await json(late)).detail).toBe("an approved request cannot be withdrawn");
    });

    it("files decommission requests against live products only", async () => {
      await h.register(
        registrationOf(
          variant("sensor-readings.yaml", (s) => {
            s.domain = "payments";
            s.name = "old-feed";
          }),
        ),
      );
      const ok = await h.call(collection.POST, "POST", "/api/v1/requests", {
        as: "member",
        body: { kind: "decommission", product: "payments/old-feed", reason: "replaced by v2" },
      });
      expect(ok.status).toBe(201);
      expect(await json(ok)).toMatchObject({
        kind: "decommission",
        reason: "replaced by v2",
        issues: [],
      });
      const missing = await h.call(collection.POST, "POST", "/api/v1/requests", {
        as: "member",
        body: { kind: "decommission", product: "payments/nothing-here", reason: "gone" },
      });
      expect(missing.status).toBe(404);
    });

    it("keeps comments in order with their authors", async () => {
      const draft = await createDraft({ kind: "create", spec: { ...spec(), name: "discussed" } });
      const comment = (as: "member" | "admin", body: string) =>
        h.call(comments.POST, "POST", `/api/v1/requests/${draft.id}/comments`, {
          as,
          params: { id: draft.id },
          body: { body },
        });
      expect((await comment("member", "Is gold needed?")).status).toBe(201);
      expect((await comment("admin", "Yes, for the SLA.")).status).toBe(201);
      expect((await comment("member", "   ")).status).toBe(422);
      const detail = await json<RequestDetail>(
        await h.call(item.GET, "GET", `/api/v1/requests/${draft.id}`, {
          as: "owner",
          params: { id: draft.id },
        }),
      );
      expect(detail.comments.map((c) => [c.author.email, c.body])).toEqual([
        ["max@meshplane.test", "Is gold needed?"],
        ["ada@meshplane.test", "Yes, for the SLA."],
      ]);
    });

    it("lists with pagination and filters, only the caller's domains", async () => {
      const list = (
        as: "member" | "admin" | "otherMember",
        query: Record<string, string | number> = {},
      ) =>
        h
          .call(collection.GET, "GET", "/api/v1/requests", { as, query })
          .then((r) => json<RequestList>(r));
      const all = await list("member", { pageSize: 100 });
      expect(all.items.length).toBeGreaterThan(3);
      expect(all.items.every((r) => r.domain === "payments")).toBe(true);
      const page1 = await list("member", { pageSize: 2 });
      const page2 = await list("member", { pageSize: 2, page: 2 });
      expect(page1.pagination).toEqual({ page: 1, pageSize: 2, total: all.pagination.total });
      expect(page1.items.map((r) => r.id)).not.toEqual(
        expect.arrayContaining(page2.items.map((r) => r.id)),
      );
      expect(
        (await list("member", { status: "approved" })).items.every((r) => r.status === "approved"),
      ).toBe(true);
      expect((await list("otherMember")).pagination.total).toBe(0);
      expect((await list("otherMember", { domain: "payments" })).pagination.total).toBe(0);
      expect((await list("admin", { pageSize: 100 })).pagination.total).toBe(all.pagination.total);
      const bad = await h.call(collection.GET, "GET", "/api/v1/requests", {
        as: "member",
        query: { pageSize: 1000 },
      });
      expect(bad.status).toBe(422);
      expect(await json(bad)).toMatchObject({ errors: [{ path: "query.pageSize" }] });
    });

    it("lists any of several statuses, paged, still only the caller's domains", async () => {
      const statuses = ["approved", "submitted"] as const;
      const list = (
        as: "member" | "admin" | "otherMember",
        status: RequestStatus | readonly RequestStatus[],
        page = { page: 1, pageSize: 100 },
      ) => listRequests(h.prisma, requestScope(principalOf(h, as)), { ...page, status });
      const [approved, submitted] = await Promise.all(
        statuses.map((status) => list("admin", status)),
      );
      const either = await list("admin", statuses);
      expect(approved?.pagination.total).toBeGreaterThan(0);
      expect(submitted?.pagination.total).toBeGreaterThan(0);
      expect(either.items.map((r) => r.id).sort()).toEqual(
        [...(approved?.items ?? []), ...(submitted?.items ?? [])].map((r) => r.id).sort(),
      );
      const first = await list("admin", statuses, { page: 1, pageSize: 1 });
      const second = await list("admin", statuses, { page: 2, pageSize: 1 });
      expect(first.pagination).toEqual({ page: 1, pageSize: 1, total: either.pagination.total });
      expect([...first.items, ...second.items].map((r) => r.id)).toEqual(
        either.items.slice(0, 2).map((r) => r.id),
      );
      expect((await list("member", statuses)).pagination.total).toBe(either.pagination.total);
      expect((await list("otherMember", statuses)).pagination.total).toBe(0);
      // The review queue's "ready to deploy": what the deploy action accepts.
      const ready = await list("admin", DEPLOYABLE_STATUSES);
      expect(ready.items.map((r) => r.id)).toEqual(approved?.items.map((r) => r.id));
    });
  });
});
