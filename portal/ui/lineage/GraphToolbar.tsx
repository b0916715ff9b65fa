"use client";
/** Above the lineage canvas: the domain filter, clearing the focus, progress, and the legend. */
import { useId } from "react";

export function GraphToolbar(props: {
  domains: readonly string[];
  domain: string | undefined;
  onDomain: (domain: string | undefined) => void;
  focused: boolean;
  onClearFocus: () => void;
  busy: boolean;
}) {
  // The label names the select by `for`, not by wrapping it: a wrapping label made Chromium read
  // every option into the select's accessible name.
  const id = useId();
  return (
    <div className="lineage-toolbar">
      <span>
        <label htmlFor={id}>Domain</label>{" "}
        <select
          id={id}
          value={props.domain ?? ""}
          onChange={(event) => {
            props.onDomain(event.target.value === "" ? undefined : event.target.value);
          }}
        >
          <option value="">All domains</option>
          {props.domains.map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </select>
      </span>
      {props.focused && (
        <button type="button" className="button secondary" onClick={props.onClearFocus}>
          Clear focus
        </button>
      )}
      {props.busy && <span role="status">Loading…</span>}
      <ul className="lineage-legend" aria-label="Legend">
        <li>
          <span className="swatch lineage-product" /> dataset of a product
        </li>
        <li>
          <span className="swatch lineage-dataset" /> other dataset
        </li>
        <li>
          <span className="swatch lineage-job" /> job
        </li>
        <li>
          <span className="swatch lineage-start" /> this product
        </li>
      </ul>
    </div>
  );
}
