"use client";
/**
 * The lineage page's product field: a text input with a native suggestion list (`<input list>`,
 * a combobox to assistive technology, keyboard handled by the browser) filled from
 * /api/v1/lineage/products as the user types. Only a few matches at a time reach the page: the whole
 * list (10,000 products in the benchmark) in the HTML and the props delayed the first paint.
 */
import { useQuery } from "@tanstack/react-query";
import { useDeferredValue, useState } from "react";
import { PRODUCT_REF } from "#contract/slug";
import { lineageQueries, PICKER_MATCHES } from "./queries";

export function ProductPicker({ id, initial }: { id: string; initial: string }) {
  const [text, setText] = useState(initial);
  const search = useDeferredValue(text.trim().toLowerCase());
  // Nothing is fetched until the user edits the field: the browser would filter the suggestions
  // down to the current value anyway, and the graph's own request goes first.
  const matches = useQuery({ ...lineageQueries.products(search), enabled: text !== initial });
  const items = matches.data?.items ?? [];
  return (
    <span>
      <label htmlFor={id}>Product</label>{" "}
      <input
        id={id}
        name="product"
        list={`${id}-matches`}
        required
        autoComplete="off"
        spellCheck={false}
        pattern={PRODUCT_REF.source}
        title="domain/name, e.g. payments/card-transactions"
        placeholder="domain/name"
        aria-describedby={`${id}-status`}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
        }}
      />
      <datalist id={`${id}-matches`}>
        {items.map((ref) => (
          <option key={ref} value={ref} />
        ))}
      </datalist>
      <span id={`${id}-status`} className="visually-hidden" aria-live="polite">
        {matches.isError
          ? "Products could not be searched; type domain/name."
          : matches.isSuccess
            ? `${items.length === PICKER_MATCHES ? `First ${PICKER_MATCHES}` : String(items.length)} matching products suggested.`
            : ""}
      </span>
    </span>
  );
}
