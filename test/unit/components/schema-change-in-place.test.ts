/**
 * A compatible schema change on AWS (Glue) and GCP (BigQuery/BigLake) under Pulumi mocks (issue 16,
 * item 3): deploying the changed spec registers exactly the same resources (same type and name,
 * so the same URNs), none with `replaceOnChanges` or `deleteBeforeReplace`, and the only inputs
 * that change are the catalog table's columns (Glue `openTableFormatInput`, BigQuery `schema`):
 * buckets, keys and everything else are untouched. Glue's Iceberg field ids are the spec's column
 * ids, so a rename keeps its id.
 *
 * What mocks cannot show: how the providers apply the change. Read from the provider source
 * (terraform-provider-aws `aws_glue_catalog_table`): `open_table_format_input` is not ForceNew, so
 * the Glue table is updated in place, but the update is Glue UpdateTable with the TableInput only,
 * which keeps `metadata_location`: Glue does not write a new Iceberg schema, so the new column
 * reaches the Iceberg metadata only through an engine's commit (see docs/contract.md).
 */
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import type { Cloud } from "#contract";
import { installMocks, valueOf, type MockRecorder } from "../../support/pulumi-mocks";
import { exampleInput } from "../../support/specs";
import { installAwsMocks } from "./aws/harness";
import { installGcpMocks } from "./gcp/gcp-mocks";

installMocks();
const { DataProduct } = await import("#components/data-product");

interface Registered {
  key: string;
  inputs: Record<string, unknown>;
  replaceOnChanges: string[] | undefined;
  deleteBeforeReplace: boolean | undefined;
}

type Columns = { name: string; type: string; id?: number; required?: boolean }[];

async function deploy(install: () => MockRecorder, spec: Record<string, unknown>) {
  const recorder = install();
  const options = new Map<string, pulumi.CustomResourceOptions>();
  const parent = new pulumi.ComponentResource(
    "meshplane:test:Parent",
    "parent",
    {},
    {
      transformations: [
        (args) => {
          options.set(`${args.type}::${args.name}`, args.opts);
          return undefined;
        },
      ],
    },
  );
  const product = new DataProduct(String(spec.name), { spec, environment: "prod" }, { parent });
  await valueOf(product.outputs);
  // Children register after their inputs resolve: wait until no new ones appear.
  let seen = -1;
  while (seen !== recorder.resources.length) {
    seen = recorder.resources.length;
    await new Promise((settled) => setTimeout(settled, 20));
  }
  return recorder.resources.map((r): Registered => ({
    key: `${r.type}::${r.name}`,
    inputs: r.inputs,
    replaceOnChanges: options.get(`${r.type}::${r.name}`)?.replaceOnChanges,
    deleteBeforeReplace: options.get(`${r.type}::${r.name}`)?.deleteBeforeReplace,
  }));
}

/** v1 with the ids Meshplane stores, and v2: a column renamed keeping its id, int → long, a new optional column. */
function versions(file: string): [Record<string, unknown>, Record<string, unknown>] {
  const v1 = structuredClone(exampleInput(file)) as Record<string, unknown>;
  const table = v1.table as { columns: Columns };
  // The examples carry no ids: the ids a new table gets, as the portal stores them.
  table.columns = table.columns.map((column, index) => ({ ...column, id: index + 1 }));
  const v2 = structuredClone(v1);
  const columns = (v2.table as { columns: Columns }).columns;
  for (const column of columns) if (column.type === "int") column.type = "long";
  const last = columns.at(-1);
  if (last !== undefined) last.name = `${last.name}_renamed`;
  columns.push({ name: "segment", type: "string", required: false });
  return [v1, v2];
}

const CASES: {
  cloud: Cloud;
  file: string;
  install: () => MockRecorder;
  table: string;
  changed: string[];
}[] = [
  {
    cloud: "aws",
    file: "card-transactions.yaml",
    install: installAwsMocks,
    table: "aws:glue/catalogTable:CatalogTable",
    changed: ["openTableFormatInput"],
  },
  {
    cloud: "gcp",
    file: "fraud-scores.yaml",
    install: installGcpMocks,
    table: "gcp:bigquery/table:Table",
    changed: ["schema"],
  },
];

describe.each(CASES)(
  "a compatible schema change on $cloud",
  ({ file, install, table, changed }) => {
    it("updates the catalog table in place and leaves every other resource as it was", async () => {
      const [v1, v2] = versions(file);
      const before = await deploy(install, v1);
      const after = await deploy(install, v2);

      expect(after.map((r) => r.key).sort()).toEqual(before.map((r) => r.key).sort());
      for (const r of after) {
        expect(r.replaceOnChanges, r.key).toBeUndefined();
        expect(r.deleteBeforeReplace, r.key).toBeFalsy();
      }
      // Component resources (meshplane:*) carry the spec itself; only cloud resources are compared.
      const differing = after
        .filter((r) => !r.key.startsWith("meshplane:"))
        .flatMap((r) => {
          const old = before.find((b) => b.key === r.key);
          const keys = [...new Set([...Object.keys(r.inputs), ...Object.keys(old?.inputs ?? {})])];
          const diff = keys.filter(
            (k) => JSON.stringify(r.inputs[k]) !== JSON.stringify(old?.inputs[k]),
          );
          return diff.length === 0 ? [] : [{ type: r.key.split("::")[0], diff }];
        });
      expect(differing).toEqual([{ type: table, diff: changed }]);
    });
  },
);

describe("Glue keeps the Iceberg field ids of the spec", () => {
  it("a renamed column keeps its id, a widened one too, a new one gets the next", async () => {
    const [v1, v2] = versions("card-transactions.yaml");
    const fields = async (spec: Record<string, unknown>) => {
      const resources = await deploy(installAwsMocks, spec);
      const glue = resources.find((r) => r.key.startsWith("aws:glue/catalogTable:CatalogTable::"));
      const input = glue?.inputs.openTableFormatInput as {
        icebergInput: {
          icebergTableInput: { schema: { fields: { id: number; name: string; type: string }[] } };
        };
      };
      return input.icebergInput.icebergTableInput.schema.fields.map(
        (f) => `${f.id}:${f.name}:${f.type}`,
      );
    };
    const old = await fields(v1);
    const next = await fields(v2);
    const count = old.length;
    expect(next.slice(0, count).map((f) => f.split(":")[0])).toEqual(
      old.map((f) => f.split(":")[0]),
    );
    expect(next[count - 1]).toMatch(/_renamed:/);
    expect(next.filter((f) => f.includes(':"int"'))).toEqual([]);
    expect(next[count]).toBe(`${count + 1}:segment:"string"`);
  });
});
