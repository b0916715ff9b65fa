import { describe, expect, it } from "vitest";
import { exampleInput } from "../../support/specs";
import { getIn, issuesByPath, newDraft, setIn } from "#portal/shared/spec-draft";
import { validateDraft } from "#portal/shared/spec-draft-validation";
import { draftToJson, draftToYaml, importDraft } from "#portal/shared/spec-text";

describe("spec drafts", () => {
  it("reads and writes nested paths without mutating", () => {
    const draft = { table: { columns: [{ name: "a" }] } };
    const next = setIn(draft, ["table", "columns", 0, "type"], "long");
    expect(getIn(next, ["table", "columns", 0])).toEqual({ name: "a", type: "long" });
    expect(draft.table.columns[0]).toEqual({ name: "a" });
  });

  it("removes a key when set to undefined", () => {
    expect(setIn({ a: 1, b: 2 }, ["b"], undefined)).toEqual({ a: 1 });
  });

  it("reports issues at the paths of the fields", () => {
    const issues = validateDraft(
      setIn(
        exampleInput("card-transactions.yaml") as Record<string, unknown>,
        ["table", "columns", 5, "type"],
        "decimal(40,2)",
      ),
    );
    expect(issuesByPath(issues).get("table.columns[5].type")).toEqual([
      expect.stringContaining("precision must be between 1 and 38"),
    ]);
  });

  it("starts new drafts incomplete but well formed", () => {
    const issues = validateDraft(newDraft("payments", "pat@meshplane.test"));
    expect([...new Set(issues.map((i) => i.path))].sort()).toEqual([
      "description",
      "displayName",
      "name",
    ]);
  });

  it("round-trips YAML and JSON exports through import", () => {
    const draft = exampleInput("customer-events.yaml") as Record<string, unknown>;
    for (const text of [draftToYaml(draft), draftToJson(draft)]) {
      expect(importDraft(text)).toEqual({ ok: true, draft });
    }
    expect(importDraft("- a list")).toEqual({
      ok: false,
      message: expect.stringContaining("one DataProduct"),
    });
    expect(importDraft("a: [")).toMatchObject({
      ok: false,
      message: expect.stringContaining("not valid"),
    });
  });
});
