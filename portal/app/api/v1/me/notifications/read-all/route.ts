import { ok, withApi } from "#portal/server/api";
import { canReadOwnInbox } from "#portal/server/authz";
import { markAllRead } from "#portal/server/notifications";

/** Marks all my notifications read (one statement; the rows record when, so no audit entry). */
export const POST = withApi(
  { auth: "user", authorize: canReadOwnInbox, audited: false },
  async ({ db, principal }) => ok(await markAllRead(db, principal.userId)),
);
