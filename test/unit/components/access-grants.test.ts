/**
 * Grants on their way into a product stack: the stack config carries them as JSON
 * (`meshplane:grants`), the product context validates them against the product, and a local
 * product provisions nothing for them (the catalog checks the record, core/access.ts).
 */
import { describe, expect, it } from "vitest";
import { DataProductSpec } from "#contract";
import { productContext } from "#components/context";
import { parseStackConfig, toConfigMap } from "#infra/stack-config";
import { GRANT_END, NOW, grantFor } from "../../support/access";
import { exampleInput } from "../../support/specs";

const local = DataProductSpec.parse(exampleInput("churn-experiments.yaml"));

describe("grants in a product stack", () => {
  it("round-trip through the stack config as JSON and reach the product context", () => {
    const grant = grantFor(local);
    const map = toConfigMap({
      kind: "product",
      spec: local,
      environment: "dev",
      catalogUrl: "http://localhost:3000",
      platformToken: "t".repeat(32),
      grants: [grant],
    });
    expect(map["meshplane:grants"]).toEqual({ value: JSON.stringify([grant]), secret: false });
    const read = parseStackConfig((key) => map[`meshplane:${key}`]?.value);
    expect("grants" in read && read.grants).toEqual([grant]);
    const context = productContext({
      spec: local,
      environment: "dev",
      grants: [grant],
      grantsAt: NOW.toISOString(),
    });
    expect(context.grants).toEqual([grant]);
    // At its end date a grant drops out of the desired state; one without an end date stays.
    const ending = grantFor(local, { id: "g0002", endsAt: GRANT_END });
    const later = productContext({
      spec: local,
      environment: "dev",
      grants: [grant, ending],
      grantsAt: GRANT_END,
    });
    expect(later.grants).toEqual([grant]);
  });

  it("names an unapproved grant in the stack config", () => {
    const grant = { ...grantFor(local), approvals: [] };
    expect(() =>
      parseStackConfig(
        (key) =>
          ({
            spec: JSON.stringify(local),
            environment: "dev",
            catalogUrl: "http://localhost:3000",
            platformToken: "t".repeat(32),
            grants: JSON.stringify([grant]),
          })[key],
      ),
    ).toThrow(/meshplane:grants\.0\.approvals: a \w+ grant needs an owner's approval/);
  });

  it("refuses a cloud principal for a local product", () => {
    expect(() =>
      productContext({
        spec: local,
        environment: "dev",
        grants: [
          {
            ...grantFor(local),
            principal: {
              kind: "gcp-service-account",
              email: "risk-reader@risk-prod.iam.gserviceaccount.com",
            },
          },
        ],
        grantsAt: NOW.toISOString(),
      }),
    ).toThrow("a local product is read by a principal of kind domain, not gcp-service-account");
  });
});
