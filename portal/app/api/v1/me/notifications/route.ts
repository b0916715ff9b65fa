import { NotificationListQuery } from "../../../../../shared/notification-schemas";
import { ok, withApi } from "../../../../../server/api";
import { canReadOwnInbox } from "../../../../../server/authz";
import { listNotifications } from "../../../../../server/notifications";

/** My notifications, newest first (paginated; `unread=true` for the unread ones). */
export const GET = withApi(
  { auth: "user", query: NotificationListQuery, authorize: canReadOwnInbox },
  async ({ db, principal, query }) => ok(await listNotifications(db, principal.userId, query)),
);
