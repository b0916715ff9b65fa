import "server-only";
/**
 * Per-account back-off of local sign-in, on top of Better Auth's per-address rate limit: an
 * attacker with many addresses (or behind a shared one) still gets only a handful of guesses per
 * account. Keyed by the email as typed (trimmed, lower-cased), whether or not the account
 * exists, so the answer says nothing about which emails are accounts.
 *
 * Each attempt is counted before its password is checked (a success then clears the count), in a
 * transaction holding the email's row: parallel guesses cannot all slip in before the first
 * failure is written. The first FREE_ATTEMPTS attempts in a row go through at once; from then on
 * each attempt locks the account for BASE_SECONDS, doubled per further attempt, up to
 * MAX_SECONDS, during which every attempt, the right password included, is refused with 429 and
 * Retry-After. A day without attempts starts the count afresh. Stored in the database
 * (`sign_in_backoff`), so it holds across restarts and across several portal processes.
 */
import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware } from "better-auth/api";
import type { Database, Db } from "#db/client";

const FREE_ATTEMPTS = 5;
const BASE_SECONDS = 1;
const MAX_SECONDS = 15 * 60;
const FORGET_AFTER_MS = 24 * 60 * 60 * 1000;

export type SignInClaim = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** The email as the back-off keys it. */
export function backoffKey(email: string): string {
  return email.trim().toLowerCase();
}

/** How long the account stays locked once this attempt (the `attempts`-th in a row) is made. */
export function lockSeconds(attempts: number): number {
  if (attempts < FREE_ATTEMPTS) return 0;
  return Math.min(BASE_SECONDS * 2 ** (attempts - FREE_ATTEMPTS), MAX_SECONDS);
}

interface BackoffRow {
  attempts: number;
  locked_until: Date;
  updated_at: Date;
}

/** Counts an attempt for `email`, or refuses it while the account is locked. */
export async function claimSignInAttempt(
  database: Database,
  email: string,
  now: Date = new Date(),
): Promise<SignInClaim> {
  const key = backoffKey(email);
  const claim = await database.$transaction(async (tx) => {
    await tx.signInBackoff.createMany({
      data: [{ email: key, attempts: 0, lockedUntil: now, updatedAt: now }],
      skipDuplicates: true,
    });
    const [row] = await tx.$queryRaw<BackoffRow[]>`
      SELECT attempts, locked_until, updated_at FROM sign_in_backoff WHERE email = ${key} FOR UPDATE`;
    if (row !== undefined && row.locked_until > now) {
      const retryAfterSeconds = Math.ceil((row.locked_until.getTime() - now.getTime()) / 1000);
      return { allowed: false, retryAfterSeconds } as const;
    }
    const stale = row === undefined || now.getTime() - row.updated_at.getTime() > FORGET_AFTER_MS;
    const attempts = stale ? 1 : row.attempts + 1;
    const lockedUntil = new Date(now.getTime() + lockSeconds(attempts) * 1000);
    await tx.signInBackoff.update({
      where: { email: key },
      data: { attempts, lockedUntil, updatedAt: now },
    });
    return { allowed: true } as const;
  });
  await database.signInBackoff.deleteMany({
    where: { updatedAt: { lt: new Date(now.getTime() - FORGET_AFTER_MS) } },
  });
  return claim;
}

/** A successful sign-in: the account owes nothing any more. */
export async function clearSignInBackoff(database: Db, email: string): Promise<void> {
  await database.signInBackoff.deleteMany({ where: { email: backoffKey(email) } });
}

const SIGN_IN_PATH = "/sign-in/email";

function emailOf(body: unknown): string | undefined {
  const email: unknown =
    typeof body === "object" && body !== null ? Reflect.get(body, "email") : undefined;
  return typeof email === "string" ? email : undefined;
}

/** The back-off as a Better Auth plugin around local sign-in (`POST /api/auth/sign-in/email`). */
export function signInBackoff(database: () => Database): BetterAuthPlugin {
  const matcher = (context: { path?: string }) => context.path === SIGN_IN_PATH;
  return {
    id: "meshplane-sign-in-backoff",
    hooks: {
      before: [
        {
          matcher,
          handler: createAuthMiddleware(async (context) => {
            const email = emailOf(context.body);
            if (email === undefined) return; // Better Auth answers 400 itself
            const claim = await claimSignInAttempt(database(), email);
            if (claim.allowed) return;
            const wait = String(claim.retryAfterSeconds);
            throw new APIError(
              "TOO_MANY_REQUESTS",
              {
                code: "SIGN_IN_BACKOFF",
                message: `Too many sign-in attempts for this account: try again in ${wait} s.`,
              },
              { "retry-after": wait },
            );
          }),
        },
      ],
      after: [
        {
          matcher,
          handler: createAuthMiddleware(async (context) => {
            const email = emailOf(context.body);
            if (email !== undefined && context.context.newSession !== null) {
              await clearSignInBackoff(database(), email);
            }
          }),
        },
      ],
    },
  };
}
