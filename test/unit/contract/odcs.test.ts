/**
 * ODCS v3 export and import: every example round-trips unchanged, every export is valid against
 * the vendored ODCS JSON Schema, and a foreign contract comes in with a list of what was dropped.
 */
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { fromOdcs, parseDataProductSpec, toOdcs, type OdcsImport } from "#contract";
import { loadExampleSpecs } from "#contract/examples";
import { exampleExports, odcsValidator } from "../../support/odcs";

function imported(document: unknown): Extract<OdcsImport, { ok: true }> {
  const result = fromOdcs(document);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result;
}

describe("ODCS export", () => {
  it("is valid against the ODCS v3.2.0 JSON Schema for every example, with and without a server", () => {
    const validate = odcsValidator();
    for (const { file, spec, contract } of exampleExports()) {
      expect(validate(contract), `${file}: ${JSON.stringify(validate.errors)}`).toBe(true);
      expect(validate(toOdcs(spec)), file).toBe(true);
    }
    const [first] = exampleExports();
    expect(validate({ ...first?.contract, team: [{ name: "no username" }] })).toBe(false);
  });

  it("maps the table, owners, SLAs and the quality rule to their ODCS homes", () => {
    const events = exampleExports().find((e) => e.file === "customer-events.yaml");
    const contract = events?.contract;
    expect(contract).toMatchObject({
      apiVersion: "v3.2.0",
      kind: "DataContract",
      id: "customer/customer-events",
      version: "1.4.0",
      status: "active",
      name: "Customer events",
      domain: "customer",
      dataProduct: "customer-events",
      team: {
        name: "customer-data",
        members: [{ username: "carol@meshplane.test", role: "owner" }, {}],
      },
      tags: ["cost-center:cc-4100", "data-steward:customer-data"],
      slaProperties: [
        { property: "retention", value: 2555, unit: "d" },
        { property: "latency", value: 15, unit: "min" },
        { property: "availability", value: 99.9, unit: "percent" },
      ],
      servers: [
        {
          server: "prod",
          type: "s3",
          environment: "prod",
          format: "iceberg",
          location: expect.stringMatching(
            /^s3:\/\/mp-customer-customer-events-prod-\w+\/iceberg\/customer-events$/,
          ),
        },
      ],
    });
    expect(contract?.schema[0]?.properties[2]).toEqual({
      name: "customer_id",
      logicalType: "integer",
      logicalTypeOptions: { format: "i64" },
      physicalType: "long",
      required: true,
      description: "Customer account id",
      classification: "confidential",
      tags: ["pii"],
      partitioned: true,
      partitionKeyPosition: 2,
      quality: [
        {
          type: "library",
          metric: "nullValues",
          mustBeLessOrEqualTo: 1,
          unit: "percent",
          dimension: "completeness",
          description: "Required column: the quality SLA counts a breach above 1 % nulls.",
        },
      ],
      customProperties: [{ property: "fieldId", value: 3, vendor: "meshplane" }],
    });
  });

  it("needs a version, from the options or the spec", () => {
    const [example] = loadExampleSpecs();
    if (example === undefined) throw new Error("no examples");
    expect(() => toOdcs(example.spec)).toThrow(/needs a version/);
    expect(toOdcs(example.spec, { version: "2.0.0" }).version).toBe("2.0.0");
  });
});

describe("ODCS import", () => {
  it("gives back every example exactly, through YAML, with nothing unmapped but the server", () => {
    for (const { file, spec, contract } of exampleExports()) {
      const result = imported(parse(stringify(contract)));
      expect(result.unmapped, file).toEqual([
        { path: "servers", reason: expect.stringContaining("Meshplane derives it from target") },
      ]);
      expect(result.status).toBe("active");
      expect(result.result, file).toEqual({ success: true, spec });
    }
  });

  it("gives back a spec without ids or an explicit retention as it was", () => {
    for (const { file, spec } of loadExampleSpecs()) {
      const { retentionDays: _retention, ...withoutRetention } = spec;
      const result = imported(toOdcs({ ...withoutRetention, version: "1.0.0" }));
      expect(result.unmapped, file).toEqual([]);
      expect(result.result, file).toEqual({
        success: true,
        spec: { ...withoutRetention, version: "1.0.0" },
      });
    }
  });

  it("refuses what is not an ODCS v3 contract, at the field", () => {
    expect(fromOdcs({ apiVersion: "v2.2.2", kind: "DataProduct" })).toEqual({
      ok: false,
      issues: [
        { path: "apiVersion", message: "Meshplane reads ODCS v3 documents (apiVersion v3.x.y)" },
        { path: "kind", message: "kind must be DataContract" },
      ],
    });
    expect(fromOdcs("name: x")).toMatchObject({ ok: false });
  });

  it("maps a foreign contract and lists everything it dropped", () => {
    const result = imported(parse(FOREIGN_CONTRACT));
    expect(result.unmapped.map((u) => u.path)).toEqual([
      "tenant",
      "roles",
      "price",
      "customProperties[0]",
      "id",
      "servers",
      "schema[1]",
      "schema[0].dataGranularityDescription",
      "schema[0].properties[0].unique",
      "schema[0].properties[1].primaryKey",
      "schema[0].properties[1].tags[0]",
      "schema[0].properties[2].quality[0]",
      "schema[0].properties[3]",
      "schema[0].properties",
      "slaProperties[2]",
      "version",
      "description.usage",
      "team.members[0].username",
      "team.members[1].dateIn",
      "tags[0]",
    ]);
    expect(result.unmapped.find((u) => u.path === "schema[0].properties[3]")?.reason).toBe(
      "items: array has no Iceberg primitive type",
    );
    // What only Meshplane asks for is missing; the contract says so field by field.
    expect(result.result.success ? [] : result.result.issues.map((i) => i.path)).toEqual([
      "tier",
      "target",
      "sla.rpoMinutes",
      "sla.rtoMinutes",
    ]);
    const completed = parseDataProductSpec({
      ...result.draft,
      tier: "silver",
      target: { cloud: "local", region: "local" },
      sla: { ...(result.draft.sla as object), rpoMinutes: 60, rtoMinutes: 480 },
    });
    expect(completed.success ? completed.spec : completed.issues).toMatchObject({
      domain: "seller",
      name: "payments",
      displayName: "Seller payments",
      description: "Payments received by sellers, one row per transaction.",
      owners: { team: "seller-data", emails: ["mhopper@example.com"] },
      classification: "restricted",
      retentionDays: 1095,
      sla: { freshnessMinutes: 5760, availabilityPercent: 99.5 },
      table: {
        columns: [
          { name: "txn_ref_dt", type: "date", required: false },
          { name: "rcvr_id", type: "string", required: true },
          { name: "amount", type: "decimal(10,2)", required: false },
        ],
        partitionSpec: [{ column: "txn_ref_dt", transform: "identity" }],
      },
      tags: { "cost-center": "cc-1" },
    });
  });
});

/** In the style of the ODCS documentation's full example, with what Meshplane cannot keep. */
const FOREIGN_CONTRACT = `
apiVersion: v3.0.2
kind: DataContract
id: 53581432-6c55-4ba2-a65f-72344a91553a
name: Seller payments
version: "1.1"
status: active
domain: seller
dataProduct: payments
tenant: ClimateQuantumInc
description:
  purpose: Payments received by sellers, one row per transaction.
  usage: Finance reporting.
schema:
  - name: tbl
    physicalType: table
    dataGranularityDescription: One row per transaction
    properties:
      - name: txn_ref_dt
        logicalType: date
        physicalType: date
        partitioned: true
        partitionKeyPosition: 1
        classification: public
        unique: false
      - name: rcvr_id
        logicalType: string
        physicalType: varchar(18)
        required: true
        primaryKey: true
        classification: restricted
        tags: [uid]
      - name: amount
        logicalType: number
        physicalType: DECIMAL(10,2)
        quality:
          - metric: nullValues
            mustBe: 0
      - name: items
        logicalType: array
  - name: second_table
slaProperties:
  - property: latency
    value: 4
    unit: d
  - property: retention
    value: 3
    unit: y
  - property: frequency
    value: 1
    unit: d
  - property: availability
    value: 99.5%
team:
  name: seller-data
  members:
    - username: ceastwood
      role: Data Scientist
    - username: mhopper@example.com
      role: owner
      dateIn: "2022-10-01"
roles:
  - role: microstrategy_user_opr
    access: read
price:
  priceAmount: 9.95
  priceCurrency: USD
  priceUnit: megabyte
servers:
  - server: my-postgres
    type: postgres
    host: localhost
    port: 5432
    database: pypl-edw
    schema: pp_access_views
customProperties:
  - property: refRulesetName
    value: gcsc.ruleset.name
tags: [finance, "cost-center:cc-1"]
`;
