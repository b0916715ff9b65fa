/**
 * The access section's pure parts (portal/ui/product/access-form.ts): the rules each
 * classification shows before a request is submitted, principals in words, and a 422's field
 * errors put at the form's fields (the rest kept for the alert).
 */
import { describe, expect, it } from "vitest";
import { APPROVAL_RULES, CLASSIFICATIONS } from "#contract";
import { ApiProblem } from "../../../portal/ui/api-client";
import {
  accessRuleText,
  dayFromNow,
  fieldErrors,
  principalText,
} from "../../../portal/ui/product/access-form";

describe("accessRuleText", () => {
  it("says who approves and what end date each classification needs", () => {
    expect(CLASSIFICATIONS.map((c) => accessRuleText(c, "customer"))).toEqual([
      "public: approved as soon as it is asked; an end date is optional.",
      "internal: approved by an owner of customer; an end date is optional.",
      "confidential: approved by an owner of customer; an end date is required, at most 365 days ahead.",
      "restricted: approved by an owner of customer and a platform admin, two different people; an end date is required, at most 90 days ahead.",
    ]);
  });

  it("follows the contract's rules, not numbers of its own", () => {
    for (const classification of CLASSIFICATIONS) {
      const { maxDays } = APPROVAL_RULES[classification];
      if (maxDays !== undefined)
        expect(accessRuleText(classification, "x")).toContain(`at most ${maxDays} days`);
    }
  });
});

describe("principalText", () => {
  it("names each cloud's principal", () => {
    expect(
      principalText({ kind: "aws-iam-role", arn: "arn:aws:iam::123456789012:role/r" }, "c"),
    ).toBe("arn:aws:iam::123456789012:role/r");
    expect(
      principalText(
        { kind: "azure-entra", objectId: "00000000-0000-0000-0000-000000000001", type: "group" },
        "c",
      ),
    ).toBe("00000000-0000-0000-0000-000000000001 (group)");
    expect(
      principalText(
        { kind: "gcp-service-account", email: "r-sa@p-1234.iam.gserviceaccount.com" },
        "c",
      ),
    ).toBe("r-sa@p-1234.iam.gserviceaccount.com");
    expect(principalText({ kind: "domain" }, "payments")).toBe("domain payments (its API keys)");
  });
});

describe("fieldErrors", () => {
  it("puts each issue at its field and keeps the others for the alert", () => {
    const problem = new ApiProblem({
      status: 422,
      detail: "the request body is invalid",
      errors: [
        { path: "endsAt", message: "required" },
        { path: "endsAt", message: "in the future" },
        { path: "principal.arn", message: "wrong partition" },
        { path: "principal.extra", message: "unknown key" },
      ],
    });
    const { byField, rest } = fieldErrors(problem);
    expect(byField).toEqual({
      endsAt: ["required", "in the future"],
      "principal.arn": ["wrong partition"],
    });
    expect(rest).toBeInstanceOf(ApiProblem);
    expect(rest?.message).toBe("the request body is invalid");
    expect((rest as ApiProblem).errors).toEqual([
      { path: "principal.extra", message: "unknown key" },
    ]);
  });

  it("leaves nothing for the alert when every issue has its field", () => {
    const problem = new ApiProblem({
      status: 422,
      errors: [{ path: "purpose", message: "short" }],
    });
    expect(fieldErrors(problem)).toEqual({ byField: { purpose: ["short"] }, rest: null });
  });

  it("passes a problem without field errors (a 409) and no error through to the alert", () => {
    const conflict = new ApiProblem({ status: 409, detail: "payments already has a grant" });
    expect(fieldErrors(conflict)).toEqual({ byField: {}, rest: conflict });
    expect(fieldErrors(null)).toEqual({ byField: {}, rest: null });
  });
});

describe("dayFromNow", () => {
  it("is the UTC day `days` ahead", () => {
    expect(dayFromNow(90, new Date("2026-12-06T23:30:00Z"))).toBe("2027-03-06");
  });
});
