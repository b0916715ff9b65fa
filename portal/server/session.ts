import "server-only";
/** Who is calling: the Better Auth session, resolved to the portal's roles. */
import { getSessionCookie } from "better-auth/cookies";
import type { DomainRole, UserPrincipal } from "./authz";
import { auth, SESSION_COOKIE_PREFIX } from "./auth";
import { db } from "./db";
import type { Db } from "#db/client";
import { Lru } from "#lib/lru";

interface PrincipalRow {
  id: string;
  email: string;
  name: string;
  platformAdmin: boolean;
  /** [domain slug, role] of each membership. */
  roles: [string, DomainRole][];
}

const PRINCIPAL_COLUMNS = `u."id", u."email", u."name", u."platform_admin" AS "platformAdmin",
  COALESCE(json_agg(json_build_array(d."slug", m."role"::text))
             FILTER (WHERE d."slug" IS NOT NULL), '[]'::json) AS "roles"`;
const PRINCIPAL_JOINS = `LEFT JOIN "domain_memberships" m ON m."user_id" = u."id"
  LEFT JOIN "domains" d ON d."id" = m."domain_id"`;

function principalOf(user: PrincipalRow | undefined): UserPrincipal | undefined {
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

/**
 * The user with their domain roles, in one statement: every signed-in request starts here, and
 * Prisma's nested include would take three round trips (user, memberships, domains).
 */
export async function loadPrincipal(
  userId: string,
  client: Db = db(),
): Promise<UserPrincipal | undefined> {
  const rows = await client.$queryRawUnsafe<PrincipalRow[]>(
    `SELECT ${PRINCIPAL_COLUMNS} FROM "users" u ${PRINCIPAL_JOINS}
     WHERE u."id" = $1 GROUP BY u."id"`,
    userId,
  );
  return principalOf(rows[0]);
}

/** The principal of the unexpired session whose token is `token` (none: no such session). */
async function sessionPrincipal(
  token: string,
): Promise<{ token: string; principal: UserPrincipal } | undefined> {
  const [row] = await db().$queryRawUnsafe<(PrincipalRow & { token: string })[]>(
    `SELECT ${PRINCIPAL_COLUMNS}, s."token" FROM "sessions" s JOIN "users" u ON u."id" = s."user_id"
       ${PRINCIPAL_JOINS}
     WHERE s."token" = $1 AND s."expires_at" > now() GROUP BY u."id", s."token"`,
    token,
  );
  const principal = principalOf(row);
  return row === undefined || principal === undefined ? undefined : { token: row.token, principal };
}

/** The signed session cookie (`<token>.<signature>`), not yet checked. */
function signedCookie(headers: Headers): string | undefined {
  return getSessionCookie(headers, { cookiePrefix: SESSION_COOKIE_PREFIX }) ?? undefined;
}

/** The token a signed cookie names; undefined when it has no signature part. */
function tokenOf(signed: string): string | undefined {
  const dot = signed.lastIndexOf(".");
  return dot <= 0 ? undefined : signed.slice(0, dot);
}

/**
 * Signed cookies Better Auth accepted in this process within the last minute, and whose they
 * were: such a cookie's signature needs no second check, while its session's existence and expiry
 * are still read on every request (sessionPrincipal), so a sign-out or revocation counts at once.
 * Skipping Better Auth for a minute only defers its sliding refresh of the session's expiry
 * (`updateAge`: a day).
 */
const acceptedCookies = new Lru<{ userId: string; until: number }>(1000);
const ACCEPTED_FOR_MS = 60_000;

/** The caller of a cookie Better Auth accepted lately, read in one statement; else undefined. */
async function knownCaller(signed: string | undefined): Promise<UserPrincipal | undefined> {
  const known = signed === undefined ? undefined : acceptedCookies.get(signed);
  if (signed === undefined || known === undefined) return undefined;
  const token = tokenOf(signed);
  const live =
    known.until > Date.now() && token !== undefined ? await sessionPrincipal(token) : undefined;
  if (live?.principal.userId === known.userId) return live.principal;
  acceptedCookies.delete(signed);
  return undefined;
}

/**
 * The caller of a request. A cookie Better Auth accepted lately costs one statement (knownCaller).
 * Otherwise Better Auth decides whether the session is valid (signature, expiry, refresh: two
 * statements); the principal is read meanwhile, by the cookie's token, and used only for the
 * session Better Auth then accepted, so a signed-in request waits for two round trips, not three.
 * Should that read fail or answer for another session, the principal is read afresh.
 */
export async function userFromHeaders(headers: Headers): Promise<UserPrincipal | undefined> {
  const signed = signedCookie(headers);
  const known = await knownCaller(signed);
  if (known !== undefined) return known;
  const token = signed === undefined ? undefined : tokenOf(signed);
  const [session, early] = await Promise.all([
    auth().api.getSession({ headers }),
    // A failure here is the fallback read's to report, once the session is known to be valid.
    token === undefined ? undefined : sessionPrincipal(token).catch(() => undefined),
  ]);
  if (session === null) {
    // Better Auth answers "no session" when it cannot read the database too: a caller who sent a
    // session cookie learns of an outage (503) rather than being told to sign in again.
    if (headers.get("cookie")?.includes("session_token") === true) await db().$queryRaw`SELECT 1`;
    return undefined;
  }
  if (signed !== undefined && token === session.session.token)
    acceptedCookies.set(signed, { userId: session.user.id, until: Date.now() + ACCEPTED_FOR_MS });
  if (early?.token === session.session.token && early.principal.userId === session.user.id)
    return early.principal;
  return loadPrincipal(session.user.id);
}
