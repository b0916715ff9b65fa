import type { Metadata } from "next";
import Link from "next/link";
import { NOTIFICATION_LABELS, type NotificationKind } from "#core/notifications";
import { db } from "../../server/db";
import { listNotifications } from "../../server/notifications";
import { requireUser } from "../../server/page-session";
import { NotificationListQuery } from "../../shared/notification-schemas";
import { PageHeader } from "../../ui/PageHeader";
import { PaginationNav } from "../../ui/PaginationNav";
import { Timestamp } from "../../ui/RelativeTime";
import { Badge, type Tone } from "../../ui/StatusBadge";
import { EmptyState, ErrorState } from "../../ui/States";
import { MarkAllReadButton, MarkReadButton } from "../../ui/notifications/InboxActions";
import { pageHref, searchParamStrings, type SearchParams } from "../../ui/search-params";

export const metadata: Metadata = { title: "Inbox" };
export const dynamic = "force-dynamic";

/** The signed-in user's notifications, newest first; `?unread=true` shows the unread ones. */
export default async function InboxPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requireUser();
  const raw = searchParamStrings(await searchParams);
  const query = NotificationListQuery.safeParse(raw);
  if (!query.success)
    return <ErrorState title="That filter is not valid." detail="Check the address." />;
  const list = await listNotifications(db(), user.userId, query.data);
  const unreadOnly = query.data.unread === "true";
  return (
    <>
      <PageHeader
        title="Inbox"
        lead={
          <>
            Requests you filed or review, products you consume and SLAs of products you own:{" "}
            {list.unread} unread.
          </>
        }
      >
        <MarkAllReadButton disabled={list.unread === 0} />
      </PageHeader>
      <p className="row">
        {unreadOnly ? (
          <Link href="/inbox">Show all</Link>
        ) : (
          <Link href="/inbox?unread=true">Show unread only</Link>
        )}
      </p>
      {list.items.length === 0 ? (
        <EmptyState title={unreadOnly ? "Nothing unread." : "No notifications yet."} />
      ) : (
        <ul aria-label="Notifications" className="stack" style={{ listStyle: "none", padding: 0 }}>
          {list.items.map((item) => (
            <li
              key={item.id}
              className="card notification"
              data-unread={item.readAt === null}
              data-kind={item.kind}
            >
              <div className="row">
                <Badge tone={toneOf(item.kind)}>{NOTIFICATION_LABELS[item.kind]}</Badge>
                <strong>
                  {item.link === null ? item.title : <Link href={item.link}>{item.title}</Link>}
                </strong>
                <span className="nav-spacer" />
                <span className="muted small">
                  <Timestamp at={item.createdAt} />
                </span>
                {item.readAt === null && <MarkReadButton id={item.id} />}
              </div>
              {item.body !== "" && (
                <p className="muted small" style={{ whiteSpace: "pre-line", margin: "0.5rem 0 0" }}>
                  {item.body}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
      <PaginationNav
        {...list.pagination}
        href={pageHref("/inbox", raw)}
        label="Pages of notifications"
      />
    </>
  );
}

function toneOf(kind: NotificationKind): Tone | undefined {
  if (kind === "request.failed" || kind === "request.rejected" || kind === "sla.breached")
    return "danger";
  if (kind.startsWith("consumed.")) return "warn";
  if (kind === "request.approved" || kind === "request.deployed") return "ok";
  return "info";
}
