"use client";
/**
 * The header's bell: a link to the inbox with the unread count, fetched again every minute and
 * after the inbox marks something read (query key `notifications`).
 */
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { queries } from "../queries";

export function NotificationBell({ initialUnread }: { initialUnread: number }) {
  const { data } = useQuery({ ...queries.unreadNotifications(), initialData: initialUnread });
  const unread = data;
  const label =
    unread === 0 ? "Notifications: none unread" : `Notifications: ${String(unread)} unread`;
  return (
    <Link href="/inbox" className="bell" aria-label={label} title={label}>
      <span aria-hidden="true">🔔</span>
      {unread > 0 && (
        <span className="bell-count" data-testid="unread-count">
          {unread > 99 ? "99+" : unread}
        </span>
      )}
    </Link>
  );
}
