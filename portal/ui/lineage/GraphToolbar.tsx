"use client";
/**
 * Above the lineage canvas: the domain and namespace filters, clearing the focus, progress, and
 * the legend (node kinds; observed edges solid, declared inputs never observed dashed).
 */
import { useId } from "react";

export function GraphToolbar(props: {
  domains: readonly string[];
  domain: string | undefined;
  onDomain: (domain: string | undefined) => void;
  namespaces: readonly string[];
  chosenNamespaces: readonly string[];
  onNamespaces: (namespaces: string[]) => void;
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
      {props.namespaces.length > 1 && (
        <details className="lineage-namespaces">
          <summary>
            Namespaces
            {props.chosenNamespaces.length > 0 ? ` (${props.chosenNamespaces.length})` : ": all"}
          </summary>
          <fieldset>
            <legend className="visually-hidden">Show datasets of these namespaces</legend>
            {props.namespaces.map((namespace) => (
              <label key={namespace}>
                <input
                  type="checkbox"
                  checked={props.chosenNamespaces.includes(namespace)}
                  onChange={(event) => {
                    const others = props.chosenNamespaces.filter((n) => n !== namespace);
                    props.onNamespaces(
                      event.target.checked ? [...others, namespace].sort() : others,
                    );
                  }}
                />{" "}
                {namespace}
              </label>
            ))}
          </fieldset>
        </details>
      )}
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
        <li>
          <span className="edge-swatch" /> observed
        </li>
        <li>
          <span className="edge-swatch declared" /> observed, declared
        </li>
        <li>
          <span className="edge-swatch unobserved" /> ⚠ declared, not observed
        </li>
      </ul>
    </div>
  );
}
