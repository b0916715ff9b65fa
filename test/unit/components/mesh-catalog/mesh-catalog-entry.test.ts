/** The program-side checks of MeshCatalogEntry: the body against the contract, the product URL. */
import { describe, expect, it } from "vitest";
import { parseDataProductSpec } from "#contract";
import { productUrl, validRegistration } from "#components/mesh-catalog/mesh-catalog-entry";
import { exampleInput } from "#test/support/specs";

const parsed = parseDataProductSpec(exampleInput("churn-experiments.yaml"));
if (!parsed.success) throw new Error("the example must parse");
const spec = parsed.spec;
const OUTPUTS = {
  cloud: "local",
  region: "local",
  storageUri: "file:///w/sandbox/churn-experiments/dev",
  catalog: { kind: "meshplane", database: "sandbox", table: "churn-experiments" },
  backup: { kind: "none" },
  tags: { domain: "sandbox" },
};

describe("validRegistration", () => {
  it("accepts a body the portal accepts", () => {
    const body = validRegistration({ environment: "dev", stack: "s", spec, outputs: OUTPUTS });
    expect(body.outputs).toEqual(OUTPUTS);
  });

  it("names every invalid path", () => {
    expect(() =>
      validRegistration({
        environment: "dev",
        stack: "",
        spec,
        outputs: { ...OUTPUTS, storageUri: "/w/x" },
      }),
    ).toThrow(
      "MeshCatalogEntry: the catalog registration is not valid: stack: Too small: expected string to have >=1 characters; outputs.storageUri: a storage URI is s3://, abfss://, gs:// or file://",
    );
  });
});

describe("productUrl", () => {
  const body = validRegistration({ environment: "dev", stack: "s", spec, outputs: OUTPUTS });
  it("joins the portal's base URL (with or without a path or trailing slash) and the product path", () => {
    expect(productUrl("http://localhost:3000", body)).toBe(
      "http://localhost:3000/api/v1/catalog/products/sandbox/churn-experiments",
    );
    expect(productUrl("https://mesh.example/portal/", body)).toBe(
      "https://mesh.example/portal/api/v1/catalog/products/sandbox/churn-experiments",
    );
  });

  it("refuses a non-HTTP URL", () => {
    expect(() => productUrl("file:///etc/passwd", body)).toThrow(
      "MeshCatalogEntry: catalogUrl must be http(s), got file:",
    );
  });
});
