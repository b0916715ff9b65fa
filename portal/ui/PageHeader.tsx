/**
 * The top of every page: its one h1, an optional lead line under it, and the page's main actions
 * on the right (the layout the e2e journeys and screen-reader users find first).
 */
import type { ReactNode } from "react";

export function PageHeader({
  title,
  lead,
  children,
}: {
  title: ReactNode;
  lead?: ReactNode;
  /** Actions beside the heading (a link or a button row). */
  children?: ReactNode;
}) {
  return (
    <div className="page-header">
      <div>
        <h1>{title}</h1>
        {lead !== undefined && <p className="lead">{lead}</p>}
      </div>
      {children}
    </div>
  );
}
