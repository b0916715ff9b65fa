/**
 * The access contract (issue #18): principals per cloud and partition, end dates and approvals
 * over the whole classification matrix, and the field each error names.
 */
import { describe, expect, it } from "vitest";
import {
  AccessGrant,
  APPROVAL_RULES,
  CLASSIFICATIONS,
  accessRequestSchema,
  approvalState,
  approvalSummary,
  awsPartition,
  grantActive,
  grantProblems,
  type AccessGrantInput,
  type AccessTarget,
  type Classification,
} from "#contract";

const NOW = new Date("2026-12-06T00:00:00Z");
const days = (n: number) => new Date(NOW.getTime() + n * 86_400_000).toISOString();

const ROLE = { kind: "aws-iam-role", arn: "arn:aws:iam::123456789012:role/analytics-reader" };
const ENTRA = {
  kind: "azure-entra",
  objectId: "6F1C0A2E-3B4D-4E5F-8A9B-0C1D2E3F4A5B",
  type: "managed-identity",
};
const SA = { kind: "gcp-service-account", email: "reader@analytics-prod.iam.gserviceaccount.com" };
const DOMAIN = { kind: "domain" };

const target = (classification: Classification, cloud: AccessTarget["cloud"] = "aws") => ({
  cloud,
  region: { aws: "eu-west-1", azure: "westeurope", gcp: "europe-west1", local: "local" }[cloud],
  classification,
});

function issues(t: AccessTarget, body: unknown): Record<string, string[]> {
  const result = accessRequestSchema(t, NOW).safeParse(body);
  if (result.success) return {};
  const byPath: Record<string, string[]> = {};
  for (const issue of result.error.issues) {
    (byPath[issue.path.join(".")] ??= []).push(issue.message);
  }
  return byPath;
}

const purpose = "weekly fraud model features";

describe("awsPartition", () => {
  it.each([
    ["eu-west-1", "aws"],
    ["us-east-1", "aws"],
    ["cn-north-1", "aws-cn"],
    ["cn-northwest-1", "aws-cn"],
    ["us-gov-west-1", "aws-us-gov"],
  ])("%s is in %s", (region, partition) => {
    expect(awsPartition(region)).toBe(partition);
  });
});

describe("principals per cloud", () => {
  it.each([
    ["aws", ROLE],
    ["azure", ENTRA],
    ["gcp", SA],
    ["local", DOMAIN],
  ] as const)("a %s product accepts its own principal kind", (cloud, principal) => {
    expect(issues(target("internal", cloud), { principal, purpose })).toEqual({});
  });

  it("refuses another cloud's principal, naming principal.kind", () => {
    expect(issues(target("internal", "aws"), { principal: SA, purpose })).toEqual({
      "principal.kind": [
        "a aws product is read by a principal of kind aws-iam-role, not gcp-service-account",
      ],
    });
    expect(Object.keys(issues(target("internal", "local"), { principal: ROLE, purpose }))).toEqual([
      "principal.kind",
    ]);
  });

  it("refuses a role of another partition", () => {
    const cn = { ...ROLE, arn: "arn:aws-cn:iam::123456789012:role/reader" };
    expect(issues(target("internal"), { principal: cn, purpose })["principal.arn"]).toEqual([
      "the product is in eu-west-1, partition aws: the role must be arn:aws:iam::…, not aws-cn",
    ]);
    expect(
      issues(
        { cloud: "aws", region: "cn-north-1", classification: "internal" },
        {
          principal: cn,
          purpose,
        },
      ),
    ).toEqual({});
  });

  it.each([
    ["a user instead of a role", "arn:aws:iam::123456789012:user/alice"],
    ["a wildcard", "arn:aws:iam::123456789012:role/*"],
    ["a short account", "arn:aws:iam::12345:role/reader"],
    ["an unknown partition", "arn:aws-iso:iam::123456789012:role/reader"],
    ["everyone", "*"],
  ])("refuses %s as an ARN", (_what, arn) => {
    expect(
      Object.keys(issues(target("internal"), { principal: { ...ROLE, arn }, purpose })),
    ).toEqual(["principal.arn"]);
  });

  it("refuses a non-GUID object id and a user account instead of a service account", () => {
    expect(
      Object.keys(
        issues(target("internal", "azure"), {
          principal: { ...ENTRA, objectId: "not-a-guid" },
          purpose,
        }),
      ),
    ).toEqual(["principal.objectId"]);
    expect(
      Object.keys(
        issues(target("internal", "gcp"), {
          principal: { ...SA, email: "alice@example.com" },
          purpose,
        }),
      ),
    ).toEqual(["principal.email"]);
    expect(
      Object.keys(issues(target("internal", "gcp"), { principal: { kind: "allUsers" }, purpose })),
    ).toEqual(["principal.kind"]);
  });

  it("keeps an object id in lower case", () => {
    const parsed = accessRequestSchema(target("internal", "azure"), NOW).parse({
      principal: ENTRA,
      purpose,
    });
    expect(parsed.principal).toEqual({ ...ENTRA, objectId: ENTRA.objectId.toLowerCase() });
  });

  it("names the purpose and unknown fields", () => {
    expect(Object.keys(issues(target("public"), { principal: ROLE, purpose: "x" }))).toEqual([
      "purpose",
    ]);
    expect(issues(target("public"), { principal: ROLE, purpose, admin: true })[""]?.[0]).toMatch(
      /admin/,
    );
  });
});

describe("end dates by classification", () => {
  const cases: [Classification, string | undefined, boolean][] = [
    ["public", undefined, true],
    ["public", days(3650), true],
    ["internal", undefined, true],
    ["internal", days(3650), true],
    ["confidential", undefined, false],
    ["confidential", days(365), true],
    ["confidential", days(366), false],
    ["restricted", undefined, false],
    ["restricted", days(90), true],
    ["restricted", days(91), false],
  ];
  it.each(cases)("%s until %s: accepted %s", (classification, endsAt, ok) => {
    const found = issues(target(classification), {
      principal: ROLE,
      purpose,
      ...(endsAt === undefined ? {} : { endsAt }),
    });
    expect(Object.keys(found)).toEqual(ok ? [] : ["endsAt"]);
  });

  it.each(CLASSIFICATIONS)("%s refuses an end date in the past", (classification) => {
    expect(issues(target(classification), { principal: ROLE, purpose, endsAt: days(-1) })).toEqual({
      endsAt: ["endsAt must be in the future"],
    });
  });

  it("refuses a date that is not ISO 8601", () => {
    expect(
      Object.keys(issues(target("internal"), { principal: ROLE, purpose, endsAt: "next year" })),
    ).toEqual(["endsAt"]);
  });
});

describe("approvals by classification", () => {
  const owner = (by: string) => ({ by, role: "owner" as const });
  const admin = (by: string) => ({ by, role: "platform-admin" as const });

  it("has the rules the issue states", () => {
    expect(APPROVAL_RULES).toMatchObject({
      public: { automatic: true, owners: 0, platformAdmin: false, endDateRequired: false },
      internal: { automatic: false, owners: 1, platformAdmin: false, endDateRequired: false },
      confidential: { owners: 1, platformAdmin: false, endDateRequired: true, maxDays: 365 },
      restricted: { owners: 1, platformAdmin: true, endDateRequired: true, maxDays: 90 },
    });
  });

  const matrix: [Classification, { by: string; role: "owner" | "platform-admin" }[], boolean][] = [
    ["public", [], true],
    ["internal", [], false],
    ["internal", [admin("root")], false],
    ["internal", [owner("ann")], true],
    ["confidential", [], false],
    ["confidential", [owner("ann")], true],
    ["restricted", [owner("ann")], false],
    ["restricted", [admin("root")], false],
    ["restricted", [owner("ann"), admin("ann")], false],
    ["restricted", [owner("ann"), admin("root")], true],
    ["restricted", [owner("ann"), owner("bob"), admin("ann")], true],
  ];
  it.each(matrix)("%s with %j: approved %s", (classification, approvals, approved) => {
    const state = approvalState(classification, approvals);
    expect(state.approved).toBe(approved);
    expect(state.missing.length === 0).toBe(approved);
  });

  it("says two different people are needed when one person approved twice", () => {
    expect(approvalState("restricted", [owner("ann"), admin("ann")]).missing).toEqual([
      "an owner's and a platform admin's approvals by two different people",
    ]);
  });
});

describe("AccessGrant", () => {
  const at = NOW.toISOString();
  const grant = (over: Partial<AccessGrantInput> = {}): AccessGrantInput => ({
    id: "g0001",
    product: "payments/card-transactions",
    consumer: "risk",
    classification: "restricted",
    principal: ROLE as AccessGrantInput["principal"],
    purpose,
    endsAt: days(60),
    approvals: [
      { by: "ann", role: "owner", at, reason: "fraud team" },
      { by: "root", role: "platform-admin", at, reason: "reviewed" },
    ],
    ...over,
  });

  it("accepts an approved restricted grant with an end date", () => {
    expect(AccessGrant.safeParse(grant()).success).toBe(true);
  });

  it("refuses a restricted grant without its admin's approval or an end date", () => {
    const { endsAt: _, ...open } = grant({ approvals: grant().approvals?.slice(0, 1) });
    const result = AccessGrant.safeParse(open);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join("."))).toEqual(["approvals", "endsAt"]);
  });

  it("refuses a grant to the product's own domain", () => {
    const result = AccessGrant.safeParse(grant({ consumer: "payments" }));
    expect(result.error?.issues.map((i) => i.path.join("."))).toEqual(["consumer"]);
  });

  it("is active until its end date", () => {
    expect(grantActive({ endsAt: days(1) }, NOW)).toBe(true);
    expect(grantActive({ endsAt: days(0) }, NOW)).toBe(false);
    expect(grantActive({}, NOW)).toBe(true);
  });

  it("names every mismatch with the product that would provision it", () => {
    const parsed = AccessGrant.parse(grant());
    const product = { ref: "payments/card-transactions", ...target("restricted", "gcp") };
    expect(grantProblems(parsed, product, NOW)).toEqual([
      "grant g0001: a gcp product is read by a principal of kind gcp-service-account, not aws-iam-role",
    ]);
    expect(
      grantProblems(
        parsed,
        { ...target("confidential"), ref: "payments/other" },
        new Date(days(61)),
      ),
    ).toEqual([
      "grant g0001 is for payments/card-transactions, not payments/other",
      "grant g0001 was approved under restricted rules, the product is confidential",
      `grant g0001 ended at ${days(60)}`,
    ]);
    expect(grantProblems(parsed, { ...target("restricted"), ref: parsed.product }, NOW)).toEqual(
      [],
    );
  });

  it("summarises its approval record in one line", () => {
    expect(approvalSummary(AccessGrant.parse(grant()))).toBe(
      `meshplane grant g0001; approved by owner ann, platform-admin root; until ${days(60)}`,
    );
  });
});

describe("the approval record as one line", () => {
  it("reads back what approvalSummary writes", async () => {
    const { parseApprovalSummary, restrictedRecordProblems } = await import("#contract");
    const line =
      "meshplane grant g0001; approved by owner ann, platform-admin root; until 2027-01-01T00:00:00.000Z";
    const record = parseApprovalSummary(line);
    expect(record).toEqual({
      id: "g0001",
      approvals: [
        { role: "owner", by: "ann" },
        { role: "platform-admin", by: "root" },
      ],
      endsAt: "2027-01-01T00:00:00.000Z",
    });
    expect(restrictedRecordProblems(record)).toEqual([]);
    expect(parseApprovalSummary("granted by bob")).toBeUndefined();
    expect(restrictedRecordProblems(undefined)).toEqual(["no approval record"]);
    expect(
      restrictedRecordProblems(
        parseApprovalSummary("meshplane grant g0001; approved by classification rule (public)"),
      ),
    ).toEqual(["needs an owner's approval", "needs a platform admin's approval", "no end date"]);
  });
});
