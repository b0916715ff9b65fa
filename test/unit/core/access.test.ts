/** The catalog's read rule (core/access.ts) over classifications, grant states and domains. */
import { describe, expect, it } from "vitest";
import { CLASSIFICATIONS } from "#contract";
import { grantAllowsRead, type CatalogGrant } from "#core/access";

const NOW = new Date("2026-12-06T00:00:00Z");
const at = NOW.toISOString();
const REF = "payments/card-transactions";

const grant = (over: Partial<CatalogGrant> = {}): CatalogGrant => ({
  product: REF,
  consumer: "risk",
  classification: "restricted",
  endsAt: "2027-01-01T00:00:00Z",
  approvals: [
    { by: "ann", role: "owner", at, reason: "ok" },
    { by: "root", role: "platform-admin", at, reason: "ok" },
  ],
  ...over,
});

describe("grantAllowsRead", () => {
  it.each(CLASSIFICATIONS)("lets the owning domain read its %s product", (classification) => {
    expect(grantAllowsRead([], "payments", { ref: REF, classification }, NOW)).toBe(true);
  });

  it.each([
    ["public", true],
    ["internal", true],
    ["confidential", false],
    ["restricted", false],
  ] as const)("without a grant, another domain reads a %s product: %s", (classification, ok) => {
    expect(grantAllowsRead([], "risk", { ref: REF, classification }, NOW)).toBe(ok);
  });

  const restricted = { ref: REF, classification: "restricted" as const };

  it("lets the grant's domain read, and no other", () => {
    expect(grantAllowsRead([grant()], "risk", restricted, NOW)).toBe(true);
    expect(grantAllowsRead([grant()], "marketing", restricted, NOW)).toBe(false);
  });

  it.each([
    ["revoked", grant({ revokedAt: at })],
    ["past its end date", grant({ endsAt: "2026-12-05T23:59:59Z" })],
    ["for another product", grant({ product: "payments/other-product" })],
    ["approved by the owner alone", grant({ approvals: grant().approvals.slice(0, 1) })],
    ["approved under confidential rules", grant({ classification: "confidential" })],
  ])("refuses a grant %s", (_what, g) => {
    expect(grantAllowsRead([g], "risk", restricted, NOW)).toBe(false);
  });

  it("reads a confidential product under an owner's approval", () => {
    const g = grant({ classification: "confidential", approvals: grant().approvals.slice(0, 1) });
    expect(grantAllowsRead([g], "risk", { ref: REF, classification: "confidential" }, NOW)).toBe(
      true,
    );
  });
});
