import { describe, expect, it } from "vitest";
import {
  MissingSectionError,
  markdownTable,
  replaceGeneratedSection,
  replaceGeneratedSections,
} from "#tools/docs/generated-sections";

const DOC = [
  "# Title",
  "<!-- generated:a -->",
  "old a",
  "<!-- /generated:a -->",
  "middle",
  "<!-- generated:b -->",
  "<!-- /generated:b -->",
  "end",
].join("\n");

describe("generated sections", () => {
  it("replaces only the named section and keeps its markers", () => {
    expect(replaceGeneratedSection(DOC, "a", "new a\n")).toBe(
      [
        "# Title",
        "<!-- generated:a -->",
        "",
        "new a",
        "",
        "<!-- /generated:a -->",
        "middle",
        "<!-- generated:b -->",
        "<!-- /generated:b -->",
        "end",
      ].join("\n"),
    );
  });

  it("is idempotent", () => {
    const once = replaceGeneratedSections(DOC, { a: "A", b: "B" });
    expect(replaceGeneratedSections(once, { a: "A", b: "B" })).toBe(once);
  });

  it("names the missing marker", () => {
    expect(() => replaceGeneratedSection(DOC, "c", "x")).toThrow(
      new MissingSectionError('no "<!-- generated:c -->" … "<!-- /generated:c -->" section'),
    );
  });

  it("renders a table with escaped pipes", () => {
    expect(markdownTable(["k", "v"], [["a|b", "c"]])).toBe(
      "| k | v |\n| --- | --- |\n| a\\|b | c |",
    );
  });
});
