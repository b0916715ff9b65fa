/**
 * Who a session resolves to (portal/server/session.ts loadPrincipal): the user's platform flag and
 * every domain role, read in one statement, the same as the harness's people say.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadPrincipal } from "#portal/server/session";
import { forEachDatabase } from "./databases";
import { PEOPLE, principalOf, type Harness, type Person } from "./harness";

vi.mock("server-only", () => ({}));

forEachDatabase((target, open) => {
  describe(`loadPrincipal on ${target}`, () => {
    let h: Harness & { close: () => Promise<void> };
    beforeAll(async () => {
      h = await open();
    });
    afterAll(async () => {
      await h.close();
    });

    it("gives each person their platform flag and domain roles", async () => {
      for (const person of Object.keys(PEOPLE) as Person[]) {
        expect(await loadPrincipal(h.userIds[person], h.prisma)).toEqual(principalOf(h, person));
      }
    });

    it("lists a role in every domain a user belongs to", async () => {
      const domain = await h.prisma.domain.findUniqueOrThrow({ where: { slug: "customer" } });
      await h.prisma.domainMembership.create({
        data: { domainId: domain.id, userId: h.userIds.member, role: "owner" },
      });
      const principal = await loadPrincipal(h.userIds.member, h.prisma);
      expect([...(principal?.domainRoles ?? [])].sort()).toEqual([
        ["customer", "owner"],
        ["payments", "member"],
      ]);
    });

    it("is undefined for an unknown user", async () => {
      expect(await loadPrincipal("00000000-0000-7000-8000-000000000000", h.prisma)).toBeUndefined();
    });
  });
});
