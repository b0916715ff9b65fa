import { NotificationListQuery } from "#portal/shared/notification-schemas";
import { ok, withApi } from "#portal/server/api";
import { canReadOwnInbox } from "#portal/server/authz";
import { listNotifications } from "#portal/server/notifications";

/** My notifications, newest first (paginated; `unread=true` for the unread ones). */
export const GET = withApi(
  { auth: "user", query: NotificationListQuery, authorize: canReadOwnInbox },
  async ({ db, principal, query }) => ok(await listNotifications(db, principal.userId, query)),
);
