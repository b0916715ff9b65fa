/**
 * Four eyes (issue #15.7): a platform admin who adds herself to a domain may file and edit its
 * requests, but approving them takes someone else, unless the setting relaxes the rule for a
 * one-person set-up. Her joining the domain is in the audit log.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as requests from "#portal/app/api/v1/requests/route";
import * as item from "#portal/app/api/v1/requests/[id]/route";
import * as submit from "#portal/app/api/v1/requests/[id]/submit/route";
import * as approve from "#portal/app/api/v1/requests/[id]/approve/route";
import * as reject from "#portal/app/api/v1/requests/[id]/reject/route";
import * as members from "#portal/app/api/v1/domains/[slug]/members/route";
import { actionsFor } from "#portal/server/requests";
import { portalConfig, setPortalConfigForTests } from "#config";
import { exampleInput } from "../../support/specs";
import { forEachDatabase } from "./databases";
import { json, planFinished, principalOf, type Harness, type Person } from "./harness";

vi.mock("server-only", () => ({}));
// Who may approve is the question here, not the plan: no preview process is started.
vi.mock("#workflow/plan-preview", async (original) => ({
  ...(await original<typeof import("#workflow/plan-preview")>()),
  runPreview: () => Promise.resolve({ ok: false, error: "not previewed in this test" }),
}));

forEachDatabase(
  (target, open) => {
    describe(`four eyes (${target})`, () => {
      let h: Harness & { close: () => Promise<void> };
      let counter = 0;
      beforeAll(async () => {
        h = await open();
        const joined = await h.call(members.POST, "POST", "/", {
          as: "admin",
          params: { slug: "payments" },
          body: { email: "ada@meshplane.test", role: "member" },
        });
        expect(joined.status).toBe(200);
      });
      afterAll(async () => {
        await h.close();
      });

      /** A payments draft filed by `by`, submitted; `editedBy` saved a change to it before. */
      async function submitted(by: Person, editedBy?: Person): Promise<string> {
        const spec = { ...exampleInput("fraud-scores.yaml"), name: `four-eyes-${++counter}` };
        const created = await h.call(requests.POST, "POST", "/", {
          as: by,
          body: { kind: "create", spec },
        });
        expect(created.status).toBe(201);
        const { id } = await json<{ id: string }>(created);
        if (editedBy !== undefined) {
          const edited = await h.call(item.PATCH, "PATCH", "/", {
            as: editedBy,
            params: { id },
            body: { spec: { ...spec, description: `Changed by ${editedBy}.` } },
          });
          expect(edited.status).toBe(200);
        }
        expect((await h.call(submit.POST, "POST", "/", { as: by, params: { id } })).status).toBe(
          200,
        );
        await planFinished(h, id);
        return id;
      }

      const decide = (action: typeof approve | typeof reject, id: string, as: Person = "admin") =>
        h.call(action.POST, "POST", "/", {
          as,
          params: { id },
          body:
            action === approve
              ? { reason: "decided", overrideReason: "no plan is previewed here" }
              : { reason: "decided" },
        });

      it("audits an admin joining a domain she does not own", async () => {
        const entry = await h.prisma.auditLog.findFirstOrThrow({
          where: { action: "domain.member-added", entityId: "payments" },
        });
        expect(entry).toMatchObject({
          actorId: h.userIds.admin,
          actorLabel: "ada@meshplane.test",
          after: {
            userId: h.userIds.admin,
            email: "ada@meshplane.test",
            role: "member",
            byPlatformAdmin: true,
          },
        });
      });

      it("refuses the admin's approval of a request she filed, and offers her only reject", async () => {
        const id = await submitted("admin");
        const refused = await decide(approve, id);
        expect(refused.status).toBe(403);
        expect(await json(refused)).toMatchObject({ detail: expect.stringMatching(/four eyes/) });
        expect(
          await actionsFor(h.prisma, principalOf(h, "admin"), id, ["approve", "reject"]),
        ).toEqual(["reject"]);
        expect((await decide(reject, id)).status).toBe(200);
      });

      it("refuses the admin's approval of a request she edited, whoever filed it", async () => {
        const id = await submitted("member", "admin");
        expect((await decide(approve, id)).status).toBe(403);
        expect((await decide(approve, id, "member")).status).toBe(403);
        const untouched = await submitted("member");
        expect(await actionsFor(h.prisma, principalOf(h, "admin"), untouched, ["approve"])).toEqual(
          ["approve"],
        );
        expect((await decide(approve, untouched)).status).toBe(200);
      });

      it("lets a one-person set-up relax the rule", async () => {
        const id = await submitted("admin");
        const strict = portalConfig();
        setPortalConfigForTests({ ...strict, fourEyes: false });
        try {
          expect((await decide(approve, id)).status).toBe(200);
        } finally {
          setPortalConfigForTests(strict);
        }
      });
    });
  },
  { MESHPLANE_FOUR_EYES: "true" },
);
