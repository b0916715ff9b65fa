import { describe, expect, it } from "vitest";
import { parseDataProductSpecText } from "#contract/parse-text";
import { exampleInput } from "../../support/specs";
import { stringify } from "yaml";

describe("parsing spec text", () => {
  it("accepts JSON as well as YAML", () => {
    const result = parseDataProductSpecText(JSON.stringify(exampleInput("country-codes.yaml")));
    expect(result.success).toBe(true);
  });

  it("points at the line and column of the offending value", () => {
    const text = stringify({ ...exampleInput("country-codes.yaml"), tier: "platinum" });
    const line = text.split("\n").findIndex((l) => l.startsWith("tier:")) + 1;
    const result = parseDataProductSpecText(text);
    expect(result).toEqual({
      success: false,
      issues: [
        {
          path: "tier",
          message: 'must be one of bronze, silver, gold, not string "platinum"',
          line,
          column: 7,
        },
      ],
    });
  });

  it("points at the parent object when a field is missing", () => {
    const spec = exampleInput("country-codes.yaml") as Record<string, unknown>;
    const sla = { ...(spec.sla as object) } as Record<string, unknown>;
    delete sla.rtoMinutes;
    const text = stringify({ ...spec, sla });
    const slaLine = text.split("\n").findIndex((l) => l.startsWith("sla:")) + 2;
    const result = parseDataProductSpecText(text);
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.issues).toEqual([
      { path: "sla.rtoMinutes", message: "is required", line: slaLine, column: 3 },
    ]);
  });

  it("reports YAML syntax errors with their position instead of throwing", () => {
    const result = parseDataProductSpecText("domain: sales\nname: [unclosed\n");
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.issues[0]?.message).toMatch(/^not valid YAML\/JSON: /);
    expect(result.issues[0]?.line).toBeGreaterThanOrEqual(2);
  });

  it("rejects duplicate keys rather than silently keeping the last", () => {
    const result = parseDataProductSpecText("tier: gold\ntier: bronze\n");
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.issues[0]?.message).toMatch(/unique|duplicate/i);
  });
});
