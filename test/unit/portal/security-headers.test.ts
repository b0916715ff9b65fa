/** The pages' Content-Security-Policy: scripts only by nonce, nothing frames the portal. */
import { describe, expect, it } from "vitest";
import { pageContentSecurityPolicy } from "#portal/shared/security-headers";

function directives(policy: string): Map<string, string> {
  return new Map(
    policy.split("; ").map((directive) => {
      const [name = "", ...values] = directive.split(" ");
      return [name, values.join(" ")];
    }),
  );
}

describe("page content security policy", () => {
  const production = directives(
    pageContentSecurityPolicy({ nonce: "bm9uY2U=", development: false, https: false }),
  );

  it("runs scripts and style elements by nonce only, never inline or eval", () => {
    expect(production.get("script-src")).toBe("'self' 'nonce-bm9uY2U=' 'strict-dynamic'");
    expect(production.get("style-src")).toBe("'self' 'nonce-bm9uY2U='");
    expect(production.get("object-src")).toBe("'none'");
    expect(production.get("base-uri")).toBe("'self'");
  });

  it("cannot be framed and upgrades subresources on https only", () => {
    expect(production.get("frame-ancestors")).toBe("'none'");
    expect(production.has("upgrade-insecure-requests")).toBe(false);
    const https = pageContentSecurityPolicy({ nonce: "n", development: false, https: true });
    expect(directives(https).has("upgrade-insecure-requests")).toBe(true);
  });

  it("allows eval and inline styles in development only (next dev's overlay and CSS)", () => {
    const development = directives(
      pageContentSecurityPolicy({ nonce: "n", development: true, https: false }),
    );
    expect(development.get("script-src")).toBe("'self' 'nonce-n' 'strict-dynamic' 'unsafe-eval'");
    expect(development.get("style-src")).toBe("'self' 'unsafe-inline'");
    expect(production.get("script-src")).not.toContain("unsafe-eval");
    expect(production.get("style-src")).not.toContain("unsafe-inline");
  });
});
