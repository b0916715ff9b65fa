/**
 * The request form's pure parts: where an issue links to, what a failed save or submit tells the
 * user, how the sections read the draft, and the table editor's split of types and transforms.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  PARTITION_TRANSFORM_PATTERN,
  formatPath,
  parseIcebergType,
  parsePartitionTransform,
  ICEBERG_SIMPLE_TYPES,
} from "#contract";
import { exampleInput } from "../../support/specs";
import { fieldId, filingIssues, setIn } from "#portal/shared/spec-draft";
import { validateDraft } from "#portal/shared/spec-draft-validation";
import { ApiProblem } from "../../../portal/ui/api-client";
import {
  cloudOf,
  listAt,
  move,
  pick,
  recordAt,
  removeAt,
} from "../../../portal/ui/spec-form/draft-values";
import { issueLabel, pathSegments } from "../../../portal/ui/spec-form/issues";
import { SubmitFailedError, failureFeedback } from "../../../portal/ui/spec-form/submission";
import {
  TRANSFORM_KINDS,
  TYPE_KINDS,
  transformParts,
  transformText,
  typeParts,
  typeText,
} from "../../../portal/ui/spec-form/table/table-parts";

describe("issue paths", () => {
  it("splits a path into the segments the contract formatted it from", () => {
    const segment = fc.oneof(
      fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,11}$/),
      fc.nat({ max: 999 }),
    );
    const path = fc
      .tuple(
        fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,11}$/),
        fc.array(segment, { maxLength: 5 }),
      )
      .map(([first, rest]) => [first, ...rest]);
    fc.assert(
      fc.property(path, (segments) => {
        expect(pathSegments(formatPath(segments))).toEqual(segments);
      }),
    );
    expect(pathSegments("")).toEqual([]);
  });

  it("links every issue of an invalid spec to the id of its field", () => {
    const draft = setIn(
      exampleInput("card-transactions.yaml") as Record<string, unknown>,
      ["table", "columns", 5, "type"],
      "decimal(40,2)",
    );
    const issue = validateDraft(draft).find((i) => i.path === "table.columns[5].type");
    expect(issue).toBeDefined();
    expect(fieldId(pathSegments(issue?.path ?? ""))).toBe(fieldId(["table", "columns", 5, "type"]));
  });

  it("names the whole spec's issues 'spec'", () => {
    expect(issueLabel("")).toBe("spec");
    expect(issueLabel("tier")).toBe("tier");
  });
});

describe("who files the draft", () => {
  const imported = { ...exampleInput("fraud-scores.yaml"), domain: "customer" };

  it("flags a spec of a domain the user cannot file for, though the contract accepts it", () => {
    expect(validateDraft(imported)).toEqual([]);
    expect(filingIssues(imported, ["payments"])).toEqual([
      { path: "domain", message: "you cannot file requests for domain customer; choose payments" },
    ]);
    expect(filingIssues(imported, [])[0]?.message).toBe(
      "you cannot file requests for domain customer: you are a member of no domain",
    );
    expect(filingIssues(imported, ["payments", "customer"])).toEqual([]);
  });

  it("flags another product's name on a saved draft or a change", () => {
    const spec = exampleInput("fraud-scores.yaml");
    expect(filingIssues(spec, ["payments"], "fraud-scores")).toEqual([]);
    expect(filingIssues({ ...spec, name: "other" }, ["payments"], "fraud-scores")).toEqual([
      { path: "name", message: "this request is about fraud-scores; file a new request for other" },
    ]);
  });
});

describe("failed saves and submits", () => {
  const problem = new ApiProblem({
    status: 422,
    detail: "the spec is not valid",
    errors: [
      { path: "spec.table.columns[0].type", message: "not a type" },
      { path: "spec", message: "missing" },
      { path: "kind", message: "unknown kind" },
    ],
  });

  it("puts the API's field errors on the form's (spec-relative) fields", () => {
    expect(failureFeedback(problem)).toEqual({
      message: "the spec is not valid",
      issues: [
        { path: "table.columns[0].type", message: "not a type" },
        { path: "", message: "missing" },
        { path: "kind", message: "unknown kind" },
      ],
    });
  });

  it("says the draft is kept when only the submit failed", () => {
    const feedback = failureFeedback(new SubmitFailedError(problem));
    expect(feedback.message).toBe(
      "Your draft is saved, but submitting it failed: the spec is not valid",
    );
    expect(feedback.issues).toHaveLength(3);
  });

  it("keeps the fields' issues as they are when the failure names none", () => {
    expect(failureFeedback(new TypeError("Failed to fetch"))).toEqual({
      message: "Failed to fetch",
      issues: undefined,
    });
    expect(failureFeedback(new SubmitFailedError("offline")).message).toBe(
      "Your draft is saved, but submitting it failed: offline",
    );
  });
});

describe("reading the draft", () => {
  it("reads lists and objects only where there are some", () => {
    const draft = { inputs: ["a/b"], tags: { team: "x" }, owners: { emails: "not a list" } };
    expect(listAt(draft, ["inputs"])).toEqual(["a/b"]);
    expect(listAt(draft, ["owners", "emails"])).toEqual([]);
    expect(listAt(draft, ["missing"])).toEqual([]);
    expect(recordAt(draft, ["tags"])).toEqual({ team: "x" });
    expect(recordAt(draft, ["inputs", 0])).toEqual({});
  });

  it("takes the target cloud, AWS until a known one is chosen", () => {
    expect(cloudOf({ target: { cloud: "gcp" } })).toBe("gcp");
    expect(cloudOf({ target: { cloud: "mainframe" } })).toBe("aws");
    expect(cloudOf({})).toBe("aws");
  });

  it("moves and removes list items without losing or duplicating others", () => {
    expect(move(["a", "b", "c"], 0, 2)).toEqual(["b", "c", "a"]);
    expect(move(["a", "b", "c"], 2, 1)).toEqual(["a", "c", "b"]);
    expect(move(["a"], 3, 0)).toEqual(["a"]);
    expect(removeAt(["a", "b", "c"], 1)).toEqual(["a", "c"]);
    expect(removeAt(["a"], 4)).toEqual(["a"]);
  });

  it("picks the named keys of an object", () => {
    expect(pick({ memoryMb: 512, image: "x" }, ["memoryMb", "triggers"])).toEqual({
      memoryMb: 512,
    });
    expect(pick("nope", ["memoryMb"])).toEqual({});
  });
});

describe("the table editor's parts", () => {
  it("offers every type kind the contract accepts, each written as the contract parses it", () => {
    expect(TYPE_KINDS).toEqual([...ICEBERG_SIMPLE_TYPES, "decimal", "fixed"]);
    for (const kind of TYPE_KINDS) {
      const text = typeText({ ...typeParts("string"), kind });
      expect(parseIcebergType(text), text).toMatchObject({ ok: true, value: { kind } });
      expect(typeParts(text).kind).toBe(kind);
    }
  });

  it("keeps a type's parameters through a split and a join", () => {
    expect(typeParts("decimal(12,3)")).toMatchObject({ kind: "decimal", precision: 12, scale: 3 });
    expect(typeText(typeParts("decimal(12,3)"))).toBe("decimal(12,3)");
    expect(typeText(typeParts("fixed[4]"))).toBe("fixed[4]");
    expect(typeText({ ...typeParts("long"), kind: "decimal" })).toBe("decimal(18,2)");
  });

  it("shows a type being typed as the kind it starts with", () => {
    expect(typeParts("decimal(").kind).toBe("decimal");
    expect(typeParts("varchar").kind).toBe("string");
  });

  it("offers every partition transform, each written as the contract parses it", () => {
    const accepted = PARTITION_TRANSFORM_PATTERN.slice(2, -2)
      .split("|")
      .map((alternative) => /^[a-z]+/.exec(alternative)?.[0]);
    expect([...TRANSFORM_KINDS].sort()).toEqual(accepted.sort());
    for (const kind of TRANSFORM_KINDS) {
      const text = transformText({ kind, size: 8 });
      expect(parsePartitionTransform(text), text).toMatchObject({ ok: true, value: { kind } });
      expect(transformParts(text)).toEqual({
        kind,
        size: kind === "bucket" || kind === "truncate" ? 8 : 16,
      });
    }
    expect(transformParts(undefined)).toEqual({ kind: "identity", size: 16 });
    expect(transformParts("bucket[x]")).toEqual({ kind: "identity", size: 16 });
  });
});
