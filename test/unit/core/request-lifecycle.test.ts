import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  ACTIONS_REQUIRING_REASON,
  DEPLOYABLE_STATUSES,
  OPEN_STATUSES,
  REQUEST_ACTIONS,
  REQUEST_KINDS,
  REQUEST_STATUSES,
  availableActions,
  isEditable,
  isPreviewable,
  isTerminal,
  transition,
  type RequestAction,
  type RequestKind,
  type RequestStatus,
} from "#core/request-lifecycle";

/** The whole machine written out: every (status, action) pair not listed here must be refused. */
const everyKind = (status: RequestStatus): Record<RequestKind, RequestStatus> => ({
  create: status,
  update: status,
  decommission: status,
});

const ALLOWED: readonly [RequestStatus, RequestAction, Record<RequestKind, RequestStatus>][] = [
  ["draft", "submit", everyKind("submitted")],
  ["submitted", "approve", everyKind("approved")],
  ["submitted", "reject", everyKind("rejected")],
  ["rejected", "reopen", everyKind("draft")],
  ["approved", "deploy", everyKind("deploying")],
  ["failed", "deploy", everyKind("deploying")],
  ["deploying", "succeed", { create: "live", update: "live", decommission: "decommissioned" }],
  ["deploying", "fail", everyKind("failed")],
  ["draft", "withdraw", everyKind("withdrawn")],
  ["submitted", "withdraw", everyKind("withdrawn")],
  ["rejected", "withdraw", everyKind("withdrawn")],
];

function expected(kind: RequestKind, status: RequestStatus, action: RequestAction) {
  return ALLOWED.find(([from, act]) => from === status && act === action)?.[2][kind];
}

describe("request state machine", () => {
  const cases = REQUEST_KINDS.flatMap((kind) =>
    REQUEST_STATUSES.flatMap((status) =>
      REQUEST_ACTIONS.map((action) => ({
        kind,
        status,
        action,
        next: expected(kind, status, action),
      })),
    ),
  );

  it.each(cases)("$kind request: $status --$action--> $next", ({ kind, status, action, next }) => {
    const result = transition(kind, status, action);
    if (next === undefined) {
      expect(result).toEqual({
        ok: false,
        reason: expect.stringMatching(new RegExp(`^an? ${status} request cannot be`)),
      });
    } else {
      expect(result).toEqual({ ok: true, status: next });
    }
  });

  it("lists exactly the allowed actions of each status", () => {
    for (const status of REQUEST_STATUSES) {
      const allowed = ALLOWED.filter(([from]) => from === status).map(([, action]) => action);
      expect(availableActions(status).sort()).toEqual(allowed.sort());
    }
  });

  it("reaches every status from a draft", () => {
    for (const kind of REQUEST_KINDS) {
      const reached = new Set<RequestStatus>(["draft"]);
      let frontier: RequestStatus[] = ["draft"];
      while (frontier.length > 0) {
        frontier = frontier.flatMap((status) =>
          availableActions(status).flatMap((action) => {
            const result = transition(kind, status, action);
            if (!result.ok || reached.has(result.status)) return [];
            reached.add(result.status);
            return [result.status];
          }),
        );
      }
      const unreachable = kind === "decommission" ? "live" : "decommissioned";
      expect([...reached].sort()).toEqual(REQUEST_STATUSES.filter((s) => s !== unreachable).sort());
    }
  });

  it("allows editing only drafts and ends only in live, decommissioned or withdrawn", () => {
    expect(REQUEST_STATUSES.filter(isEditable)).toEqual(["draft"]);
    expect(REQUEST_STATUSES.filter(isTerminal).sort()).toEqual([
      "decommissioned",
      "live",
      "withdrawn",
    ]);
  });

  it("is ready to deploy when approved, or failed and so deployed again", () => {
    expect(DEPLOYABLE_STATUSES).toEqual(["approved", "failed"]);
  });

  it("requires a reason for review decisions only", () => {
    expect([...ACTIONS_REQUIRING_REASON].sort()).toEqual(["approve", "reject"]);
  });
});

describe("open requests", () => {
  it("are the statuses the database's one-open-request-per-product index covers", () => {
    const schema = readFileSync(join(import.meta.dirname, "../../../prisma/schema.prisma"), "utf8");
    const index = /map: "product_requests_one_open_per_product", where: raw\("([^"]*)"\)/.exec(
      schema,
    );
    const statuses = [...(index?.[1] ?? "").matchAll(/'(\w+)'::request_status/g)].map(
      (match) => match[1],
    );
    expect(statuses.sort()).toEqual([...OPEN_STATUSES].sort());
  });

  it("are neither rejected nor a final status", () => {
    for (const status of OPEN_STATUSES) {
      expect(status).not.toBe("rejected");
      expect(isTerminal(status)).toBe(false);
    }
  });
});

describe("previewable requests", () => {
  it("are create and update requests from review until deployed", () => {
    const previewable = (kind: RequestKind) =>
      REQUEST_STATUSES.filter((status) => isPreviewable(kind, status));
    expect(previewable("create")).toEqual(["submitted", "approved", "failed"]);
    expect(previewable("update")).toEqual(["submitted", "approved", "failed"]);
    expect(previewable("decommission")).toEqual([]);
  });
});
