/**
 * Guessing passwords is slowed per client address and per account, and the address is the one
 * the portal's own server saw (portal/bootstrap/http-server.ts), never one a client claims in
 * X-Forwarded-For unless a trusted proxy passed it on. Better Auth runs behind the real server
 * here, reached over TCP from distinct loopback addresses (127.0.0.x), one per test, as its
 * per-address buckets outlive a test.
 */
import { request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { DEV_PASSWORD } from "#portal/bootstrap/dev-credentials";
import { servePortal, type RunningServer } from "#portal/bootstrap/http-server";
import { auth } from "#portal/server/auth";
import { claimSignInAttempt, lockSeconds } from "#portal/server/sign-in-backoff";
import { forEachDatabase } from "./databases";
import { ORIGIN, PEOPLE, type Harness } from "./harness";

vi.mock("server-only", () => ({}));

/** Next's part, reduced to what Better Auth needs: the Node request as a fetch Request. */
async function authApp(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    for (const one of Array.isArray(value) ? value : [value ?? ""]) headers.append(name, one);
  }
  const answer = await auth().handler(
    new Request(new URL(request.url ?? "/", ORIGIN), {
      method: request.method ?? "GET",
      headers,
      ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
    }),
  );
  response.writeHead(answer.status, Object.fromEntries(answer.headers));
  response.end(Buffer.from(await answer.arrayBuffer()));
}

interface Answer {
  status: number;
  retryAfter: string | undefined;
}

/** A local sign-in over TCP from `from` (a loopback address), claiming `forwardedFor`. */
function signIn(
  server: RunningServer,
  from: string,
  email: string,
  password: string,
  forwardedFor?: string,
): Promise<Answer> {
  const body = JSON.stringify({ email, password });
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: "127.0.0.1",
        port: server.address.port,
        localAddress: from,
        method: "POST",
        path: "/api/auth/sign-in/email",
        headers: {
          "content-type": "application/json",
          origin: ORIGIN,
          ...(forwardedFor === undefined ? {} : { "x-forwarded-for": forwardedFor }),
        },
      },
      (incoming) => {
        incoming.resume();
        incoming.on("end", () => {
          const retryAfter = incoming.headers["retry-after"] ?? incoming.headers["x-retry-after"];
          resolve({
            status: incoming.statusCode ?? 0,
            retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
          });
        });
      },
    );
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}

let used = 10;
/** A loopback address no earlier test used (Linux routes all of 127/8 to this machine). */
function freshClient(): string {
  used += 1;
  return `127.0.0.${String(used)}`;
}
/** A forwarded client address no earlier test used. */
function freshForwarded(): string {
  used += 1;
  return `203.0.113.${String(used)}`;
}

async function statuses(attempts: Promise<Answer>[]): Promise<number[]> {
  return (await Promise.all(attempts)).map((answer) => answer.status);
}

forEachDatabase((target, open) => {
  describe(`sign-in limits (${target})`, () => {
    let h: Harness & { close: () => Promise<void> };
    let direct: RunningServer;
    let behindProxy: RunningServer;
    const running: RunningServer[] = [];
    beforeAll(async () => {
      h = await open();
      direct = await servePortal(
        { request: authApp },
        { host: "127.0.0.1", port: 0, trustedProxies: [] },
      );
      behindProxy = await servePortal(
        { request: authApp },
        { host: "127.0.0.1", port: 0, trustedProxies: ["127.0.0.0/8"] },
      );
      running.push(direct, behindProxy);
    });
    afterEach(async () => {
      await h.prisma.signInBackoff.deleteMany();
    });
    afterAll(async () => {
      await Promise.all(running.map((server) => server.close()));
      await h.close();
    });

    it("limits sign-ins per connection, whatever X-Forwarded-For a client makes up", async () => {
      const from = freshClient();
      const attempts = [1, 2, 3, 4].map((n) =>
        signIn(
          direct,
          from,
          `nobody${String(n)}@meshplane.test`,
          "guess",
          `203.0.113.${String(n)}`,
        ),
      );
      // Better Auth: 3 sign-ins per 10 s per address; the fourth waits.
      expect((await statuses(attempts)).sort()).toEqual([401, 401, 401, 429]);
    });

    it("behind a trusted proxy, limits each forwarded client on its own", async () => {
      const proxy = freshClient();
      const clients = [1, 2, 3, 4].map((n) =>
        signIn(behindProxy, proxy, `nobody${String(n)}@meshplane.test`, "guess", freshForwarded()),
      );
      expect(await statuses(clients)).toEqual([401, 401, 401, 401]);
      const client = freshForwarded();
      const oneClient = [1, 2, 3, 4].map((n) =>
        signIn(
          behindProxy,
          proxy,
          `someone${String(n)}@meshplane.test`,
          "guess",
          `10.1.2.3, ${client}`,
        ),
      );
      expect((await statuses(oneClient)).sort()).toEqual([401, 401, 401, 429]);
    });

    it("records the session's address from the connection, not from a forged header", async () => {
      const from = freshClient();
      const answer = await signIn(direct, from, PEOPLE.member.email, DEV_PASSWORD, "203.0.113.7");
      expect(answer.status).toBe(200);
      const session = await h.prisma.session.findFirstOrThrow({
        where: { userId: h.userIds.member },
        orderBy: { createdAt: "desc" },
      });
      expect(session.ipAddress).toBe(from);
    });

    it("backs off per account, from any address, the right password included", async () => {
      const email = PEOPLE.owner.email;
      // Every attempt from its own client behind the proxy: the per-address limit never applies.
      const attempt = (password: string) =>
        signIn(behindProxy, freshClient(), email, password, freshForwarded());
      for (let n = 1; n <= 5; n += 1) expect((await attempt("guess")).status).toBe(401);
      const locked = await attempt("guess");
      expect(locked).toEqual({ status: 429, retryAfter: "1" });
      expect((await attempt(DEV_PASSWORD)).status).toBe(429);
      await new Promise((resolve) => setTimeout(resolve, 1100)); // the 1 s lock of the 5th attempt
      expect((await attempt(DEV_PASSWORD)).status).toBe(200);
      // A success clears the count: the next mistake is a plain one again.
      expect((await attempt("guess")).status).toBe(401);
      expect((await attempt("guess")).status).toBe(401);
    });

    it("doubles the lock per further attempt, up to 15 minutes, and lets one parallel guess in", async () => {
      const email = "Ghost@Meshplane.test ";
      let now = Date.parse("2026-12-01T00:00:00Z");
      const locks: number[] = [];
      for (let n = 1; n <= 16; n += 1) {
        expect(await claimSignInAttempt(h.prisma, email, new Date(now))).toEqual({ allowed: true });
        const row = await h.prisma.signInBackoff.findUniqueOrThrow({
          where: { email: "ghost@meshplane.test" },
        });
        locks.push((row.lockedUntil.getTime() - now) / 1000);
        now = row.lockedUntil.getTime();
      }
      expect(locks).toEqual([0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900]);
      expect(locks).toEqual(locks.map((_, i) => lockSeconds(i + 1)));
      const early = await claimSignInAttempt(h.prisma, email, new Date(now - 1000));
      expect(early).toEqual({ allowed: false, retryAfterSeconds: 1 });

      await h.prisma.signInBackoff.update({
        where: { email: "ghost@meshplane.test" },
        data: { attempts: 4, lockedUntil: new Date(now) },
      });
      const parallel = await Promise.all(
        Array.from({ length: 8 }, () => claimSignInAttempt(h.prisma, email, new Date(now))),
      );
      expect(parallel.filter((claim) => claim.allowed)).toHaveLength(1);

      // A day later the count starts afresh.
      const nextDay = new Date(now + 25 * 60 * 60 * 1000);
      expect(await claimSignInAttempt(h.prisma, email, nextDay)).toEqual({ allowed: true });
      const row = await h.prisma.signInBackoff.findUniqueOrThrow({
        where: { email: "ghost@meshplane.test" },
      });
      expect(row.attempts).toBe(1);
    });
  });
});
