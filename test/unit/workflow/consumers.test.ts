import { describe, expect, it } from "vitest";
import { assembleConsumers, type ReaderRow } from "#workflow/consumers";

const CUSTOMER_EVENTS = { domain: "customer", name: "customer-events" };

const declared = (domain: string, name: string, status = "live", owners = [`${name}@x.test`]) => ({
  domain,
  name,
  status,
  ownerEmails: owners,
});

const reader = (overrides: Partial<ReaderRow>): ReaderRow => ({
  job_namespace: "airflow",
  job_name: "build-360",
  read_domains: ["marketing"],
  out_namespace: null,
  out_name: null,
  product_domain: null,
  product_name: null,
  product_status: null,
  owner_emails: null,
  ...overrides,
});

describe("a product's consumers", () => {
  it("names nobody for a product nobody consumes", () => {
    expect(assembleConsumers(CUSTOMER_EVENTS, [], [], [])).toEqual({
      product: "customer/customer-events",
      products: [],
      observed: [],
      grants: [],
      domains: [],
    });
  });

  it("merges declared inputs, lineage and grants: each product once, with every source", () => {
    const consumers = assembleConsumers(
      CUSTOMER_EVENTS,
      [declared("payments", "card-transactions"), declared("marketing", "customer-360")],
      [
        reader({
          out_namespace: "s3://marketing",
          out_name: "c360",
          product_domain: "marketing",
          product_name: "customer-360",
          product_status: "live",
          owner_emails: ["customer-360@x.test"],
        }),
        reader({ out_namespace: "s3://marketing", out_name: "c360" }),
      ],
      [{ domain: "marketing", product: "marketing/customer-360", principal: "domain" }],
    );
    expect(consumers.products.map((p) => [p.ref, p.via])).toEqual([
      ["marketing/customer-360", ["input", "lineage", "grant"]],
      ["payments/card-transactions", ["input"]],
    ]);
    expect(consumers.observed).toEqual([
      {
        namespace: "airflow",
        name: "build-360",
        domains: ["marketing"],
        outputs: [{ namespace: "s3://marketing", name: "c360", product: "marketing/customer-360" }],
      },
    ]);
    expect(consumers.domains).toEqual(["marketing", "payments"]);
  });

  it("counts a job of another domain reading the data even when its output is nobody's product", () => {
    const consumers = assembleConsumers(
      CUSTOMER_EVENTS,
      [],
      [reader({ read_domains: ["risk", "customer"], out_namespace: "s3://risk", out_name: "x" })],
      [],
    );
    expect(consumers.products).toEqual([]);
    expect(consumers.observed[0]?.outputs).toEqual([
      { namespace: "s3://risk", name: "x", product: null },
    ]);
    // The product's own domain is not a consumer domain: it hears of its requests anyway.
    expect(consumers.domains).toEqual(["risk"]);
  });

  it("leaves out the product itself and retired consumers", () => {
    const consumers = assembleConsumers(
      CUSTOMER_EVENTS,
      [
        declared("payments", "old-scores", "decommissioned"),
        declared("payments", "card-transactions"),
      ],
      [
        reader({
          out_namespace: "s3://customer",
          out_name: "events-copy",
          product_domain: "customer",
          product_name: "customer-events",
          product_status: "live",
        }),
      ],
      [],
    );
    expect(consumers.products.map((p) => p.ref)).toEqual(["payments/card-transactions"]);
    expect(consumers.domains).toEqual(["marketing", "payments"]);
  });

  it("leaves out what the visibility hides: the product, the output it names, its own domain", () => {
    const visible = (product: { domain: string; status: string }) => product.status === "live";
    const consumers = assembleConsumers(
      CUSTOMER_EVENTS,
      [declared("payments", "card-transactions"), declared("iot", "quiet-sensors", "requested")],
      [
        reader({
          read_domains: ["risk"],
          out_namespace: "s3://risk",
          out_name: "scores",
          product_domain: "risk",
          product_name: "scores",
          product_status: "deploying",
        }),
      ],
      [],
      visible,
    );
    expect(consumers.products.map((p) => p.ref)).toEqual(["payments/card-transactions"]);
    expect(consumers.observed[0]?.outputs).toEqual([
      { namespace: "s3://risk", name: "scores", product: null },
    ]);
    // risk read it (a graph edge anyone sees); iot is known only through its hidden product.
    expect(consumers.domains).toEqual(["payments", "risk"]);
  });
});
