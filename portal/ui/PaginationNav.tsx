/**
 * Pagination of a list: "Previous", "Page n of m", "Next" in a named navigation landmark, either
 * as links (server-rendered pages) or as buttons (the catalog's live search). Nothing when the
 * list fits on one page.
 */
import Link from "next/link";
import type { ReactNode } from "react";

/** How many pages a list of `total` items has: at least one, even when it is empty. */
export function pageCount({ total, pageSize }: { total: number; pageSize: number }): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

function Pagination(props: {
  page: number;
  pages: number;
  label: string;
  previous: ReactNode;
  next: ReactNode;
}) {
  if (props.pages <= 1) return null;
  return (
    <nav className="pagination" aria-label={props.label}>
      {props.previous}
      <span className="muted small">
        Page {props.page} of {props.pages}
      </span>
      {props.next}
    </nav>
  );
}

/** Plain links keep pages shareable and work without JavaScript. */
export function PaginationNav(props: {
  page: number;
  pageSize: number;
  total: number;
  href: (page: number) => string;
  /** Names the navigation landmark; give each its own where a page has several lists. */
  label?: string;
}) {
  const pages = pageCount(props);
  return (
    <Pagination
      page={props.page}
      pages={pages}
      label={props.label ?? "Pagination"}
      previous={
        props.page > 1 ? (
          <Link className="button" href={props.href(props.page - 1)} rel="prev">
            Previous
          </Link>
        ) : null
      }
      next={
        props.page < pages ? (
          <Link className="button" href={props.href(props.page + 1)} rel="next">
            Next
          </Link>
        ) : null
      }
    />
  );
}

/** Buttons that change the page in place (a client-side list); they stay, disabled at the ends. */
export function PaginationButtons({
  page,
  pages,
  onPage,
}: {
  page: number;
  pages: number;
  onPage: (page: number) => void;
}) {
  return (
    <Pagination
      page={page}
      pages={pages}
      label="Pagination"
      previous={
        <button
          type="button"
          disabled={page <= 1}
          onClick={() => {
            onPage(page - 1);
          }}
        >
          Previous
        </button>
      }
      next={
        <button
          type="button"
          disabled={page >= pages}
          onClick={() => {
            onPage(page + 1);
          }}
        >
          Next
        </button>
      }
    />
  );
}
