import { NotificationIdParams } from "#portal/shared/notification-schemas";
import { ok, withApi } from "#portal/server/api";
import { canMarkNotificationRead } from "#portal/server/authz";
import { markRead, ownNotificationOrThrow } from "#portal/server/notifications";

/** Marks one of my notifications read; its row records when (`readAt`), so no audit entry. */
export const POST = withApi(
  {
    auth: "user",
    params: NotificationIdParams,
    load: ({ db, principal, params }) => ownNotificationOrThrow(db, principal.userId, params.id),
    authorize: (principal, { resource }) => canMarkNotificationRead(principal, resource),
    audited: false,
  },
  async ({ db, principal, params }) => ok(await markRead(db, principal.userId, params.id)),
);
