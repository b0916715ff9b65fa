import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { RouteHandler } from "#portal/server/api";
import { openApiDocument } from "#portal/server/openapi";
import { ROUTE_METHODS, apiRouteFiles } from "../../support/api-routes";

vi.mock("server-only", () => ({}));

interface Operation {
  responses?: Record<string, unknown>;
  parameters?: { in: string; name: string }[];
  requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
  security?: Record<string, unknown>[];
}

async function routes() {
  const found = await Promise.all(
    apiRouteFiles().map(async (route) => {
      const module = await route.module();
      return ROUTE_METHODS.filter((method) => typeof module[method] === "function").map(
        (method) => ({
          path: route.path,
          method,
          handler: module[method] as Partial<RouteHandler>,
        }),
      );
    }),
  );
  return found.flat();
}

function keysOf(schema: z.ZodType | undefined): string[] {
  return schema instanceof z.ZodObject ? Object.keys(schema.shape).sort() : [];
}

describe("OpenAPI document", () => {
  const document = openApiDocument();
  const paths = document.paths as Record<string, Record<string, Operation>>;

  it("is OpenAPI 3.1 with problem+json errors", () => {
    expect(document.openapi).toBe("3.1.0");
    expect(document.components?.schemas).toHaveProperty("Problem");
  });

  it("describes exactly the route files and their methods", async () => {
    const fromFiles = (await routes()).map((route) => `${route.method} ${route.path}`).sort();
    const fromDocument = Object.entries(paths)
      .flatMap(([path, operations]) =>
        Object.keys(operations).map((m) => `${m.toUpperCase()} ${path}`),
      )
      .sort();
    expect(fromDocument).toEqual(fromFiles);
  });

  it("documents each route's path, query and body schemas as the handler parses them", async () => {
    for (const { path, method, handler } of await routes()) {
      const contract = handler.contract;
      if (contract === undefined) continue; // openapi.json itself
      const operation = paths[path]?.[method.toLowerCase()];
      const where = `${method} ${path}`;
      const parameters = operation?.parameters ?? [];
      const names = (location: string) =>
        parameters
          .filter((p) => p.in === location)
          .map((p) => p.name)
          .sort();
      expect(names("path"), where).toEqual(keysOf(contract.params));
      expect(names("query"), where).toEqual(keysOf(contract.query));
      const bodyRef = operation?.requestBody?.content["application/json"]?.schema.$ref;
      const bodyId = contract.body ? z.globalRegistry.get(contract.body)?.id : undefined;
      expect(bodyRef, where).toBe(
        bodyId === undefined ? undefined : `#/components/schemas/${bodyId}`,
      );
      const schemes: Record<string, string> = {
        platform: "platformToken",
        "lineage-key": "lineageKey",
      };
      const scheme = schemes[contract.auth] ?? "session";
      expect(operation?.security, where).toEqual([{ [scheme]: [] }]);
    }
  });

  it("lists the errors withApi gives for the route's auth, parameters and body", async () => {
    for (const { path, method, handler } of await routes()) {
      const contract = handler.contract;
      if (contract === undefined) continue;
      const statuses = Object.keys(paths[path]?.[method.toLowerCase()]?.responses ?? {});
      const where = `${method} ${path}`;
      const expected = ["401", "403", "503"];
      if (contract.params ?? contract.query ?? contract.body) expected.push("400", "422");
      if (contract.body) expected.push("413", "415");
      expect(statuses, where).toEqual(expect.arrayContaining(expected));
    }
  });

  it("says that no text holds a NUL character, in every string schema", () => {
    const patterns: string[] = [];
    const loose: string[] = [];
    const stack: unknown[] = [document];
    while (stack.length > 0) {
      const node = stack.pop();
      if (typeof node !== "object" || node === null) continue;
      const schema = node as Record<string, unknown>;
      if (schema.type === "string") {
        if (typeof schema.pattern === "string") patterns.push(schema.pattern);
        else if (!("format" in schema || "enum" in schema || "const" in schema))
          loose.push(JSON.stringify(schema));
      }
      stack.push(...Object.values(schema));
    }
    expect(loose).toEqual([]);
    for (const pattern of new Set(patterns)) {
      // Anchored at both ends, and whatever could match a NUL (\S, ".", [^…]) excludes it.
      expect(pattern, pattern).toMatch(/^\^.*\$$/);
      const outsideClasses = pattern.replace(/\[(?!\^)(?:\\.|[^\]])*\]/g, "");
      const wide = /\\S|(?<!\\)\./.test(outsideClasses) || /\[\^(?![^\]]*\\u0000)/.test(pattern);
      expect(wide, pattern).toBe(false);
      expect(new RegExp(pattern, "u").test("\u0000"), pattern).toBe(false);
    }
  });
});
