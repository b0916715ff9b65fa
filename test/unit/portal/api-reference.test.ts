import { describe, expect, it, vi } from "vitest";
import { icebergOpenApiDocument } from "#portal/server/iceberg/openapi";
import { openApiDocument } from "#portal/server/openapi";
import { API_DOCUMENTS, apiDocumentFor } from "../../../portal/ui/api-reference/documents";

vi.mock("server-only", () => ({}));

describe("API reference documents", () => {
  it("shows the portal API without a choice and each document by its id", () => {
    expect(apiDocumentFor(undefined)?.url).toBe("/api/v1/openapi.json");
    expect(apiDocumentFor("iceberg")?.url).toBe("/api/iceberg/v1/openapi.json");
    expect(apiDocumentFor("portal")?.id).toBe("portal");
  });

  it("names no document for an unknown or repeated value (the page shows not found)", () => {
    for (const value of ["", "Portal", "graphql", ["portal", "iceberg"]]) {
      expect(apiDocumentFor(value), String(value)).toBeUndefined();
    }
  });

  it("points at the routes that serve the two OpenAPI documents", () => {
    expect(API_DOCUMENTS.map((document) => document.url)).toEqual([
      "/api/v1/openapi.json",
      "/api/iceberg/v1/openapi.json",
    ]);
    expect(openApiDocument().paths?.["/api/v1/products"]?.get?.summary).toBe("List data products");
    expect(Object.keys(icebergOpenApiDocument().paths ?? {}).length).toBeGreaterThan(0);
  });
});
