import { describe, expect, it } from "vitest";
import {
  canComment,
  canCreateRequest,
  canEditRequest,
  canManageMembers,
  canReadCatalog,
  canReadProduct,
  canReadRequest,
  canReadWorkerStatus,
  canTakeAction,
  canWriteCatalog,
  type DomainRole,
  type UserPrincipal,
} from "../../../portal/server/authz";
import { REQUEST_ACTIONS, REQUEST_STATUSES } from "#core/request-lifecycle";

function user(roles: Record<string, DomainRole> = {}, platformAdmin = false): UserPrincipal {
  return {
    kind: "user",
    userId: "u1",
    email: "u1@meshplane.test",
    name: "U One",
    platformAdmin,
    domainRoles: new Map(Object.entries(roles)),
  };
}

const ROLES = {
  outsider: user(),
  otherDomainMember: user({ customer: "member" }),
  member: user({ payments: "member" }),
  owner: user({ payments: "owner" }),
  admin: user({}, true),
};
type Role = keyof typeof ROLES;

const request = { domain: "payments", status: "submitted" as const };

describe("authorization table for the payments domain", () => {
  const table: [string, (u: UserPrincipal) => boolean, Role[]][] = [
    ["read a request", (u) => canReadRequest(u, request), ["member", "owner", "admin"]],
    ["comment on a request", (u) => canComment(u, request), ["member", "owner", "admin"]],
    ["create a request", (u) => canCreateRequest(u, "payments"), ["member", "owner"]],
    [
      "edit a draft",
      (u) => canEditRequest(u, { ...request, status: "draft" }),
      ["member", "owner"],
    ],
    ["submit", (u) => canTakeAction(u, "submit", request), ["member", "owner"]],
    ["reopen", (u) => canTakeAction(u, "reopen", request), ["member", "owner"]],
    ["approve", (u) => canTakeAction(u, "approve", request), ["admin"]],
    ["reject", (u) => canTakeAction(u, "reject", request), ["admin"]],
    ["deploy", (u) => canTakeAction(u, "deploy", request), ["admin"]],
    ["mark deployed", (u) => canTakeAction(u, "succeed", request), []],
    ["mark failed", (u) => canTakeAction(u, "fail", request), []],
    ["manage members", (u) => canManageMembers(u, "payments"), ["owner", "admin"]],
    ["read the deployment worker's state", canReadWorkerStatus, ["admin"]],
    [
      "read the catalog",
      (u) => canReadCatalog(u),
      ["outsider", "otherDomainMember", "member", "owner", "admin"],
    ],
    [
      "see a live product",
      (u) => canReadProduct(u, { domain: "payments", status: "live" }),
      ["outsider", "otherDomainMember", "member", "owner", "admin"],
    ],
    [
      "see a decommissioned product",
      (u) => canReadProduct(u, { domain: "payments", status: "decommissioned" }),
      ["outsider", "otherDomainMember", "member", "owner", "admin"],
    ],
    ...(["requested", "deploying", "failed"] as const).map(
      (status): [string, (u: UserPrincipal) => boolean, Role[]] => [
        `see a ${status} product that was never published`,
        (u) => canReadProduct(u, { domain: "payments", status }),
        ["member", "owner", "admin"],
      ],
    ),
    ["write the catalog", (u) => canWriteCatalog(u), []],
  ];

  for (const [what, check, allowed] of table) {
    for (const role of Object.keys(ROLES) as Role[]) {
      const verdict = allowed.includes(role);
      it(`${role} ${verdict ? "may" : "may not"} ${what}`, () => {
        expect(check(ROLES[role])).toBe(verdict);
      });
    }
  }

  it("covers every action of the state machine", () => {
    const covered = ["submit", "reopen", "approve", "reject", "deploy", "succeed", "fail"];
    expect([...REQUEST_ACTIONS].sort()).toEqual(covered.sort());
  });

  it("lets no one edit a request that is not a draft", () => {
    for (const status of REQUEST_STATUSES.filter((s) => s !== "draft")) {
      for (const role of Object.values(ROLES)) {
        expect(canEditRequest(role, { domain: "payments", status })).toBe(false);
      }
    }
  });

  it("lets only a platform token with catalog:write write the catalog", () => {
    expect(canWriteCatalog({ kind: "platform", scopes: new Set(["catalog:write"]) })).toBe(true);
    expect(canWriteCatalog({ kind: "platform", scopes: new Set() })).toBe(false);
  });
});
