import "server-only";
/**
 * A user's inbox: their notifications (workflow/notify.ts writes them), newest first, and marking
 * them read. Every query is by the caller's own user id: nobody reads or marks another's.
 */
import type { Db } from "#db/client";
import type { NotificationKind } from "#core/notifications";
import type { NotificationItem, NotificationList } from "../shared/notification-schemas";
import { pageOf } from "./pagination";
import { NotFoundError } from "./problems";

interface NotificationRow {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  payload: unknown;
  readAt: Date | null;
  createdAt: Date;
}

function toItem(row: NotificationRow): NotificationItem {
  return {
    id: row.id,
    kind: row.kind as NotificationKind,
    title: row.title,
    body: row.body,
    link: row.link,
    payload: (row.payload ?? {}) as Record<string, unknown>,
    readAt: row.readAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export function unreadCount(db: Db, userId: string): Promise<number> {
  return db.notification.count({ where: { userId, readAt: null } });
}

export async function listNotifications(
  db: Db,
  userId: string,
  query: { page: number; pageSize: number; unread?: "true" | "false" | undefined },
): Promise<NotificationList> {
  const where = { userId, ...(query.unread === "true" ? { readAt: null } : {}) };
  const [page, unread] = await Promise.all([
    pageOf(
      query,
      async (window) =>
        (
          await db.notification.findMany({
            where,
            orderBy: [{ createdAt: "desc" }, { id: "desc" }],
            ...window,
          })
        ).map(toItem),
      () => db.notification.count({ where }),
    ),
    unreadCount(db, userId),
  ]);
  return { ...page, unread };
}

/** The caller's notification, or 404 (another user's is answered as missing). */
export async function ownNotificationOrThrow(db: Db, userId: string, id: string) {
  const row = await db.notification.findUnique({ where: { id } });
  if (row === null || row.userId !== userId) throw new NotFoundError(`no notification ${id}`);
  return row;
}

/** Marks it read (idempotent: a read one keeps its first read time). */
export async function markRead(db: Db, userId: string, id: string): Promise<NotificationItem> {
  await db.notification.updateMany({
    where: { id, userId, readAt: null },
    data: { readAt: new Date() },
  });
  return toItem(await ownNotificationOrThrow(db, userId, id));
}

export async function markAllRead(db: Db, userId: string): Promise<{ marked: number }> {
  const updated = await db.notification.updateMany({
    where: { userId, readAt: null },
    data: { readAt: new Date() },
  });
  return { marked: updated.count };
}
