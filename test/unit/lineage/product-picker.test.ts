/**
 * The lineage page's product field: a labelled text input with a suggestion list that the server
 * renders empty (the page used to carry every product as an <option>, docs/performance.md §6).
 */
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { PRODUCT_REF } from "#contract/slug";
import { ProductPicker } from "#portal/ui/lineage/ProductPicker";

function render(initial: string): string {
  return renderToStaticMarkup(
    createElement(
      QueryClientProvider,
      { client: new QueryClient() },
      createElement(ProductPicker, { id: "start-product", initial }),
    ),
  );
}

describe("ProductPicker", () => {
  it("is a labelled input tied to its suggestion list, holding the start", () => {
    const html = render("payments/card-transactions");
    expect(html).toContain('<label for="start-product">Product</label>');
    expect(html).toContain('<input id="start-product" list="start-product-matches"');
    expect(html).toContain('name="product"');
    expect(html).toContain('value="payments/card-transactions"');
    expect(html).toContain('aria-describedby="start-product-status"');
    expect(html).toContain('<datalist id="start-product-matches"></datalist>');
  });

  it("sends no product list with the page", () => {
    expect(render("payments/card-transactions")).not.toContain("<option");
  });

  it("asks the browser to check the domain/name spelling before the form is sent", () => {
    const html = render("");
    expect(html).toContain(" required");
    const pattern = /pattern="([^"]*)"/.exec(html)?.[1];
    expect(pattern).toBe(PRODUCT_REF.source);
    // What the browser does with the attribute: the whole value must match.
    const check = new RegExp(`^(?:${pattern ?? ""})$`, "v");
    expect(check.test("payments/card-transactions")).toBe(true);
    expect(check.test("payments")).toBe(false);
    expect(check.test("Payments/x")).toBe(false);
  });
});
