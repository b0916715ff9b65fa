import type { Metadata } from "next";
import { productScope } from "../../server/authz";
import { db } from "../../server/db";
import { lineageProducts } from "../../server/lineage/service";
import { requireUser } from "../../server/page-session";
import { PageHeader } from "../../ui/PageHeader";
import { LineageExplorer } from "../../ui/lineage/LineageExplorer";

export const metadata: Metadata = { title: "Lineage" };
export const dynamic = "force-dynamic";

/** The graph's state is in the query string, read by LineageExplorer (graph-url.ts). */
export default async function LineagePage() {
  const user = await requireUser();
  // Only the default start: the picker searches the rest through /api/v1/lineage/products.
  const [first] = await lineageProducts(db(), productScope(user), { limit: 1 });
  return (
    <>
      <PageHeader
        title="Lineage"
        lead="Where data comes from and where it goes, from the OpenLineage events of your pipelines."
      />
      <LineageExplorer defaultProduct={first} />
    </>
  );
}
