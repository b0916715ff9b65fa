/**
 * Whether one storage URI lies under another (lib/iceberg/locations.ts), and the rule built on it:
 * a product's table uses only locations under its own storage (authz.ts `mayUseTableLocation`).
 */
import { describe, expect, it } from "vitest";
import { isWithinLocation } from "#lib/iceberg/locations";
import { mayUseTableLocation } from "#portal/server/authz";

const LOCAL = "file:///var/meshplane/warehouse/payments/orders";
const AZURE = "abfss://tables@meshpay.dfs.core.windows.net/payments/orders";

describe("isWithinLocation", () => {
  it.each([
    [LOCAL, LOCAL],
    [LOCAL, `${LOCAL}/`],
    [`${LOCAL}/`, LOCAL],
    [LOCAL, `${LOCAL}/metadata/00001-a.metadata.json`],
    [LOCAL, `${LOCAL}/tables/v2`],
    [AZURE, `${AZURE}/metadata/v1.metadata.json`],
    // Case does not matter in a scheme or a host.
    [AZURE, "ABFSS://tables@MESHPAY.dfs.core.windows.net/payments/orders/data"],
  ])("%s holds %s", (root, location) => {
    expect(isWithinLocation(root, location)).toBe(true);
  });

  it.each([
    ["a sibling that starts alike", `${LOCAL}-2/metadata/v1.metadata.json`],
    ["the parent folder", "file:///var/meshplane/warehouse/payments"],
    ["another domain's product", "file:///var/meshplane/warehouse/customer/secret"],
    ["a `..` climb", `${LOCAL}/../../customer/secret/metadata/v1.metadata.json`],
    ["an encoded `..` climb", `${LOCAL}/%2e%2E/%2E%2e/customer/secret`],
    ["a `.` segment", `${LOCAL}/./metadata`],
    ["another scheme", "s3://payments/orders/metadata/v1.metadata.json"],
    ["a query", `${LOCAL}/metadata?v=1`],
    ["a fragment", `${LOCAL}/metadata#v1`],
    ["no URI at all", "/var/meshplane/warehouse/payments/orders"],
    ["an empty string", ""],
  ])("refuses %s", (_, location) => {
    expect(isWithinLocation(LOCAL, location)).toBe(false);
  });

  it.each([
    ["another container", "abfss://other@meshpay.dfs.core.windows.net/payments/orders"],
    ["another account", "abfss://tables@evil.dfs.core.windows.net/payments/orders"],
    ["no container", "abfss://meshpay.dfs.core.windows.net/payments/orders"],
  ])("refuses %s of an Azure root", (_, location) => {
    expect(isWithinLocation(AZURE, location)).toBe(false);
  });
});

describe("mayUseTableLocation", () => {
  it("allows only the product's own storage, and nothing before it is deployed", () => {
    expect(mayUseTableLocation(LOCAL, `${LOCAL}/metadata/v2.metadata.json`)).toBe(true);
    expect(mayUseTableLocation(LOCAL, "file:///etc/passwd")).toBe(false);
    expect(mayUseTableLocation(undefined, `${LOCAL}/metadata/v2.metadata.json`)).toBe(false);
  });
});
