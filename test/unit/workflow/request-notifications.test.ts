import { describe, expect, it } from "vitest";
import { DataProductSpec } from "#contract";
import { REQUEST_ACTIONS, REQUEST_KINDS } from "#core/request-lifecycle";
import type { ProductConsumers } from "#workflow/consumers";
import {
  breakingChanges,
  consumerNotice,
  consumerStage,
  requestNotices,
  type RequestFacts,
} from "#workflow/request-notifications";
import { exampleInput } from "../../support/specs";

const live = DataProductSpec.parse(exampleInput("fraud-scores.yaml"));

const request = (overrides: Partial<RequestFacts> = {}): RequestFacts => ({
  id: "req-1",
  kind: "update",
  domain: "payments",
  name: "fraud-scores",
  spec: live,
  reason: null,
  sunsetAt: null,
  requestedById: "requester",
  ...overrides,
});

const CONSUMERS: ProductConsumers = {
  product: "payments/fraud-scores",
  products: [
    {
      ref: "risk/exposure",
      domain: "risk",
      name: "exposure",
      status: "live",
      ownerEmails: ["ria@risk.test"],
      via: ["input"],
    },
  ],
  observed: [],
  grants: [],
  domains: ["risk"],
};

describe("who a request's transition tells", () => {
  it("tells the reviewers of a submission, and the domain's webhooks", () => {
    const [notice, ...rest] = requestNotices(request(), "submit", undefined, "requester");
    expect(rest).toEqual([]);
    expect(notice?.kind).toBe("request.submitted");
    expect(notice?.to).toEqual({ platformAdmins: true, except: "requester" });
    expect(notice?.webhookDomains).toEqual(["payments"]);
    expect(notice?.link).toBe("/requests/req-1");
  });

  it.each([
    ["approve", "request.approved"],
    ["reject", "request.rejected"],
    ["succeed", "request.deployed"],
    ["fail", "request.failed"],
  ] as const)("tells the requester and the domain when it is %s", (action, kind) => {
    const notices = requestNotices(request(), action, "because", "admin");
    expect(notices.map((n) => [n.kind, n.to, n.webhookDomains, n.body])).toEqual([
      [
        kind,
        { userIds: ["requester"], domainMembers: ["payments"], except: "admin" },
        ["payments"],
        "because",
      ],
    ]);
  });

  it("tells nobody of a reopen or of a deployment starting", () => {
    expect(requestNotices(request(), "reopen", undefined, null)).toEqual([]);
    expect(requestNotices(request(), "deploy", undefined, null)).toEqual([]);
  });

  it("concerns consumers only for updates and decommissions, at the right stages", () => {
    const stages = REQUEST_KINDS.flatMap((kind) =>
      REQUEST_ACTIONS.map((action) => [kind, action, consumerStage(kind, action)] as const),
    ).filter(([, , stage]) => stage !== undefined);
    expect(stages).toEqual([
      ["update", "submit", "proposed"],
      ["update", "approve", "approved"],
      ["decommission", "submit", "proposed"],
      ["decommission", "approve", "approved"],
      ["decommission", "succeed", "deployed"],
    ]);
    // A decommission with a sunset is deployed when the sunset comes: the consumers hear then.
    expect(consumerStage("decommission", "deploy", new Date("2027-01-31T00:00:00Z"))).toBe(
      "sunset-reached",
    );
    expect(consumerStage("update", "deploy", new Date("2027-01-31T00:00:00Z"))).toBeUndefined();
  });
});

describe("the consumers' notice", () => {
  const dropped = {
    ...live,
    table: { ...live.table, columns: live.table.columns.filter((c) => c.name !== "model_version") },
  };

  it("finds the breaking changes of an update, and none in a compatible one", () => {
    expect(breakingChanges(request({ spec: dropped }), live).map((c) => [c.path, c.kind])).toEqual([
      ["table.columns[5]", "removed"],
    ]);
    const documented = { ...live, description: `${live.description} More words.` };
    expect(breakingChanges(request({ spec: documented }), live)).toEqual([]);
    expect(breakingChanges(request({ kind: "decommission", spec: dropped }), live)).toEqual([]);
  });

  it("tells consumer domains' members, consumer products' owners and their webhooks", () => {
    const changes = breakingChanges(request({ spec: dropped }), live);
    const notice = consumerNotice(request(), CONSUMERS, changes, "proposed", "requester");
    expect(notice?.kind).toBe("consumed.breaking-change");
    expect(notice?.to).toEqual({
      domainMembers: ["risk"],
      emails: ["ria@risk.test"],
      except: "requester",
    });
    expect(notice?.webhookDomains).toEqual(["risk"]);
    expect(notice?.payload).toMatchObject({
      product: "payments/fraud-scores",
      stage: "proposed",
      consumers: ["risk/exposure"],
      changes: [expect.objectContaining({ severity: "breaking" })],
    });
  });

  it("says nothing of an update without breaking changes, or to nobody", () => {
    expect(consumerNotice(request(), CONSUMERS, [], "proposed", null)).toBeUndefined();
    const nobody = { ...CONSUMERS, products: [], domains: [] };
    const decommission = request({ kind: "decommission", reason: "replaced" });
    expect(consumerNotice(decommission, nobody, [], "proposed", null)).toBeUndefined();
  });

  it("gives consumers the sunset of a decommission that has one", () => {
    const sunsetAt = new Date("2027-01-31T00:00:00Z");
    const decommission = request({ kind: "decommission", reason: "replaced by v2", sunsetAt });
    const notice = consumerNotice(decommission, CONSUMERS, [], "approved", null);
    expect(notice?.body).toBe(
      "replaced by v2\nSunset 2027-01-31T00:00:00.000Z: it stays readable, deprecated, until then.",
    );
    expect(notice?.payload).toMatchObject({ sunsetAt: "2027-01-31T00:00:00.000Z" });
  });

  it("tells consumers that a decommission's sunset has come", () => {
    const sunsetAt = new Date("2027-01-31T00:00:00Z");
    const decommission = request({ kind: "decommission", reason: "replaced by v2", sunsetAt });
    const notice = consumerNotice(decommission, CONSUMERS, [], "sunset-reached", "u-1");
    expect(notice).toMatchObject({
      kind: "consumed.sunset-reached",
      title:
        "The sunset of payments/fraud-scores, which you consume, has come: it is being decommissioned",
      body: "Sunset 2027-01-31T00:00:00.000Z reached: the decommission is being carried out now.\nreplaced by v2",
      payload: {
        stage: "sunset-reached",
        sunsetAt: "2027-01-31T00:00:00.000Z",
        reason: "replaced by v2",
      },
      to: { except: "u-1" },
      webhookDomains: CONSUMERS.domains,
    });
  });

  it("announces a decommission with its reason at every stage", () => {
    const decommission = request({ kind: "decommission", reason: "replaced by v2" });
    const notice = consumerNotice(decommission, CONSUMERS, [], "deployed", null);
    expect([notice?.kind, notice?.body, notice?.title]).toEqual([
      "consumed.decommission",
      "replaced by v2",
      "A decommission of payments/fraud-scores, which you consume, was carried out",
    ]);
  });
});
