import { ok, withApi } from "../../../../../../server/api";
import { canReadOwnInbox } from "../../../../../../server/authz";
import { markAllRead } from "../../../../../../server/notifications";

/** Marks all my notifications read (one statement; the rows record when, so no audit entry). */
export const POST = withApi(
  { auth: "user", authorize: canReadOwnInbox, audited: false },
  async ({ db, principal }) => ok(await markAllRead(db, principal.userId)),
);
