/**
 * Every route × every role → allowed or denied, through the real handlers, sessions and database.
 * "allowed" means the route did its work (2xx); denials are 401 (no session/token), 403 (role) or
 * 404 (a request of another domain is not even acknowledged).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as me from "../../../portal/app/api/v1/me/route";
import * as requests from "../../../portal/app/api/v1/requests/route";
import * as request from "../../../portal/app/api/v1/requests/[id]/route";
import * as submit from "../../../portal/app/api/v1/requests/[id]/submit/route";
import * as reopen from "../../../portal/app/api/v1/requests/[id]/reopen/route";
import * as approve from "../../../portal/app/api/v1/requests/[id]/approve/route";
import * as reject from "../../../portal/app/api/v1/requests/[id]/reject/route";
import * as comments from "../../../portal/app/api/v1/requests/[id]/comments/route";
import * as products from "../../../portal/app/api/v1/products/route";
import * as product from "../../../portal/app/api/v1/products/[domain]/[name]/route";
import * as catalog from "../../../portal/app/api/v1/catalog/route";
import * as registration from "../../../portal/app/api/v1/catalog/products/[domain]/[name]/route";
import * as domains from "../../../portal/app/api/v1/domains/route";
import * as domain from "../../../portal/app/api/v1/domains/[slug]/route";
import * as members from "../../../portal/app/api/v1/domains/[slug]/members/route";
import * as member from "../../../portal/app/api/v1/domains/[slug]/members/[userId]/route";
import * as openapi from "../../../portal/app/api/v1/openapi.json/route";
import { exampleInput } from "../../support/specs";
import { forEachDatabase } from "./databases";
import {
  PLATFORM_TOKEN,
  json,
  registrationOf,
  type CallOptions,
  type Harness,
  type Person,
} from "./harness";

vi.mock("server-only", () => ({}));

type Caller = Person | "anonymous" | "platform";
const CALLERS: Caller[] = [
  "anonymous",
  "outsider",
  "otherMember",
  "member",
  "owner",
  "admin",
  "platform",
];
const USERS: Caller[] = ["outsider", "otherMember", "member", "owner", "admin"];
const PAYMENTS_MEMBERS: Caller[] = ["member", "owner"];

interface Case {
  name: string;
  allowed: Caller[];
  /** Builds a fresh target (e.g. a new draft) so each call sees the state it needs. */
  run: (h: Harness, as: CallOptions["as"]) => Promise<Response>;
}

let counter = 0;
const fresh = (prefix: string) => `${prefix}-${++counter}`;

async function paymentsRequest(
  h: Harness,
  status: "draft" | "submitted" | "rejected",
): Promise<{ id: string; name: string }> {
  const name = fresh("authz");
  const created = await h.call(requests.POST, "POST", "/api/v1/requests", {
    as: "member",
    body: { kind: "create", spec: { ...exampleInput("fraud-scores.yaml"), name } },
  });
  const { id } = await json<{ id: string }>(created);
  if (status !== "draft") await h.call(submit.POST, "POST", "/", { as: "member", params: { id } });
  if (status === "rejected") {
    await h.call(reject.POST, "POST", "/", {
      as: "admin",
      params: { id },
      body: { reason: "not now" },
    });
  }
  return { id, name };
}

const onRequest =
  (
    status: "draft" | "submitted" | "rejected",
    handler: (request: Request, context: never) => Promise<Response>,
    method: string,
    body?: (name: string) => unknown,
  ) =>
  async (h: Harness, as: CallOptions["as"]) => {
    const { id, name } = await paymentsRequest(h, status);
    return h.call(handler, method, `/api/v1/requests/${id}`, {
      as,
      params: { id },
      ...(body === undefined ? {} : { body: body(name) }),
    });
  };

const CASES: Case[] = [
  { name: "GET /me", allowed: USERS, run: (h, as) => h.call(me.GET, "GET", "/api/v1/me", { as }) },
  {
    name: "GET /requests",
    allowed: USERS,
    run: (h, as) => h.call(requests.GET, "GET", "/api/v1/requests", { as }),
  },
  {
    name: "POST /requests (payments)",
    allowed: PAYMENTS_MEMBERS,
    run: (h, as) =>
      h.call(requests.POST, "POST", "/api/v1/requests", {
        as,
        body: {
          kind: "create",
          spec: { ...exampleInput("fraud-scores.yaml"), name: fresh("new") },
        },
      }),
  },
  {
    name: "GET /requests/{id}",
    allowed: [...PAYMENTS_MEMBERS, "admin"],
    run: onRequest("draft", request.GET, "GET"),
  },
  {
    name: "PATCH /requests/{id}",
    allowed: PAYMENTS_MEMBERS,
    run: onRequest("draft", request.PATCH, "PATCH", (name) => ({
      spec: { domain: "payments", name },
    })),
  },
  {
    name: "POST /requests/{id}/submit",
    allowed: PAYMENTS_MEMBERS,
    run: onRequest("draft", submit.POST, "POST"),
  },
  {
    name: "POST /requests/{id}/reopen",
    allowed: PAYMENTS_MEMBERS,
    run: onRequest("rejected", reopen.POST, "POST"),
  },
  {
    name: "POST /requests/{id}/approve",
    allowed: ["admin"],
    run: onRequest("submitted", approve.POST, "POST", () => ({ reason: "ok by me" })),
  },
  {
    name: "POST /requests/{id}/reject",
    allowed: ["admin"],
    run: onRequest("submitted", reject.POST, "POST", () => ({ reason: "not this" })),
  },
  {
    name: "POST /requests/{id}/comments",
    allowed: [...PAYMENTS_MEMBERS, "admin"],
    run: onRequest("draft", comments.POST, "POST", () => ({ body: "a comment" })),
  },
  {
    name: "GET /products",
    allowed: USERS,
    run: (h, as) => h.call(products.GET, "GET", "/api/v1/products", { as }),
  },
  {
    name: "GET /products/{domain}/{name}",
    allowed: USERS,
    run: (h, as) =>
      h.call(product.GET, "GET", "/", {
        as,
        params: { domain: "customer", name: "customer-events" },
      }),
  },
  {
    name: "GET /catalog",
    allowed: USERS,
    run: (h, as) => h.call(catalog.GET, "GET", "/api/v1/catalog", { as }),
  },
  {
    name: "PUT /catalog/products/{domain}/{name}",
    allowed: ["platform"],
    run: (h, as) =>
      h.call(registration.PUT, "PUT", "/", {
        as,
        params: { domain: "customer", name: "customer-events" },
        body: registrationOf(exampleInput("customer-events.yaml")),
      }),
  },
  {
    name: "DELETE /catalog/products/{domain}/{name}",
    allowed: ["platform"],
    run: async (h, as) => {
      const name = fresh("retired");
      await h.register(registrationOf({ ...exampleInput("sensor-readings.yaml"), name }));
      return h.call(registration.DELETE, "DELETE", "/", { as, params: { domain: "iot", name } });
    },
  },
  {
    name: "GET /domains",
    allowed: USERS,
    run: (h, as) => h.call(domains.GET, "GET", "/api/v1/domains", { as }),
  },
  {
    name: "GET /domains/{slug}",
    allowed: USERS,
    run: (h, as) => h.call(domain.GET, "GET", "/", { as, params: { slug: "payments" } }),
  },
  {
    name: "POST /domains/{slug}/members",
    allowed: ["owner", "admin"],
    run: async (h, as) => {
      const response = await h.call(members.POST, "POST", "/", {
        as,
        params: { slug: "payments" },
        body: { email: "oscar@meshplane.test" },
      });
      await h.prisma.domainMembership.deleteMany({ where: { userId: h.userIds.outsider } });
      return response;
    },
  },
  {
    name: "DELETE /domains/{slug}/members/{userId}",
    allowed: ["owner", "admin"],
    run: async (h, as) => {
      const slug = "payments";
      const domainRow = await h.prisma.domain.findUniqueOrThrow({ where: { slug } });
      await h.prisma.domainMembership.upsert({
        where: { domainId_userId: { domainId: domainRow.id, userId: h.userIds.outsider } },
        create: { domainId: domainRow.id, userId: h.userIds.outsider, role: "member" },
        update: {},
      });
      const response = await h.call(member.DELETE, "DELETE", "/", {
        as,
        params: { slug, userId: h.userIds.outsider },
      });
      await h.prisma.domainMembership.deleteMany({
        where: { domainId: domainRow.id, userId: h.userIds.outsider },
      });
      return response;
    },
  },
  {
    name: "GET /openapi.json",
    allowed: [...CALLERS],
    run: () => openapi.GET() as unknown as Promise<Response>,
  },
];

function optionsFor(caller: Caller): CallOptions["as"] {
  return caller === "platform" ? { bearer: PLATFORM_TOKEN } : caller;
}

forEachDatabase((target, open) => {
  describe(`authorization table (${target})`, () => {
    let h: Harness & { close: () => Promise<void> };
    beforeAll(async () => {
      h = await open();
      await h.register(registrationOf(exampleInput("customer-events.yaml")));
    });
    afterAll(async () => {
      await h.close();
    });

    for (const testCase of CASES) {
      for (const caller of CALLERS) {
        const allowed = testCase.allowed.includes(caller);
        it(`${testCase.name} as ${caller}: ${allowed ? "allowed" : "denied"}`, async () => {
          const response = await testCase.run(h, optionsFor(caller));
          if (allowed) {
            expect(response.status, await response.clone().text()).toBeLessThan(300);
          } else {
            expect([401, 403, 404]).toContain(response.status);
            if (caller === "anonymous") expect(response.status).toBe(401);
          }
        });
      }
    }

    it("refuses a mutation from another site's origin even with a valid session", async () => {
      const response = await h.call(requests.POST, "POST", "/api/v1/requests", {
        as: "member",
        origin: "https://evil.example",
        body: {
          kind: "create",
          spec: { ...exampleInput("fraud-scores.yaml"), name: fresh("csrf") },
        },
      });
      expect(response.status).toBe(403);
    });

    it("refuses a wrong platform token and never echoes it", async () => {
      const response = await h.call(registration.PUT, "PUT", "/", {
        as: { bearer: "wrong-token-wrong-token-wrong-token" },
        params: { domain: "customer", name: "customer-events" },
        body: registrationOf(exampleInput("customer-events.yaml")),
      });
      expect(response.status).toBe(401);
      expect(await response.text()).not.toContain("wrong-token");
    });
  });
});
