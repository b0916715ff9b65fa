"use client";
/** Catalog search with facets, sort and pagination; the address bar always holds the search. */
import { useQuery } from "@tanstack/react-query";
import { usePathname, useRouter } from "next/navigation";
import { useDeferredValue, useEffect, useState } from "react";
import type { CatalogQuery, CatalogResult } from "../../shared/api-schemas";
import { CATALOG_SORTS, FACETS } from "../../shared/catalog-vocabulary";
import { queryString } from "../api-client";
import { PaginationButtons, pageCount } from "../PaginationNav";
import { ProductTable } from "../ProductTable";
import { queries, type CatalogSearch } from "../queries";
import { EmptyState, ErrorState, LoadingState } from "../States";
import { FacetList } from "./FacetList";

function searchOf(query: CatalogQuery): CatalogSearch {
  const { pageSize, ...rest } = query;
  return { ...rest, ...(pageSize === 20 ? {} : { pageSize }) };
}

export function CatalogBrowser(props: {
  initialQuery: CatalogQuery;
  initialResult: CatalogResult;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const [search, setSearch] = useState<CatalogSearch>(searchOf(props.initialQuery));
  const [text, setText] = useState(props.initialQuery.q ?? "");
  const deferredText = useDeferredValue(text);
  const effective: CatalogSearch = {
    ...search,
    q: deferredText.trim() === "" ? undefined : deferredText.trim(),
  };
  const initialKey = JSON.stringify(searchOf(props.initialQuery));
  const result = useQuery({
    ...queries.catalog(effective),
    initialData: JSON.stringify(effective) === initialKey ? props.initialResult : undefined,
  });

  const url = `${pathname}${queryString({
    ...effective,
    sort: effective.sort === "relevance" ? undefined : effective.sort,
    page: effective.page === 1 ? undefined : effective.page,
  })}`;
  useEffect(() => {
    router.replace(url, { scroll: false });
  }, [router, url]);

  const update = (change: Partial<CatalogSearch>) => {
    setSearch((current) => ({ ...current, page: 1, ...change }));
  };
  const data = result.data;

  return (
    <div className="layout-sidebar">
      <aside aria-label="Filters">
        <form
          role="search"
          onSubmit={(event) => {
            event.preventDefault();
          }}
        >
          <label htmlFor="catalog-q">Search</label>
          <input
            id="catalog-q"
            type="search"
            value={text}
            placeholder="name, column, tag…"
            onChange={(event) => {
              setText(event.target.value);
              setSearch((current) => ({ ...current, page: 1 }));
            }}
          />
        </form>
        <div className="facets">
          {data &&
            FACETS.map((facet) => (
              <FacetList
                key={facet}
                facet={facet}
                counts={data.facets[facet]}
                selected={search[facet]}
                onSelect={(value) => {
                  update({ [facet]: value });
                }}
              />
            ))}
          {data && (
            <FacetList
              facet="access"
              counts={data.facets.access}
              selected={search.access}
              onSelect={(value) => {
                update({ access: value === "mine" ? "mine" : undefined });
              }}
            />
          )}
        </div>
      </aside>
      <section aria-label="Results">
        <div className="row" style={{ justifyContent: "space-between", marginBottom: "0.5rem" }}>
          <p className="muted" aria-live="polite" style={{ margin: 0 }}>
            {data ? `${data.pagination.total} product(s)` : ""}
            {result.isFetching && " · updating…"}
          </p>
          <div className="row">
            <label htmlFor="catalog-sort" className="inline">
              Sort by
            </label>
            <select
              id="catalog-sort"
              value={search.sort ?? "relevance"}
              style={{ width: "auto" }}
              onChange={(event) => {
                update({ sort: event.target.value as CatalogQuery["sort"] });
              }}
            >
              {CATALOG_SORTS.map((sort) => (
                <option key={sort} value={sort}>
                  {sort}
                </option>
              ))}
            </select>
          </div>
        </div>
        {result.isError && (
          <ErrorState title="The catalog could not be searched." detail={result.error.message} />
        )}
        {result.isPending && <LoadingState />}
        {data && data.items.length === 0 && <EmptyState title="No products match this search." />}
        {data && data.items.length > 0 && (
          <ProductTable products={data.items} label="Catalog results" />
        )}
        {data && (
          <PaginationButtons
            page={data.pagination.page}
            pages={pageCount(data.pagination)}
            onPage={(page) => {
              setSearch((current) => ({ ...current, page }));
            }}
          />
        )}
      </section>
    </div>
  );
}
