import "server-only";
/** Who is calling: the Better Auth session, resolved to the portal's roles. */
import type { UserPrincipal } from "./authz";
import { auth } from "./auth";
import { db } from "./db";
import type { Db } from "#db/client";

export async function loadPrincipal(
  userId: string,
  client: Db = db(),
): Promise<UserPrincipal | undefined> {
  const user = await client.user.findUnique({
    where: { id: userId },
    include: { memberships: { include: { domain: { select: { slug: true } } } } },
  });
  if (user === null) return undefined;
  return {
    kind: "user",
    userId: user.id,
    email: user.email,
    name: user.name,
    platformAdmin: user.platformAdmin,
    domainRoles: new Map(
      user.memberships.map((membership) => [membership.domain.slug, membership.role]),
    ),
  };
}

export async function userFromHeaders(headers: Headers): Promise<UserPrincipal | undefined> {
  const session = await auth().api.getSession({ headers });
  if (session === null) {
    // Better Auth answers "no session" when it cannot read the database too: a caller who sent a
    // session cookie learns of an outage (503) rather than being told to sign in again.
    if (headers.get("cookie")?.includes("session_token") === true) await db().$queryRaw`SELECT 1`;
    return undefined;
  }
  return loadPrincipal(session.user.id);
}
