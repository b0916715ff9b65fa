/**
 * A compatible schema change on AWS (Glue) and GCP (BigQuery/BigLake) under Pulumi mocks (issue 16,
 * item 3): deploying the changed spec registers exactly the same resources (same type and name,
 * so the same URNs), none with `replaceOnChanges` or `deleteBeforeReplace`, and the only inputs
 * that change are the catalog table's columns (Glue `openTableFormatInput`, BigQuery `schema`):
 * buckets, keys and everything else are untouched. Glue's Iceberg field ids are the spec's column
 * ids, so a rename keeps its id.
 *
 * On AWS the Glue table itself ignores `openTableFormatInput` changes (its create input is the
 * first version only) and the change reaches the Iceberg metadata through GlueTableMetadata: its
 * `table` input is what changes, and its provider's diff is an update, never a replacement. What
 * that provider writes (the next metadata version on the current one, Glue's pointer moved with
 * `VersionId`) is shown against mocked Glue and S3 clients in aws/table-metadata.test.ts.
 *
 * What mocks cannot show: how BigQuery applies the patch (docs/contract.md cites its documentation).
 */
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import type { Cloud } from "#contract";
import { installMocks, valueOf, type MockRecorder } from "../../support/pulumi-mocks";
import { exampleInput } from "../../support/specs";
import {
  glueTableMetadataProvider,
  type GlueTableMetadataInputs,
} from "#components/aws/table-metadata-provider";
import { GLUE_METADATA_TYPE, installAwsMocks } from "./aws/harness";
import { installGcpMocks } from "./gcp/gcp-mocks";

installMocks();
const { DataProduct } = await import("#components/data-product");

const GLUE_TABLE = "aws:glue/catalogTable:CatalogTable";

interface Registered {
  key: string;
  inputs: Record<string, unknown>;
  replaceOnChanges: string[] | undefined;
  deleteBeforeReplace: boolean | undefined;
  ignoreChanges: string[] | undefined;
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
    ignoreChanges: options.get(`${r.type}::${r.name}`)?.ignoreChanges,
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
  /** Inputs that differ, by resource type; the engine applies none listed in `ignored`. */
  changed: Record<string, string[]>;
  ignored: Record<string, string[]>;
}[] = [
  {
    cloud: "aws",
    file: "card-transactions.yaml",
    install: installAwsMocks,
    changed: {
      [GLUE_TABLE]: ["openTableFormatInput"],
      [GLUE_METADATA_TYPE]: ["table"],
    },
    ignored: { [GLUE_TABLE]: ["openTableFormatInput"] },
  },
  {
    cloud: "gcp",
    file: "fraud-scores.yaml",
    install: installGcpMocks,
    // The table's schema, and BigQuery's metadata export re-run for it (its `schema` input).
    changed: {
      "gcp:bigquery/table:Table": ["schema"],
      "pulumi-nodejs:dynamic/meshplane/gcp:BigQueryTableMetadata": ["schema"],
    },
    ignored: {},
  },
];

describe.each(CASES)(
  "a compatible schema change on $cloud",
  ({ file, install, changed, ignored }) => {
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
          return diff.length === 0 ? [] : [[r.key.split("::")[0] ?? "", diff] as const];
        });
      expect(Object.fromEntries(differing)).toEqual(changed);
      for (const r of after) {
        const type = r.key.split("::")[0] ?? "";
        expect(r.ignoreChanges ?? [], r.key).toEqual(ignored[type] ?? []);
      }
    });
  },
);

describe("the Glue table's Iceberg metadata follows the change in place", () => {
  it("GlueTableMetadata's provider updates, never replaces, on a schema change", async () => {
    const [v1, v2] = versions("card-transactions.yaml");
    const inputsOf = async (spec: Record<string, unknown>) => {
      const resources = await deploy(installAwsMocks, spec);
      const found = resources.find((r) => r.key.startsWith(`${GLUE_METADATA_TYPE}::`));
      if (found === undefined) throw new Error("no GlueTableMetadata registered");
      return found.inputs as unknown as GlueTableMetadataInputs;
    };
    const before = await inputsOf(v1);
    const after = await inputsOf(v2);
    expect(
      await glueTableMetadataProvider.diff?.(
        "id",
        { ...before, metadataLocation: "m", tableUuid: "u" },
        after,
      ),
    ).toEqual({
      changes: true,
      replaces: [],
    });
    expect(
      await glueTableMetadataProvider.diff?.(
        "id",
        { ...before, metadataLocation: "m", tableUuid: "u" },
        before,
      ),
    ).toEqual({
      changes: false,
      replaces: [],
    });
    // The columns it is given carry the spec's ids; new ones get theirs from the current metadata.
    expect(after.table.columns.map((c) => `${c.id ?? "new"}:${c.name}:${c.type}`)).toEqual([
      ...before.table.columns
        .slice(0, -1)
        .map((c) => `${c.id ?? ""}:${c.name}:${c.type === "int" ? "long" : c.type}`),
      `${before.table.columns.at(-1)?.id ?? ""}:${before.table.columns.at(-1)?.name ?? ""}_renamed:${before.table.columns.at(-1)?.type ?? ""}`,
      "new:segment:string",
    ]);
  });
});

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
