/**
 * Who a session resolves to (portal/server/session.ts): the user's platform flag and every domain
 * role, read in one statement, the same as the harness's people say; and, from a request's cookie,
 * only for a session Better Auth accepts (the principal is read alongside, by the cookie's token).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { auth } from "#portal/server/auth";
import { loadPrincipal, userFromHeaders } from "#portal/server/session";
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

    describe("from a request's session cookie", () => {
      const withCookie = (cookie: string) => userFromHeaders(new Headers({ cookie }));
      /** The cookie with `change` applied to its signed value, `token.signature`. */
      const altered = async (person: Person, change: (token: string, sig: string) => string) => {
        const cookie = await h.cookie(person);
        const [name, value] = cookie.split("=") as [string, string];
        const signed = decodeURIComponent(value);
        const dot = signed.lastIndexOf(".");
        const next = change(signed.slice(0, dot), signed.slice(dot + 1));
        return `${name}=${encodeURIComponent(next)}`;
      };

      it("is the session's user", async () => {
        expect(await withCookie(await h.cookie("admin"))).toEqual(principalOf(h, "admin"));
        expect(await withCookie(await h.cookie("outsider"))).toEqual(principalOf(h, "outsider"));
      });

      it("is no one for a token whose signature does not match, though the session exists", async () => {
        // Accepted first: a forged variant of an accepted cookie must not ride on that acceptance.
        expect((await withCookie(await h.cookie("member")))?.userId).toBe(h.userIds.member);
        const forged = await altered("member", (token, sig) => `${token}.${sig.slice(1)}x`);
        expect(await withCookie(forged)).toBeUndefined();
      });

      it("is no one once the session has expired or been deleted", async () => {
        const cookie = await h.cookie("otherMember");
        const token = decodeURIComponent(cookie.split("=")[1] ?? "").split(".")[0] ?? "";
        const session = await h.prisma.session.findUniqueOrThrow({ where: { token } });
        try {
          await h.prisma.session.update({
            where: { token },
            data: { expiresAt: new Date(Date.now() - 1000) },
          });
          expect(await withCookie(cookie)).toBeUndefined();
        } finally {
          await h.prisma.session.upsert({
            where: { token },
            create: session,
            update: { expiresAt: session.expiresAt },
          });
        }
      });

      it("skips Better Auth for a cookie it accepted lately, yet a deleted session counts at once", async () => {
        const cookie = await h.cookie("owner");
        const token = decodeURIComponent(cookie.split("=")[1] ?? "").split(".")[0] ?? "";
        expect(await withCookie(cookie)).toEqual(principalOf(h, "owner"));
        const checks = vi.spyOn(auth().api, "getSession");
        const session = await h.prisma.session.findUniqueOrThrow({ where: { token } });
        try {
          expect(await withCookie(cookie)).toEqual(principalOf(h, "owner"));
          expect(checks).not.toHaveBeenCalled();
          await h.prisma.session.delete({ where: { token } });
          expect(await withCookie(cookie)).toBeUndefined();
          expect(checks).toHaveBeenCalledTimes(1);
        } finally {
          checks.mockRestore();
          await h.prisma.session.upsert({ where: { token }, create: session, update: {} });
        }
      });
    });
  });
});
