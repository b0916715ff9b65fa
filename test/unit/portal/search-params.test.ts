import { describe, expect, it } from "vitest";
import { pageHref, pageParam, searchParamStrings } from "../../../portal/ui/search-params";

describe("page search params", () => {
  it("reads a page number, 1 for anything else", () => {
    expect(pageParam("3")).toBe(3);
    for (const value of [undefined, "", "0", "-2", "2.5", "two", ["2", "3"]]) {
      expect(pageParam(value), String(value)).toBe(1);
    }
    expect(pageParam("99999999")).toBe(10_000);
  });

  it("links pages keeping the other params, the first page without a number", () => {
    const href = pageHref("/requests", { status: "draft", mine: "true", page: "2", kind: "" });
    expect(href(1)).toBe("/requests?status=draft&mine=true");
    expect(href(3)).toBe("/requests?status=draft&mine=true&page=3");
    expect(pageHref("/review", { page: "2", ready: undefined }, "ready")(2)).toBe(
      "/review?page=2&ready=2",
    );
    expect(pageHref("/audit", {})(1)).toBe("/audit");
  });

  it("drops empty and repeated params: an empty form field is no filter", () => {
    expect(
      searchParamStrings({ status: "", kind: "create", domain: ["a", "b"], x: undefined }),
    ).toEqual({ kind: "create" });
  });
});
