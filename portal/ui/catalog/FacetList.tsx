"use client";
/** One facet of the catalog search: its values with their counts; choosing one again clears it. */
import type { Facet } from "../../shared/catalog-vocabulary";

const FACET_LABELS: Readonly<Record<Facet | "access", string>> = {
  domain: "Domain",
  tier: "Tier",
  cloud: "Cloud",
  classification: "Classification",
  owner: "Owner team",
  access: "Access",
};

/** Values shown in words rather than as stored. */
const VALUE_LABELS: Readonly<Record<string, string>> = { "access:mine": "I have access" };

export function FacetList(props: {
  facet: Facet | "access";
  counts: readonly { value: string; count: number }[];
  selected: string | undefined;
  onSelect: (value: string | undefined) => void;
}) {
  if (props.counts.length === 0 && props.selected === undefined) return null;
  return (
    <div className="facet">
      <h3 id={`facet-${props.facet}`}>{FACET_LABELS[props.facet]}</h3>
      <ul aria-labelledby={`facet-${props.facet}`}>
        {props.counts.map(({ value, count }) => {
          const active = props.selected === value;
          return (
            <li key={value}>
              <button
                type="button"
                className="link"
                aria-pressed={active}
                style={{ fontWeight: active ? 700 : 400 }}
                onClick={() => {
                  props.onSelect(active ? undefined : value);
                }}
              >
                {VALUE_LABELS[`${props.facet}:${value}`] ?? value}
              </button>
              <span className="muted small">{count}</span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
