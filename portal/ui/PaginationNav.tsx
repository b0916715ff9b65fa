import Link from "next/link";

/** Server-rendered pagination: plain links keep pages shareable and work without JavaScript. */
export function PaginationNav(props: {
  page: number;
  pageSize: number;
  total: number;
  href: (page: number) => string;
  /** Names the navigation landmark; give each its own where a page has several lists. */
  label?: string;
}) {
  const pages = Math.max(1, Math.ceil(props.total / props.pageSize));
  if (pages <= 1) return null;
  return (
    <nav className="pagination" aria-label={props.label ?? "Pagination"}>
      {props.page > 1 ? (
        <Link className="button" href={props.href(props.page - 1)} rel="prev">
          Previous
        </Link>
      ) : null}
      <span className="muted small">
        Page {props.page} of {pages}
      </span>
      {props.page < pages ? (
        <Link className="button" href={props.href(props.page + 1)} rel="next">
          Next
        </Link>
      ) : null}
    </nav>
  );
}
