import Link from "next/link";
import type { RequestList } from "../shared/api-schemas";
import { DEPLOYABLE_STATUSES } from "#core/request-lifecycle";
import {
  canReviewRequests,
  canRunDeployments,
  memberDomains,
  productScope,
  requestScope,
  type UserPrincipal,
} from "../server/authz";
import { db } from "../server/db";
import type { Db } from "#db/client";
import { requireUser } from "../server/page-session";
import { listProducts } from "../server/products";
import { listRequests } from "../server/requests";
import { slaSummary } from "../server/lineage/service";
import { SlaSummaryCard } from "../ui/lineage/SlaSummaryCard";
import { ProductTable } from "../ui/ProductTable";
import { PageHeader } from "../ui/PageHeader";
import { RequestTable } from "../ui/RequestTable";
import { Section } from "../ui/Section";
import { EmptyState } from "../ui/States";

export const dynamic = "force-dynamic";

/** One kind of thing waiting for the viewer: the first few of them, and where to see them all. */
interface Waiting {
  what: string;
  href: string;
  list: RequestList;
}

const WAITING_SHOWN = 10;

/**
 * What the viewer has to act on: platform admins review submitted requests and deploy approved or
 * failed ones; a domain's members reopen its rejected requests and finish their own drafts.
 */
async function waitingFor(client: Db, user: UserPrincipal): Promise<Waiting[]> {
  const page = { page: 1, pageSize: WAITING_SHOWN };
  const mine = memberDomains(user);
  const waiting = [
    ...(canReviewRequests(user)
      ? [
          {
            what: "to review",
            href: "/review",
            list: listRequests(client, requestScope(user), { ...page, status: "submitted" }),
          },
        ]
      : []),
    ...(canRunDeployments(user)
      ? [
          {
            what: "to deploy",
            href: "/review#ready-to-deploy",
            list: listRequests(client, requestScope(user), {
              ...page,
              status: DEPLOYABLE_STATUSES,
            }),
          },
        ]
      : []),
    {
      what: "rejected",
      href: "/requests?status=rejected",
      list: listRequests(client, mine, { ...page, status: "rejected" }),
    },
    {
      what: "draft(s) I started",
      href: "/requests?status=draft&mine=true",
      list: listRequests(client, mine, { ...page, status: "draft", requestedBy: user.userId }),
    },
  ];
  return Promise.all(waiting.map(async (entry) => ({ ...entry, list: await entry.list })));
}

export default async function HomePage() {
  const user = await requireUser();
  const domains = memberDomains(user);
  const client = db();
  const page = { page: 1, pageSize: 20 };
  const [mine, waitingLists, products, sla] = await Promise.all([
    listRequests(client, domains, page),
    waitingFor(client, user),
    Promise.all(
      domains.map((domain) =>
        listProducts(client, productScope(user), {
          ...page,
          pageSize: 100,
          domain,
          status: "live",
        }),
      ),
    ),
    slaSummary(client, productScope(user)),
  ]);
  const waiting = waitingLists.flatMap((entry) => entry.list.items);
  const waitingKinds = waitingLists.filter((entry) => entry.list.pagination.total > 0);
  const myProducts = products.flatMap((result) => result.items);
  return (
    <>
      <PageHeader
        title={<>Welcome, {user.name}</>}
        lead={
          <>
            {domains.length === 0
              ? "You are not in a domain yet: ask a domain owner to add you."
              : `Your domains: ${domains.join(", ")}`}
            {user.platformAdmin && " · platform admin"}
          </>
        }
      >
        {domains.length > 0 && (
          <Link className="button primary" href="/requests/new">
            New request
          </Link>
        )}
      </PageHeader>

      <Section id="waiting" title="Waiting for me">
        {waiting.length === 0 ? (
          <EmptyState title="Nothing needs you right now." />
        ) : (
          <>
            <ul className="chips" aria-label="What is waiting">
              {waitingKinds.map((entry) => (
                <li key={entry.what}>
                  <Link href={entry.href}>
                    {entry.list.pagination.total} {entry.what}
                  </Link>
                </li>
              ))}
            </ul>
            <RequestTable requests={waiting} label="Waiting for me" />
          </>
        )}
      </Section>

      <Section id="my-requests" title="My domains' requests">
        {mine.items.length === 0 ? (
          <EmptyState title="No requests yet.">
            {domains.length > 0 && <Link href="/requests/new">Request a data product</Link>}
          </EmptyState>
        ) : (
          <RequestTable requests={mine.items} label="My domains' requests" />
        )}
        <p className="small">
          {mine.pagination.total > mine.items.length &&
            `The ${mine.items.length} most recently changed of ${mine.pagination.total}. `}
          <Link href="/requests">All requests</Link>
        </p>
      </Section>

      <SlaSummaryCard summary={sla} />

      <Section id="my-products" title="My domains' products">
        {myProducts.length === 0 ? (
          <EmptyState title="No live products in your domains." />
        ) : (
          <ProductTable products={myProducts} label="My domains' products" />
        )}
      </Section>
    </>
  );
}
