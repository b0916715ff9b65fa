import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadExampleSpecs } from "#contract/examples";
import { JSON_SCHEMA_FILE, renderJsonSchema } from "#tools/contract/write-json-schema";
import { variant } from "../../support/specs";

function compiledSchema() {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(JSON_SCHEMA_FILE, "utf8")) as object);
}

describe("published JSON Schema", () => {
  it("is in sync with the zod contract (run `npm run contract:schema` after changing it)", () => {
    expect(readFileSync(JSON_SCHEMA_FILE, "utf8")).toBe(renderJsonSchema());
  });

  it("accepts every example spec in a standard JSON Schema validator", () => {
    const validate = compiledSchema();
    for (const example of loadExampleSpecs()) {
      expect(
        validate(parse(example.text)),
        `${example.file}: ${JSON.stringify(validate.errors)}`,
      ).toBe(true);
    }
  });

  it("rejects structural mistakes editors can catch (unknown field, bad type pattern, bad enum)", () => {
    const validate = compiledSchema();
    const cases = [
      variant("customer-events.yaml", (s) => (s.owner = "x")),
      variant("customer-events.yaml", (s) => (s.table.columns[0].type = "varchar")),
      variant("customer-events.yaml", (s) => (s.tier = "platinum")),
      variant("customer-events.yaml", (s) => (s.table.partitionSpec[0].transform = "week")),
    ];
    for (const spec of cases) expect(validate(spec)).toBe(false);
  });
});
