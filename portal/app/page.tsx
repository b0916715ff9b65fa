import Link from "next/link";
import { db } from "../server/db";
import { requireUser } from "../server/page-session";
import { listProducts } from "../server/products";
import { listRequests } from "../server/requests";
import { slaSummary } from "../server/lineage/service";
import { SlaSummaryCard } from "../ui/lineage/SlaSummaryCard";
import { ProductTable } from "../ui/ProductTable";
import { RequestTable } from "../ui/RequestTable";
import { EmptyState } from "../ui/States";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const user = await requireUser();
  const domains = [...user.domainRoles.keys()];
  const client = db();
  const page = { page: 1, pageSize: 20 };
  const [mine, waitingForReview, rejected, products, sla] = await Promise.all([
    listRequests(client, { ...user, platformAdmin: false }, page),
    user.platformAdmin ? listRequests(client, user, { ...page, status: "submitted" }) : undefined,
    listRequests(client, { ...user, platformAdmin: false }, { ...page, status: "rejected" }),
    Promise.all(
      domains.map((domain) =>
        listProducts(client, user, { ...page, pageSize: 100, domain, status: "live" }),
      ),
    ),
    slaSummary(client),
  ]);
  const waiting = [...(waitingForReview?.items ?? []), ...rejected.items];
  const myProducts = products.flatMap((result) => result.items);
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Welcome, {user.name}</h1>
          <p className="lead">
            {domains.length === 0
              ? "You are not in a domain yet: ask a domain owner to add you."
              : `Your domains: ${domains.join(", ")}`}
            {user.platformAdmin && " · platform admin"}
          </p>
        </div>
        {domains.length > 0 && (
          <Link className="button primary" href="/requests/new">
            New request
          </Link>
        )}
      </div>

      <section aria-labelledby="waiting">
        <h2 id="waiting">Waiting for me</h2>
        {waiting.length === 0 ? (
          <EmptyState title="Nothing needs you right now." />
        ) : (
          <RequestTable requests={waiting} label="Waiting for me" />
        )}
      </section>

      <section aria-labelledby="my-requests">
        <h2 id="my-requests">My domains&apos; requests</h2>
        {mine.items.length === 0 ? (
          <EmptyState title="No requests yet.">
            {domains.length > 0 && <Link href="/requests/new">Request a data product</Link>}
          </EmptyState>
        ) : (
          <RequestTable requests={mine.items} label="My domains' requests" />
        )}
      </section>

      <SlaSummaryCard summary={sla} />

      <section aria-labelledby="my-products">
        <h2 id="my-products">My domains&apos; products</h2>
        {myProducts.length === 0 ? (
          <EmptyState title="No live products in your domains." />
        ) : (
          <ProductTable products={myProducts} label="My domains' products" />
        )}
      </section>
    </>
  );
}
