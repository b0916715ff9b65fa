import type { Metadata } from "next";
import { CatalogQuery } from "../../shared/api-schemas";
import { searchCatalog } from "../../server/catalog-search";
import { db } from "../../server/db";
import { requireUser } from "../../server/page-session";
import { CatalogBrowser } from "../../ui/catalog/CatalogBrowser";
import { PageHeader } from "../../ui/PageHeader";
import { ErrorState } from "../../ui/States";

export const metadata: Metadata = { title: "Catalog" };
export const dynamic = "force-dynamic";

export default async function CatalogPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUser();
  const raw = Object.fromEntries(
    Object.entries(await searchParams).filter(
      (entry): entry is [string, string] => typeof entry[1] === "string",
    ),
  );
  const query = CatalogQuery.safeParse(raw);
  if (!query.success)
    return (
      <ErrorState title="That search is not valid." detail="Check the filters in the address." />
    );
  const initial = await searchCatalog(db(), query.data, user);
  return (
    <>
      <PageHeader title="Catalog" lead="Every live data product in the mesh." />
      <CatalogBrowser initialQuery={query.data} initialResult={initial} />
    </>
  );
}
