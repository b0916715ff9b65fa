/**
 * The lineage graph's note on declared inputs never observed: a few pairs inline, more behind a
 * summary line (a paragraph of fifteen pairs had become the page's largest paint, docs/performance.md §6).
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { UnobservedNote } from "#portal/ui/lineage/UnobservedNote";

const pairs = (count: number) =>
  Array.from({ length: count }, (_, i) => `payments/in-${String(i)} → payments/out`);

describe("UnobservedNote", () => {
  it("lists up to three pairs inline", () => {
    const html = renderToStaticMarkup(createElement(UnobservedNote, { pairs: pairs(1) }));
    expect(html).toBe(
      '<p class="alert" role="note">⚠ 1 declared input never observed (dashed): payments/in-0 → payments/out</p>',
    );
  });

  it("puts more behind a closed summary that still holds every pair", () => {
    const html = renderToStaticMarkup(createElement(UnobservedNote, { pairs: pairs(15) }));
    expect(html).toMatch(
      /^<details class="alert" role="note"><summary>⚠ 15 declared inputs never observed \(dashed\)<\/summary><ul>/,
    );
    expect(html).not.toContain(" open");
    expect(html.match(/<li>/g)).toHaveLength(15);
  });
});
