import "server-only";
/** Who is calling: the Better Auth session, resolved to the portal's roles. */
import type { DomainRole, UserPrincipal } from "./authz";
import { auth } from "./auth";
import { db } from "./db";
import type { Db } from "#db/client";

interface PrincipalRow {
  id: string;
  email: string;
  name: string;
  platformAdmin: boolean;
  /** [domain slug, role] of each membership. */
  roles: [string, DomainRole][];
}

/**
 * The user with their domain roles, in one statement: every signed-in request starts here, and
 * Prisma's nested include would take three round trips (user, memberships, domains).
 */
export async function loadPrincipal(
  userId: string,
  client: Db = db(),
): Promise<UserPrincipal | undefined> {
  const [user] = await client.$queryRaw<PrincipalRow[]>`
    SELECT u."id", u."email", u."name", u."platform_admin" AS "platformAdmin",
           COALESCE(json_agg(json_build_array(d."slug", m."role"::text))
                      FILTER (WHERE d."slug" IS NOT NULL), '[]'::json) AS "roles"
      FROM "users" u
      LEFT JOIN "domain_memberships" m ON m."user_id" = u."id"
      LEFT JOIN "domains" d ON d."id" = m."domain_id"
     WHERE u."id" = ${userId}
     GROUP BY u."id"`;
  if (user === undefined) return undefined;
  return {
    kind: "user",
    userId: user.id,
    email: user.email,
    name: user.name,
    platformAdmin: user.platformAdmin,
    domainRoles: new Map(user.roles),
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
