import type { Metadata } from "next";
import Form from "next/form";
import Link from "next/link";
import { RequestListQuery } from "../../shared/api-schemas";
import { REQUEST_KINDS, REQUEST_STATUSES } from "#core/request-lifecycle";
import { db } from "../../server/db";
import { requireUser } from "../../server/page-session";
import { listRequests, requestFilters } from "../../server/requests";
import { requestDomains, requestScope } from "../../server/authz";
import { Field } from "../../ui/Field";
import { PageHeader } from "../../ui/PageHeader";
import { PaginationNav } from "../../ui/PaginationNav";
import { RequestTable } from "../../ui/RequestTable";
import { pageHref, searchParamStrings, type SearchParams } from "../../ui/search-params";
import { EmptyState, ErrorState } from "../../ui/States";

export const metadata: Metadata = { title: "Requests" };
export const dynamic = "force-dynamic";

/** One filter of the list: "Any …" (no filter) or one of the values. */
function FilterSelect(props: {
  name: string;
  label: string;
  value: string | undefined;
  children: readonly string[];
}) {
  const id = `filter-${props.name}`;
  return (
    <Field id={id} label={props.label}>
      <select id={id} name={props.name} defaultValue={props.value ?? ""}>
        <option value="">Any {props.label.toLowerCase()}</option>
        {props.children.map((value) => (
          <option key={value}>{value}</option>
        ))}
      </select>
    </Field>
  );
}

/** Every request the viewer may see (their domains'; all of them for admins), filtered and paged. */
export default async function RequestsPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const user = await requireUser();
  const raw = searchParamStrings(await searchParams);
  const query = RequestListQuery.safeParse(raw);
  if (!query.success)
    return (
      <ErrorState title="That filter is not valid." detail="Check the filters in the address." />
    );
  const filters = query.data;
  const scope = requestScope(user);
  const domains =
    scope === "all"
      ? (await db().domain.findMany({ select: { slug: true }, orderBy: { slug: "asc" } })).map(
          (domain) => domain.slug,
        )
      : scope;
  const list = await listRequests(db(), scope, requestFilters(filters, user));
  const filtered = [filters.status, filters.kind, filters.domain, filters.mine].some(
    (value) => value !== undefined,
  );
  return (
    <>
      <PageHeader
        title="Requests"
        lead={
          <>
            {scope === "all" ? "Every domain's requests" : "Your domains' requests"}, most recently
            changed first: {list.pagination.total} request(s)
            {filtered ? " match" : ""}.
          </>
        }
      >
        {requestDomains(user).length > 0 && (
          <Link className="button primary" href="/requests/new">
            New request
          </Link>
        )}
      </PageHeader>

      <Form action="/requests" aria-label="Filter requests" className="card">
        <div className="form-grid">
          <FilterSelect name="status" label="Status" value={filters.status}>
            {REQUEST_STATUSES}
          </FilterSelect>
          <FilterSelect name="kind" label="Kind" value={filters.kind}>
            {REQUEST_KINDS}
          </FilterSelect>
          {domains.length > 1 && (
            <FilterSelect name="domain" label="Domain" value={filters.domain}>
              {domains}
            </FilterSelect>
          )}
        </div>
        <div className="row">
          <label className="inline">
            <input
              type="checkbox"
              name="mine"
              value="true"
              defaultChecked={filters.mine === "true"}
            />
            Only requests I created
          </label>
          <span className="nav-spacer" />
          {filtered && <Link href="/requests">Clear filters</Link>}
          <button type="submit" className="primary">
            Filter
          </button>
        </div>
      </Form>

      {list.items.length === 0 ? (
        <EmptyState
          title={
            filters.page > 1
              ? "No requests on this page."
              : filtered
                ? "No requests match these filters."
                : "No requests yet."
          }
        >
          {filters.page > 1 && <Link href={pageHref("/requests", raw)(1)}>First page</Link>}
        </EmptyState>
      ) : (
        <RequestTable requests={list.items} label="Requests" />
      )}
      <PaginationNav
        {...list.pagination}
        href={pageHref("/requests", raw)}
        label="Pages of requests"
      />
    </>
  );
}
