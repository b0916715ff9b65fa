/**
 * A data table as the portal draws them all: scrollable on narrow screens, named for assistive
 * technology (and the e2e journeys) by `label`, one column header per column.
 */
import type { ReactNode } from "react";

/** A column's header; `hidden` keeps it for screen readers only (e.g. a column of buttons). */
type Column = string | { label: string; hidden: true };

export function Table({
  label,
  columns,
  caption,
  children,
}: {
  label: string;
  columns: readonly Column[];
  /** Read by screen readers only. */
  caption?: string;
  /** The body's rows. */
  children: ReactNode;
}) {
  return (
    <div className="table-wrap">
      <table aria-label={label}>
        {caption !== undefined && <caption className="visually-hidden">{caption}</caption>}
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={typeof column === "string" ? column : column.label} scope="col">
                {typeof column === "string" ? (
                  column
                ) : (
                  <span className="visually-hidden">{column.label}</span>
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
