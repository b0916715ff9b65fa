"use client";
/** Upstream products (declared lineage), picked from the catalog by search. */
import { useQuery } from "@tanstack/react-query";
import { useDeferredValue, useState } from "react";
import { fieldId, getIn } from "../../shared/spec-draft";
import { queries } from "../queries";
import { listAt, removeAt } from "./draft-values";
import { FieldIssues, useSpecForm } from "./fields";

export function InputsSection() {
  const { draft, update } = useSpecForm();
  const [search, setSearch] = useState("");
  const deferred = useDeferredValue(search.trim());
  const inputs = listAt(draft, ["inputs"]) as string[];
  const results = useQuery({
    ...queries.catalog({ q: deferred, pageSize: 8 }),
    enabled: deferred.length >= 2,
  });
  const self = `${String(getIn(draft, ["domain"]))}/${String(getIn(draft, ["name"]))}`;
  const candidates = (results.data?.items ?? [])
    .map((product) => ({ ref: `${product.domain}/${product.name}`, label: product.displayName }))
    .filter((product) => product.ref !== self && !inputs.includes(product.ref));
  return (
    <fieldset>
      <legend>Inputs (upstream products)</legend>
      {inputs.length === 0 ? (
        <p className="muted small">No upstream products.</p>
      ) : (
        <ul className="chips" aria-label="Selected inputs">
          {inputs.map((ref, index) => (
            <li key={ref}>
              <span>{ref}</span>
              <button
                type="button"
                className="link"
                aria-label={`Remove input ${ref}`}
                onClick={() => {
                  update(["inputs"], removeAt(inputs, index));
                }}
              >
                ✕
              </button>
              <FieldIssues path={["inputs", index]} />
            </li>
          ))}
        </ul>
      )}
      <label htmlFor={fieldId(["inputs", "search"])}>Find a product in the catalog</label>
      <input
        type="search"
        id={fieldId(["inputs", "search"])}
        value={search}
        placeholder="e.g. customer events"
        onChange={(event) => {
          setSearch(event.target.value);
        }}
      />
      {results.isError && <p className="field-error">The catalog could not be searched.</p>}
      {deferred.length >= 2 && results.isSuccess && candidates.length === 0 && (
        <p className="muted small">No matching products.</p>
      )}
      {candidates.length > 0 && (
        <ul aria-label="Catalog matches" style={{ listStyle: "none", padding: 0 }}>
          {candidates.map((product) => (
            <li key={product.ref}>
              <button
                type="button"
                className="link"
                onClick={() => {
                  update(["inputs"], [...inputs, product.ref]);
                  setSearch("");
                }}
              >
                Add {product.ref}
              </button>{" "}
              <span className="muted small">{product.label}</span>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
