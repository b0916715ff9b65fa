"use client";
/** Above the lineage canvas: the domain filter, clearing the focus, progress, and the legend. */

export function GraphToolbar(props: {
  domains: readonly string[];
  domain: string | undefined;
  onDomain: (domain: string | undefined) => void;
  focused: boolean;
  onClearFocus: () => void;
  busy: boolean;
}) {
  return (
    <div className="lineage-toolbar">
      <label>
        Domain{" "}
        <select
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
      </label>
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
