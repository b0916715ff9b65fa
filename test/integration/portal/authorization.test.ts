/**
 * Every route × every role → allowed or denied, through the real handlers, sessions and database.
 * "allowed" means the route did its work (2xx); denials are 401 (no session/token), 403 (role) or
 * 404 (a request of another domain is not even acknowledged). Besides one row per route, rows for
 * the rules that look at what the call names: another domain's spec, key, webhook, product or
 * dataset in the path or body, a product that was never published, a request its reviewer edited
 * (four eyes is on here, as in production).
 */
import { readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as me from "#portal/app/api/v1/me/route";
import * as inbox from "#portal/app/api/v1/me/notifications/route";
import * as readOne from "#portal/app/api/v1/me/notifications/[id]/read/route";
import * as readAll from "#portal/app/api/v1/me/notifications/read-all/route";
import * as consumers from "#portal/app/api/v1/products/[domain]/[name]/consumers/route";
import * as accessRequests from "#portal/app/api/v1/products/[domain]/[name]/access-requests/route";
import * as approveAccess from "#portal/app/api/v1/access-requests/[id]/approve/route";
import * as denyAccess from "#portal/app/api/v1/access-requests/[id]/deny/route";
import * as revokeAccess from "#portal/app/api/v1/access-requests/[id]/revoke/route";
import * as requests from "#portal/app/api/v1/requests/route";
import * as request from "#portal/app/api/v1/requests/[id]/route";
import * as submit from "#portal/app/api/v1/requests/[id]/submit/route";
import * as reopen from "#portal/app/api/v1/requests/[id]/reopen/route";
import * as withdraw from "#portal/app/api/v1/requests/[id]/withdraw/route";
import * as approve from "#portal/app/api/v1/requests/[id]/approve/route";
import * as reject from "#portal/app/api/v1/requests/[id]/reject/route";
import * as comments from "#portal/app/api/v1/requests/[id]/comments/route";
import * as products from "#portal/app/api/v1/products/route";
import * as product from "#portal/app/api/v1/products/[domain]/[name]/route";
import * as catalog from "#portal/app/api/v1/catalog/route";
import * as registration from "#portal/app/api/v1/catalog/products/[domain]/[name]/route";
import * as domains from "#portal/app/api/v1/domains/route";
import * as domain from "#portal/app/api/v1/domains/[slug]/route";
import * as domainAccess from "#portal/app/api/v1/domains/[slug]/access/route";
import * as members from "#portal/app/api/v1/domains/[slug]/members/route";
import * as member from "#portal/app/api/v1/domains/[slug]/members/[userId]/route";
import * as openapi from "#portal/app/api/v1/openapi.json/route";
import * as backstage from "#portal/app/api/v1/backstage/entities/route";
import * as catalogInfo from "#portal/app/api/v1/backstage/products/[domain]/[name]/catalog-info.yaml/route";
import * as plan from "#portal/app/api/v1/requests/[id]/plan/route";
import * as deploy from "#portal/app/api/v1/requests/[id]/deploy/route";
import * as previewRequest from "#portal/app/api/v1/requests/[id]/preview/route";
import * as previewProduct from "#portal/app/api/v1/products/[domain]/[name]/preview/route";
import * as refresh from "#portal/app/api/v1/products/[domain]/[name]/refresh/route";
import * as productLineage from "#portal/app/api/v1/products/[domain]/[name]/lineage/route";
import * as productSla from "#portal/app/api/v1/products/[domain]/[name]/sla/route";
import * as productVersions from "#portal/app/api/v1/products/[domain]/[name]/versions/route";
import * as productVersion from "#portal/app/api/v1/products/[domain]/[name]/versions/[version]/route";
import * as compareVersions from "#portal/app/api/v1/products/[domain]/[name]/versions/compare/route";
import * as productContract from "#portal/app/api/v1/products/[domain]/[name]/contract/route";
import * as importOdcs from "#portal/app/api/v1/requests/import-odcs/route";
import * as requestChanges from "#portal/app/api/v1/requests/[id]/changes/route";
import * as deployments from "#portal/app/api/v1/deployments/route";
import * as deployment from "#portal/app/api/v1/deployments/[id]/route";
import * as deploymentEvents from "#portal/app/api/v1/deployments/[id]/events/route";
import * as cancel from "#portal/app/api/v1/deployments/[id]/cancel/route";
import * as retry from "#portal/app/api/v1/deployments/[id]/retry/route";
import * as workerStatus from "#portal/app/api/v1/worker/route";
import * as apiKeys from "#portal/app/api/v1/domains/[slug]/api-keys/route";
import * as apiKey from "#portal/app/api/v1/domains/[slug]/api-keys/[id]/route";
import * as webhooks from "#portal/app/api/v1/domains/[slug]/webhooks/route";
import * as webhook from "#portal/app/api/v1/domains/[slug]/webhooks/[id]/route";
import * as ingest from "#portal/app/api/v1/lineage/route";
import * as ingestBatch from "#portal/app/api/v1/lineage/batch/route";
import * as graph from "#portal/app/api/v1/lineage/graph/route";
import * as lineageProductsRoute from "#portal/app/api/v1/lineage/products/route";
import * as columns from "#portal/app/api/v1/lineage/columns/route";
import * as lineageJob from "#portal/app/api/v1/lineage/jobs/[namespace]/[name]/route";
import * as lineageRuns from "#portal/app/api/v1/lineage/jobs/[namespace]/[name]/runs/route";
import * as lineageDataset from "#portal/app/api/v1/lineage/datasets/[namespace]/[name]/route";
import * as links from "#portal/app/api/v1/lineage/links/route";
import * as sla from "#portal/app/api/v1/sla/route";
import * as probes from "#portal/app/api/v1/sla/probes/route";
import * as unknownPath from "#portal/app/api/v1/[...path]/route";
import * as icebergConfig from "#portal/app/api/iceberg/v1/config/route";
import * as icebergOpenapi from "#portal/app/api/iceberg/v1/openapi.json/route";
import * as icebergTokens from "#portal/app/api/iceberg/v1/oauth/tokens/route";
import * as icebergNamespaces from "#portal/app/api/iceberg/v1/[prefix]/namespaces/route";
import * as icebergNamespace from "#portal/app/api/iceberg/v1/[prefix]/namespaces/[namespace]/route";
import * as icebergTables from "#portal/app/api/iceberg/v1/[prefix]/namespaces/[namespace]/tables/route";
import * as icebergTable from "#portal/app/api/iceberg/v1/[prefix]/namespaces/[namespace]/tables/[table]/route";
import * as icebergRegister from "#portal/app/api/iceberg/v1/[prefix]/namespaces/[namespace]/register/route";
import * as icebergTransactions from "#portal/app/api/iceberg/v1/[prefix]/transactions/commit/route";
import { deployLocalProduct } from "../../support/iceberg-catalog";
import { projectPending } from "#portal/server/lineage/projector";
import type {
  LineageGraph,
  LineageProductList,
  SlaSummary,
} from "#portal/shared/lineage/api-schemas";
import { productColumns } from "#db/product-columns";
import { DataProductSpec } from "#contract";
import { runEvent } from "../../support/openlineage-events";
import { exampleInput } from "../../support/specs";
import { forEachDatabase } from "./databases";
import {
  PLATFORM_TOKEN,
  json,
  planFinished,
  registrationOf,
  type CallOptions,
  type Harness,
  type Person,
  issueApiKey,
} from "./harness";

vi.mock("server-only", () => ({}));
// Who may ask for a plan is the question here, not the plan: no preview process is started.
vi.mock("#workflow/plan-preview", async (original) => ({
  ...(await original<typeof import("#workflow/plan-preview")>()),
  runPreview: () =>
    Promise.resolve({ ok: false, error: "not previewed in the authorization table" }),
}));

/** Previews fail here (runPreview above), so approving records why it goes ahead anyway. */
const PREVIEW_OVERRIDE = "the authorization table does not preview plans";

/** `lineageKey` is an API key of the payments domain (lineage events and probes). */
type Caller = Person | "anonymous" | "platform" | "lineageKey";
const CALLERS: Caller[] = [
  "anonymous",
  "outsider",
  "otherMember",
  "member",
  "owner",
  "admin",
  "platform",
  "lineageKey",
];
const USERS: Caller[] = ["outsider", "otherMember", "member", "owner", "admin"];
const PAYMENTS_MEMBERS: Caller[] = ["member", "owner"];
const PAYMENTS_AND_ADMIN: Caller[] = [...PAYMENTS_MEMBERS, "admin"];
const ADMIN: Caller[] = ["admin"];
const LINEAGE_KEY: Caller[] = ["lineageKey"];

/** A live payments product (registered by its stack) and a dataset lineage events reported. */
const PUBLISHED = { domain: "payments", name: "fraud-scores" };
const DATASET = { namespace: "s3://payments-lake", name: "fraud/scores" };
/** A payments product that was requested but never went live. */
const UNPUBLISHED = { domain: "payments", name: "never-published" };
/** A live customer product. */
const CUSTOMER = { domain: "customer", name: "customer-events" };
const refOf = (product: { domain: string; name: string }) => `${product.domain}/${product.name}`;
/** Local products whose tables are in the Iceberg REST catalog: payments', restricted, customer's. */
const TABLE = { domain: "payments", name: "iceberg-matrix" };
const RESTRICTED_TABLE = { domain: "payments", name: "iceberg-restricted" };
const CUSTOMER_TABLE = { domain: "customer", name: "iceberg-customer" };
const ICEBERG_READERS: Caller[] = CALLERS.filter((caller) => caller !== "anonymous");
const TABLE_WRITERS: Caller[] = [...PAYMENTS_AND_ADMIN, "platform", "lineageKey"];
const tableParams = (product: { domain: string; name: string }) => ({
  prefix: "meshplane",
  namespace: product.domain,
  table: product.name,
});
const propertyCommit = () => ({
  requirements: [],
  updates: [{ action: "set-properties", updates: { touched: fresh("by") } }],
});

interface Case {
  /** `METHOD /path` as in the route files, then what the case is about. */
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
  if (status !== "draft") {
    await h.call(submit.POST, "POST", "/", { as: "member", params: { id } });
    await planFinished(h, id);
  }
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

async function approvedPaymentsRequest(h: Harness): Promise<string> {
  const { id } = await paymentsRequest(h, "submitted");
  const approved = await h.call(approve.POST, "POST", "/", {
    as: "admin",
    params: { id },
    body: { reason: "fine", overrideReason: PREVIEW_OVERRIDE },
  });
  if (approved.status !== 200) throw new Error(`approving failed: ${approved.status}`);
  return id;
}

/** A refresh of the published product, stored as the worker would have left it. */
async function deploymentOf(h: Harness, status: "queued" | "failed"): Promise<string> {
  const product = await h.prisma.dataProduct.findUniqueOrThrow({
    where: { domain_name: PUBLISHED },
  });
  const row = await h.prisma.deployment.create({
    data: {
      productId: product.id,
      stackName: product.stackName ?? "payments.fraud-scores.dev",
      operation: "refresh",
      status,
      ...(status === "failed" ? { finishedAt: new Date(), error: "it broke" } : {}),
    },
  });
  return row.id;
}

const onDeployment =
  (
    status: "queued" | "failed",
    handler: (request: Request, context: never) => Promise<Response>,
    method: string,
  ) =>
  async (h: Harness, as: CallOptions["as"]) => {
    const id = await deploymentOf(h, status);
    return h.call(handler, method, "/", { as, params: { id } });
  };

const reportedRun = () =>
  runEvent({
    job: "score-fraud",
    namespace: "airflow-payments",
    eventTime: new Date().toISOString(),
    outputs: [DATASET],
  });

/** Adds the outsider to the domain, then takes him out again for the next caller. */
const addOutsiderTo =
  (slug: string) =>
  async (h: Harness, as: CallOptions["as"]): Promise<Response> => {
    const response = await h.call(members.POST, "POST", "/", {
      as,
      params: { slug },
      body: { email: "oscar@meshplane.test" },
    });
    await h.prisma.domainMembership.deleteMany({ where: { userId: h.userIds.outsider } });
    return response;
  };

/** An API key or webhook of payments (issued by its owner) or of customer (by its owner). */
async function integration(
  h: Harness,
  kind: "api-keys" | "webhooks",
  slug: "payments" | "customer" = "payments",
): Promise<string> {
  const as = slug === "payments" ? "owner" : "otherMember";
  const response =
    kind === "api-keys"
      ? await h.call(apiKeys.POST, "POST", "/", {
          as,
          params: { slug },
          body: { label: fresh("key") },
        })
      : await h.call(webhooks.POST, "POST", "/", {
          as,
          params: { slug },
          body: { url: `https://hooks.example/${fresh("hook")}` },
        });
  if (response.status !== 201) throw new Error(`issuing ${kind} failed: ${response.status}`);
  return (await json<{ id: string }>(response)).id;
}

/** A dataset lineage events reported, linked by hand to `linkedTo` when given. */
async function reportedDataset(
  h: Harness,
  dataset: { namespace: string; name: string },
  linkedTo?: { domain: string; name: string },
): Promise<{ namespace: string; name: string }> {
  const node = await h.prisma.lineageNode.create({ data: { kind: "dataset", ...dataset } });
  if (linkedTo !== undefined) {
    const product = await h.prisma.dataProduct.findUniqueOrThrow({
      where: { domain_name: linkedTo },
    });
    await h.prisma.datasetProductLink.create({
      data: { datasetId: node.id, productId: product.id, source: "manual" },
    });
  }
  return dataset;
}

/** A dataset whose name falls under a registered product's storage (registrationOf's outputs). */
const storageDataset = (product: { domain: string; name: string }) => ({
  namespace: "file",
  name: `/warehouse/${product.domain}/${product.name}/${fresh("part")}`,
});

/** A second version of a live product (its description changed), recorded once. */
async function secondVersionOf(h: Harness, ref: { domain: string; name: string }): Promise<void> {
  const product = await h.prisma.dataProduct.findUniqueOrThrow({ where: { domain_name: ref } });
  const spec = { ...(product.spec as object), description: "The second version." };
  await h.prisma.productVersion.upsert({
    where: { productId_version: { productId: product.id, version: "1.0.1" } },
    create: { productId: product.id, version: "1.0.1", spec },
    update: {},
  });
}

/** A submitted payments request filed by the member whose draft the admin edited as a member. */
async function requestEditedByAdmin(h: Harness): Promise<string> {
  const { id, name } = await paymentsRequest(h, "draft");
  const payments = await h.prisma.domain.findUniqueOrThrow({ where: { slug: "payments" } });
  const membership = { domainId: payments.id, userId: h.userIds.admin };
  await h.prisma.domainMembership.create({ data: { ...membership, role: "member" } });
  const edited = await h.call(request.PATCH, "PATCH", "/", {
    as: "admin",
    params: { id },
    body: { spec: { ...exampleInput("fraud-scores.yaml"), name, description: "Edited by Ada." } },
  });
  await h.prisma.domainMembership.delete({ where: { domainId_userId: membership } });
  if (edited.status !== 200) throw new Error(`editing failed: ${edited.status}`);
  const submitted = await h.call(submit.POST, "POST", "/", { as: "member", params: { id } });
  if (submitted.status !== 200) throw new Error(`submitting failed: ${submitted.status}`);
  return id;
}

/** A GCP service account of the customer domain, the principal its requests name. */
const CUSTOMER_READER = {
  kind: "gcp-service-account",
  email: "fraud-reader@customer-analytics.iam.gserviceaccount.com",
};
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000);

/** A fresh access request (or grant) of customer on a payments product, stored directly. */
async function customerAccess(
  h: Harness,
  product: { domain: string; name: string },
  status: "requested" | "approved",
): Promise<string> {
  const row = await h.prisma.dataProduct.findUniqueOrThrow({ where: { domain_name: product } });
  await h.prisma.accessGrant.updateMany({
    where: { productId: row.id, consumer: "customer", status: { in: ["requested", "approved"] } },
    data: { status: "revoked", reason: "next case" },
  });
  const grant = await h.prisma.accessGrant.create({
    data: {
      id: fresh("grant").replace("-", ""),
      productId: row.id,
      consumer: "customer",
      requestedBy: h.userIds.otherMember,
      classification: row.classification,
      principal: row.cloud === "local" ? { kind: "domain" } : CUSTOMER_READER,
      purpose: "scores for the customer churn model",
      endsAt: inDays(30),
      status,
      approvals:
        status === "approved"
          ? [{ by: h.userIds.owner, role: "owner", at: new Date().toISOString(), reason: "ok" }]
          : [],
    },
  });
  return grant.id;
}

const onAccess =
  (
    product: { domain: string; name: string },
    status: "requested" | "approved",
    handler: (request: Request, context: never) => Promise<Response>,
  ) =>
  async (h: Harness, as: CallOptions["as"]) => {
    const id = await customerAccess(h, product, status);
    return h.call(handler, "POST", "/", {
      as,
      params: { id },
      body: { reason: "as the table says" },
    });
  };

const CASES: Case[] = [
  {
    name: "GET /products/{domain}/{name}/access-requests",
    allowed: USERS,
    run: (h, as) => h.call(accessRequests.GET, "GET", "/", { as, params: PUBLISHED }),
  },
  {
    name: "GET /products/{domain}/{name}/access-requests (never published)",
    allowed: PAYMENTS_AND_ADMIN,
    run: (h, as) => h.call(accessRequests.GET, "GET", "/", { as, params: UNPUBLISHED }),
  },
  {
    name: "POST /products/{domain}/{name}/access-requests (for the caller's domain)",
    allowed: ["otherMember"],
    run: async (h, as) => {
      await h.prisma.accessGrant.updateMany({
        where: { consumer: "customer", status: { in: ["requested", "approved"] } },
        data: { status: "denied", reason: "next case" },
      });
      return h.call(accessRequests.POST, "POST", "/", {
        as,
        params: PUBLISHED,
        body: {
          consumer: "customer",
          principal: CUSTOMER_READER,
          purpose: "scores for the customer churn model",
          endsAt: inDays(30).toISOString(),
        },
      });
    },
  },
  {
    name: "POST /products/{domain}/{name}/access-requests (a domain for its own product)",
    allowed: [],
    run: (h, as) =>
      h.call(accessRequests.POST, "POST", "/", {
        as,
        params: PUBLISHED,
        body: {
          consumer: "payments",
          principal: CUSTOMER_READER,
          purpose: "somebody else's domain asks",
          endsAt: inDays(30).toISOString(),
        },
      }),
  },
  {
    name: "POST /access-requests/{id}/approve (confidential: an owner)",
    allowed: ["owner"],
    run: onAccess(PUBLISHED, "requested", approveAccess.POST),
  },
  {
    name: "POST /access-requests/{id}/approve (restricted: an owner or an admin)",
    allowed: ["owner", "admin"],
    run: onAccess(RESTRICTED_TABLE, "requested", approveAccess.POST),
  },
  {
    name: "POST /access-requests/{id}/deny",
    allowed: ["owner", "admin"],
    run: onAccess(PUBLISHED, "requested", denyAccess.POST),
  },
  {
    name: "POST /access-requests/{id}/revoke",
    allowed: ["owner", "admin", "otherMember"],
    run: onAccess(PUBLISHED, "approved", revokeAccess.POST),
  },
  { name: "GET /me", allowed: USERS, run: (h, as) => h.call(me.GET, "GET", "/api/v1/me", { as }) },
  {
    name: "GET /me/notifications",
    allowed: USERS,
    run: (h, as) => h.call(inbox.GET, "GET", "/api/v1/me/notifications", { as }),
  },
  {
    name: "POST /me/notifications/{id}/read (the member's own)",
    allowed: ["member"],
    run: async (h, as) => {
      const { id } = await h.prisma.notification.create({
        data: { userId: h.userIds.member, kind: "request.approved", title: "yours" },
      });
      return h.call(readOne.POST, "POST", "/", { as, params: { id } });
    },
  },
  {
    name: "POST /me/notifications/read-all",
    allowed: USERS,
    run: (h, as) => h.call(readAll.POST, "POST", "/", { as }),
  },
  {
    name: "GET /products/{domain}/{name}/consumers",
    allowed: USERS,
    run: (h, as) => h.call(consumers.GET, "GET", "/", { as, params: PUBLISHED }),
  },
  {
    name: "GET /products/{domain}/{name}/consumers (never published)",
    allowed: PAYMENTS_AND_ADMIN,
    run: (h, as) => h.call(consumers.GET, "GET", "/", { as, params: UNPUBLISHED }),
  },
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
    name: "POST /requests/{id}/withdraw",
    allowed: PAYMENTS_MEMBERS,
    run: onRequest("submitted", withdraw.POST, "POST"),
  },
  {
    name: "DELETE /requests/{id}",
    allowed: PAYMENTS_MEMBERS,
    run: onRequest("draft", request.DELETE, "DELETE"),
  },
  {
    name: "POST /requests/{id}/approve",
    allowed: ["admin"],
    run: onRequest("submitted", approve.POST, "POST", () => ({
      reason: "ok by me",
      overrideReason: PREVIEW_OVERRIDE,
    })),
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
    name: "GET /products/{domain}/{name}/versions",
    allowed: USERS,
    run: (h, as) => h.call(productVersions.GET, "GET", "/", { as, params: CUSTOMER }),
  },
  {
    name: "GET /products/{domain}/{name}/versions/{version}",
    allowed: USERS,
    run: (h, as) =>
      h.call(productVersion.GET, "GET", "/", { as, params: { ...CUSTOMER, version: "1.0.0" } }),
  },
  {
    name: "GET /products/{domain}/{name}/versions/compare",
    allowed: USERS,
    run: async (h, as) => {
      await secondVersionOf(h, CUSTOMER);
      return h.call(compareVersions.GET, "GET", "/", {
        as,
        params: CUSTOMER,
        query: { from: "1.0.0", to: "1.0.1" },
      });
    },
  },
  {
    name: "GET /products/{domain}/{name}/contract",
    allowed: USERS,
    run: (h, as) =>
      h.call(productContract.GET, "GET", "/", { as, params: CUSTOMER, query: { format: "odcs" } }),
  },
  {
    name: "POST /requests/import-odcs (payments)",
    allowed: PAYMENTS_MEMBERS,
    run: (h, as) =>
      h.call(importOdcs.POST, "POST", "/", {
        as,
        body: {
          document: {
            apiVersion: "v3.0.2",
            kind: "DataContract",
            id: "imported",
            version: "1.0.0",
            status: "proposed",
            domain: "payments",
            dataProduct: fresh("imported"),
          },
        },
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
    name: "GET /domains/{slug}/access",
    allowed: PAYMENTS_AND_ADMIN,
    run: (h, as) => h.call(domainAccess.GET, "GET", "/", { as, params: { slug: "payments" } }),
  },
  {
    name: "GET /domains/{slug}",
    allowed: USERS,
    run: (h, as) => h.call(domain.GET, "GET", "/", { as, params: { slug: "payments" } }),
  },
  {
    name: "GET /backstage/entities",
    allowed: USERS,
    run: (h, as) => h.call(backstage.GET, "GET", "/api/v1/backstage/entities?format=yaml", { as }),
  },
  {
    name: "GET /backstage/products/{domain}/{name}/catalog-info.yaml",
    allowed: USERS,
    run: (h, as) => h.call(catalogInfo.GET, "GET", "/", { as, params: PUBLISHED }),
  },
  {
    name: "POST /domains",
    allowed: ADMIN,
    run: (h, as) =>
      h.call(domains.POST, "POST", "/api/v1/domains", {
        as,
        body: { slug: fresh("dom"), name: "A new domain", owner: "olga@meshplane.test" },
      }),
  },
  {
    name: "PATCH /domains/{slug}",
    allowed: ADMIN,
    run: (h, as) =>
      h.call(domain.PATCH, "PATCH", "/", {
        as,
        params: { slug: "payments" },
        body: { description: `Payments, described ${fresh("at")}` },
      }),
  },
  {
    name: "POST /domains/{slug}/members",
    allowed: ["owner", "admin"],
    run: addOutsiderTo("payments"),
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
  // ─── Plans and deployments ───────────────────────────────────────────────────────────────
  {
    name: "GET /requests/{id}/plan",
    allowed: PAYMENTS_AND_ADMIN,
    run: onRequest("draft", plan.GET, "GET"),
  },
  {
    name: "GET /requests/{id}/changes",
    allowed: PAYMENTS_AND_ADMIN,
    run: onRequest("draft", requestChanges.GET, "GET"),
  },
  {
    name: "POST /requests/{id}/plan",
    allowed: PAYMENTS_AND_ADMIN,
    run: onRequest("draft", plan.POST, "POST"),
  },
  {
    name: "POST /requests/{id}/deploy",
    allowed: ADMIN,
    run: async (h, as) => {
      const id = await approvedPaymentsRequest(h);
      return h.call(deploy.POST, "POST", "/", { as, params: { id } });
    },
  },
  {
    name: "POST /requests/{id}/preview",
    allowed: ADMIN,
    run: async (h, as) => {
      const id = await approvedPaymentsRequest(h);
      return h.call(previewRequest.POST, "POST", "/", { as, params: { id } });
    },
  },
  {
    name: "POST /products/{domain}/{name}/preview",
    allowed: ADMIN,
    run: (h, as) => h.call(previewProduct.POST, "POST", "/", { as, params: PUBLISHED }),
  },
  {
    name: "POST /products/{domain}/{name}/refresh",
    allowed: ADMIN,
    run: (h, as) => h.call(refresh.POST, "POST", "/", { as, params: PUBLISHED }),
  },
  {
    name: "GET /deployments",
    allowed: ADMIN,
    run: (h, as) => h.call(deployments.GET, "GET", "/api/v1/deployments", { as }),
  },
  {
    name: "GET /worker",
    allowed: ADMIN,
    run: (h, as) => h.call(workerStatus.GET, "GET", "/api/v1/worker", { as }),
  },
  {
    name: "GET /deployments/{id}",
    allowed: ADMIN,
    run: onDeployment("failed", deployment.GET, "GET"),
  },
  {
    name: "GET /deployments/{id}/events",
    allowed: ADMIN,
    run: onDeployment("failed", deploymentEvents.GET, "GET"),
  },
  {
    name: "POST /deployments/{id}/cancel",
    allowed: ADMIN,
    run: onDeployment("queued", cancel.POST, "POST"),
  },
  {
    name: "POST /deployments/{id}/retry",
    allowed: ADMIN,
    run: onDeployment("failed", retry.POST, "POST"),
  },
  // ─── Products that were never published ──────────────────────────────────────────────────
  {
    name: "GET /products/{domain}/{name} (requested, never live)",
    allowed: PAYMENTS_AND_ADMIN,
    run: (h, as) => h.call(product.GET, "GET", "/", { as, params: UNPUBLISHED }),
  },
  {
    name: "GET /products/{domain}/{name}/versions (requested, never live)",
    allowed: PAYMENTS_AND_ADMIN,
    run: (h, as) => h.call(productVersions.GET, "GET", "/", { as, params: UNPUBLISHED }),
  },
  // ─── Domain integrations ─────────────────────────────────────────────────────────────────
  {
    name: "GET /domains/{slug}/api-keys",
    allowed: PAYMENTS_AND_ADMIN,
    run: (h, as) => h.call(apiKeys.GET, "GET", "/", { as, params: { slug: "payments" } }),
  },
  {
    name: "POST /domains/{slug}/api-keys",
    allowed: PAYMENTS_AND_ADMIN,
    run: (h, as) =>
      h.call(apiKeys.POST, "POST", "/", {
        as,
        params: { slug: "payments" },
        body: { label: fresh("key") },
      }),
  },
  {
    name: "DELETE /domains/{slug}/api-keys/{id}",
    allowed: PAYMENTS_AND_ADMIN,
    run: async (h, as) => {
      const id = await integration(h, "api-keys");
      return h.call(apiKey.DELETE, "DELETE", "/", { as, params: { slug: "payments", id } });
    },
  },
  {
    name: "GET /domains/{slug}/webhooks",
    allowed: PAYMENTS_AND_ADMIN,
    run: (h, as) => h.call(webhooks.GET, "GET", "/", { as, params: { slug: "payments" } }),
  },
  {
    name: "POST /domains/{slug}/webhooks",
    allowed: PAYMENTS_AND_ADMIN,
    run: (h, as) =>
      h.call(webhooks.POST, "POST", "/", {
        as,
        params: { slug: "payments" },
        body: { url: `https://hooks.example/${fresh("hook")}` },
      }),
  },
  {
    name: "DELETE /domains/{slug}/webhooks/{id}",
    allowed: PAYMENTS_AND_ADMIN,
    run: async (h, as) => {
      const id = await integration(h, "webhooks");
      return h.call(webhook.DELETE, "DELETE", "/", { as, params: { slug: "payments", id } });
    },
  },
  // ─── Lineage and SLAs ────────────────────────────────────────────────────────────────────
  {
    name: "POST /lineage",
    allowed: LINEAGE_KEY,
    run: (h, as) => h.call(ingest.POST, "POST", "/api/v1/lineage", { as, body: reportedRun() }),
  },
  {
    name: "POST /lineage/batch",
    allowed: LINEAGE_KEY,
    run: (h, as) =>
      h.call(ingestBatch.POST, "POST", "/api/v1/lineage/batch", { as, body: [reportedRun()] }),
  },
  {
    name: "GET /lineage/graph",
    allowed: USERS,
    run: (h, as) =>
      h.call(graph.GET, "GET", "/api/v1/lineage/graph", {
        as,
        query: { node: "product", ...PUBLISHED },
      }),
  },
  {
    name: "GET /lineage/products",
    allowed: USERS,
    run: (h, as) =>
      h.call(lineageProductsRoute.GET, "GET", "/api/v1/lineage/products", {
        as,
        query: { q: "payments/" },
      }),
  },
  {
    name: "GET /lineage/columns",
    allowed: USERS,
    run: (h, as) =>
      h.call(columns.GET, "GET", "/api/v1/lineage/columns", {
        as,
        query: { ...DATASET, field: "score" },
      }),
  },
  {
    name: "GET /lineage/jobs/{namespace}/{name}",
    allowed: USERS,
    run: (h, as) =>
      h.call(lineageJob.GET, "GET", "/", {
        as,
        params: { namespace: "airflow-payments", name: "score-fraud" },
      }),
  },
  {
    name: "GET /lineage/jobs/{namespace}/{name}/runs",
    allowed: USERS,
    run: (h, as) =>
      h.call(lineageRuns.GET, "GET", "/", {
        as,
        params: { namespace: "airflow-payments", name: "score-fraud" },
      }),
  },
  {
    name: "GET /lineage/datasets/{namespace}/{name}",
    allowed: USERS,
    run: (h, as) => h.call(lineageDataset.GET, "GET", "/", { as, params: DATASET }),
  },
  {
    name: "PUT /lineage/links",
    allowed: PAYMENTS_AND_ADMIN,
    run: (h, as) =>
      h.call(links.PUT, "PUT", "/api/v1/lineage/links", {
        as,
        body: { ...DATASET, product: `${PUBLISHED.domain}/${PUBLISHED.name}` },
      }),
  },
  {
    name: "DELETE /lineage/links",
    allowed: PAYMENTS_AND_ADMIN,
    run: async (h, as) => {
      const body = { ...DATASET, product: `${PUBLISHED.domain}/${PUBLISHED.name}` };
      const linked = await h.call(links.PUT, "PUT", "/", { as: "admin", body });
      if (linked.status !== 200) throw new Error(`linking failed: ${linked.status}`);
      return h.call(links.DELETE, "DELETE", "/", { as, query: DATASET });
    },
  },
  {
    name: "GET /products/{domain}/{name}/lineage",
    allowed: USERS,
    run: (h, as) => h.call(productLineage.GET, "GET", "/", { as, params: PUBLISHED }),
  },
  {
    name: "GET /products/{domain}/{name}/sla",
    allowed: USERS,
    run: (h, as) => h.call(productSla.GET, "GET", "/", { as, params: PUBLISHED }),
  },
  {
    name: "GET /sla",
    allowed: USERS,
    run: (h, as) => h.call(sla.GET, "GET", "/api/v1/sla", { as }),
  },
  {
    name: "POST /sla/probes",
    allowed: LINEAGE_KEY,
    run: (h, as) =>
      h.call(probes.POST, "POST", "/api/v1/sla/probes", {
        as,
        body: { product: `${PUBLISHED.domain}/${PUBLISHED.name}`, ok: true, statusCode: 200 },
      }),
  },
  // ─── Whose resource it is: what the path and body name ─────────────────────────────────────
  {
    name: "POST /requests (a customer product)",
    allowed: ["otherMember"],
    run: (h, as) =>
      h.call(requests.POST, "POST", "/api/v1/requests", {
        as,
        body: {
          kind: "create",
          spec: { ...exampleInput("customer-events.yaml"), name: fresh("theirs") },
        },
      }),
  },
  {
    name: "POST /requests (decommission of a payments product)",
    allowed: PAYMENTS_MEMBERS,
    run: async (h, as) => {
      const response = await h.call(requests.POST, "POST", "/api/v1/requests", {
        as,
        body: { kind: "decommission", product: refOf(PUBLISHED), reason: "retire it" },
      });
      // One open request per product: the next caller files again.
      await h.prisma.productRequest.deleteMany({ where: { kind: "decommission", ...PUBLISHED } });
      return response;
    },
  },
  {
    name: "POST /requests/{id}/approve (a request the admin edited)",
    allowed: [],
    run: async (h, as) => {
      const id = await requestEditedByAdmin(h);
      return h.call(approve.POST, "POST", "/", { as, params: { id }, body: { reason: "mine" } });
    },
  },
  {
    name: "POST /domains/{slug}/members (customer)",
    allowed: ["otherMember", "admin"],
    run: addOutsiderTo("customer"),
  },
  {
    name: "DELETE /domains/{slug}/api-keys/{id} (a customer key under payments)",
    allowed: [],
    run: async (h, as) => {
      const id = await integration(h, "api-keys", "customer");
      return h.call(apiKey.DELETE, "DELETE", "/", { as, params: { slug: "payments", id } });
    },
  },
  {
    name: "DELETE /domains/{slug}/webhooks/{id} (a customer webhook under payments)",
    allowed: [],
    run: async (h, as) => {
      const id = await integration(h, "webhooks", "customer");
      return h.call(webhook.DELETE, "DELETE", "/", { as, params: { slug: "payments", id } });
    },
  },
  {
    name: "PUT /lineage/links (a dataset linked to a customer product)",
    allowed: ADMIN,
    run: async (h, as) => {
      const dataset = await reportedDataset(
        h,
        { namespace: "s3://customer-lake", name: fresh("events") },
        CUSTOMER,
      );
      return h.call(links.PUT, "PUT", "/", { as, body: { ...dataset, product: refOf(PUBLISHED) } });
    },
  },
  {
    name: "PUT /lineage/links (a dataset named like a customer product's)",
    allowed: ADMIN,
    run: async (h, as) => {
      const dataset = await reportedDataset(h, storageDataset(CUSTOMER));
      return h.call(links.PUT, "PUT", "/", { as, body: { ...dataset, product: refOf(PUBLISHED) } });
    },
  },
  {
    name: "PUT /lineage/links (to a payments product never live)",
    allowed: PAYMENTS_AND_ADMIN,
    run: async (h, as) => {
      const dataset = await reportedDataset(h, { namespace: "kafka://bus", name: fresh("topic") });
      return h.call(links.PUT, "PUT", "/", {
        as,
        body: { ...dataset, product: refOf(UNPUBLISHED) },
      });
    },
  },
  {
    name: "DELETE /lineage/links (a payments dataset the customer domain linked to itself)",
    allowed: [...PAYMENTS_AND_ADMIN, "otherMember"],
    run: async (h, as) => {
      const dataset = await reportedDataset(h, storageDataset(PUBLISHED), CUSTOMER);
      return h.call(links.DELETE, "DELETE", "/", { as, query: dataset });
    },
  },
  {
    name: "POST /sla/probes (a customer product)",
    allowed: [],
    run: (h, as) =>
      h.call(probes.POST, "POST", "/api/v1/sla/probes", {
        as,
        body: { product: refOf(CUSTOMER), ok: true, statusCode: 200 },
      }),
  },
  {
    name: "POST /sla/probes (a payments product never live)",
    allowed: LINEAGE_KEY,
    run: (h, as) =>
      h.call(probes.POST, "POST", "/api/v1/sla/probes", {
        as,
        body: { product: refOf(UNPUBLISHED), ok: true, statusCode: 200 },
      }),
  },
  {
    name: "GET /products/{domain}/{name}/sla (requested, never live)",
    allowed: PAYMENTS_AND_ADMIN,
    run: (h, as) => h.call(productSla.GET, "GET", "/", { as, params: UNPUBLISHED }),
  },
  {
    name: "GET /products/{domain}/{name}/lineage (requested, never live)",
    allowed: PAYMENTS_AND_ADMIN,
    run: (h, as) => h.call(productLineage.GET, "GET", "/", { as, params: UNPUBLISHED }),
  },
  {
    name: "GET /lineage/graph (from a payments product never live)",
    allowed: PAYMENTS_AND_ADMIN,
    run: (h, as) =>
      h.call(graph.GET, "GET", "/api/v1/lineage/graph", {
        as,
        query: { node: "product", ...UNPUBLISHED },
      }),
  },
  {
    name: "GET /iceberg/v1/config",
    allowed: ICEBERG_READERS,
    run: (h, as) => h.call(icebergConfig.GET, "GET", "/api/iceberg/v1/config", { as }),
  },
  {
    name: "GET /iceberg/v1/openapi.json",
    allowed: [...CALLERS],
    run: () => Promise.resolve(icebergOpenapi.GET()),
  },
  {
    name: "POST /iceberg/v1/oauth/tokens (client credentials of a payments key)",
    allowed: CALLERS,
    run: (_h, _as) =>
      icebergTokens.POST(
        new Request("http://localhost:3000/api/iceberg/v1/oauth/tokens", {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({
            grant_type: "client_credentials",
            client_secret: currentLineageKey,
          }).toString(),
        }),
      ),
  },
  {
    name: "GET /iceberg/v1/{prefix}/namespaces",
    allowed: ICEBERG_READERS,
    run: (h, as) =>
      h.call(icebergNamespaces.GET, "GET", "/", { as, params: { prefix: "meshplane" } }),
  },
  {
    name: "GET /iceberg/v1/{prefix}/namespaces/{namespace}",
    allowed: ICEBERG_READERS,
    run: (h, as) =>
      h.call(icebergNamespace.GET, "GET", "/", {
        as,
        params: { prefix: "meshplane", namespace: "payments" },
      }),
  },
  {
    name: "HEAD /iceberg/v1/{prefix}/namespaces/{namespace}",
    allowed: ICEBERG_READERS,
    run: (h, as) =>
      h.call(icebergNamespace.HEAD, "HEAD", "/", {
        as,
        params: { prefix: "meshplane", namespace: "payments" },
      }),
  },
  {
    name: "GET /iceberg/v1/{prefix}/namespaces/{namespace}/tables",
    allowed: ICEBERG_READERS,
    run: (h, as) =>
      h.call(icebergTables.GET, "GET", "/", {
        as,
        params: { prefix: "meshplane", namespace: "payments" },
      }),
  },
  {
    name: "POST /iceberg/v1/{prefix}/namespaces/{namespace}/tables (stage a payments table)",
    allowed: TABLE_WRITERS,
    run: async (h, as) => {
      const name = fresh("iceberg-new");
      await deployLocalProduct(h, "payments", name, {}, { registerTable: false });
      return h.call(icebergTables.POST, "POST", "/", {
        as,
        params: { prefix: "meshplane", namespace: "payments" },
        body: {
          name,
          "stage-create": true,
          schema: {
            type: "struct",
            fields: [{ id: 1, name: "id", required: true, type: "long" }],
          },
        },
      });
    },
  },
  {
    name: "GET /iceberg/v1/{prefix}/namespaces/{namespace}/tables/{table}",
    allowed: ICEBERG_READERS,
    run: (h, as) => h.call(icebergTable.GET, "GET", "/", { as, params: tableParams(TABLE) }),
  },
  {
    name: "HEAD /iceberg/v1/{prefix}/namespaces/{namespace}/tables/{table}",
    allowed: ICEBERG_READERS,
    run: (h, as) => h.call(icebergTable.HEAD, "HEAD", "/", { as, params: tableParams(TABLE) }),
  },
  {
    name: "GET /iceberg/v1/{prefix}/namespaces/{namespace}/tables/{table} (restricted)",
    allowed: TABLE_WRITERS,
    run: (h, as) =>
      h.call(icebergTable.GET, "GET", "/", { as, params: tableParams(RESTRICTED_TABLE) }),
  },
  {
    name: "POST /iceberg/v1/{prefix}/namespaces/{namespace}/tables/{table} (payments)",
    allowed: TABLE_WRITERS,
    run: (h, as) =>
      h.call(icebergTable.POST, "POST", "/", {
        as,
        params: tableParams(TABLE),
        body: propertyCommit(),
      }),
  },
  {
    name: "POST /iceberg/v1/{prefix}/namespaces/{namespace}/tables/{table} (customer)",
    allowed: ["otherMember", "admin", "platform"],
    run: (h, as) =>
      h.call(icebergTable.POST, "POST", "/", {
        as,
        params: tableParams(CUSTOMER_TABLE),
        body: propertyCommit(),
      }),
  },
  {
    name: "DELETE /iceberg/v1/{prefix}/namespaces/{namespace}/tables/{table}",
    allowed: [],
    run: (h, as) => h.call(icebergTable.DELETE, "DELETE", "/", { as, params: tableParams(TABLE) }),
  },
  {
    name: "POST /iceberg/v1/{prefix}/namespaces/{namespace}/register (payments, overwrite)",
    allowed: TABLE_WRITERS,
    run: async (h, as) => {
      const row = await h.prisma.icebergTable.findUniqueOrThrow({
        where: { namespace_name: { namespace: TABLE.domain, name: TABLE.name } },
      });
      return h.call(icebergRegister.POST, "POST", "/", {
        as,
        params: { prefix: "meshplane", namespace: "payments" },
        body: { name: TABLE.name, "metadata-location": row.metadataLocation, overwrite: true },
      });
    },
  },
  {
    name: "POST /iceberg/v1/{prefix}/transactions/commit (payments)",
    allowed: TABLE_WRITERS,
    run: (h, as) =>
      h.call(icebergTransactions.POST, "POST", "/", {
        as,
        params: { prefix: "meshplane" },
        body: {
          "table-changes": [
            { identifier: { namespace: ["payments"], name: TABLE.name }, ...propertyCommit() },
          ],
        },
      }),
  },
];

/** The payments key the table's cases present (issued in beforeAll), for the token exchange. */
let currentLineageKey = "";

/** `METHOD /path` of every handler under portal/app/api/v1, read from the route files. */
function routeHandlers(): string[] {
  return [...handlersUnder("v1", ""), ...handlersUnder("iceberg/v1", "/iceberg/v1")];
}

/** `METHOD /path` of the handlers below portal/app/api/<dir>, paths starting with `prefix`. */
function handlersUnder(dir: string, prefix: string): string[] {
  const root = join(import.meta.dirname, "../../../portal/app/api", dir);
  // The catch-all answers 404 to every caller, signed in or not: its own case below.
  const files = readdirSync(root, { recursive: true, encoding: "utf8" }).filter(
    (file) => basename(file) === "route.ts" && !file.startsWith("[...path]"),
  );
  return files.flatMap((file) => {
    const path = `${prefix}/${dirname(file)}`.replace(/\[(\w+)\]/g, "{$1}");
    const source = readFileSync(join(root, file), "utf8");
    const methods = [
      ...source.matchAll(/export (?:const|async function) (GET|HEAD|POST|PUT|PATCH|DELETE)\b/g),
    ];
    return methods.map((match) => `${match[1] ?? ""} ${path}`);
  });
}

function optionsFor(caller: Caller, lineageKey: string): CallOptions["as"] {
  if (caller === "platform") return { bearer: PLATFORM_TOKEN };
  if (caller === "lineageKey") return { bearer: lineageKey };
  return caller;
}

describe("the authorization table", () => {
  it("has a case for every route handler", () => {
    const covered = new Set(
      CASES.map((testCase) => testCase.name.split(" ").slice(0, 2).join(" ")),
    );
    const handlers = routeHandlers();
    expect(handlers.length).toBeGreaterThan(40);
    expect(handlers.filter((handler) => !covered.has(handler))).toEqual([]);
  });
});

const FOUR_EYES = { MESHPLANE_FOUR_EYES: "true" };

forEachDatabase((target, open) => {
  describe(`authorization table (${target})`, () => {
    let h: Harness & { close: () => Promise<void> };
    let lineageKey = "";
    beforeAll(async () => {
      h = await open();
      await h.register(registrationOf(exampleInput("customer-events.yaml")));
      await h.register(registrationOf(exampleInput("fraud-scores.yaml")));
      const spec = DataProductSpec.parse({ ...exampleInput("fraud-scores.yaml"), ...UNPUBLISHED });
      await h.prisma.dataProduct.create({
        data: { ...UNPUBLISHED, ...productColumns(spec), spec, status: "requested" },
      });
      lineageKey = (await issueApiKey(h, "owner", "payments", "authorization table")).key;
      currentLineageKey = lineageKey;
      await deployLocalProduct(h, TABLE.domain, TABLE.name);
      await deployLocalProduct(h, RESTRICTED_TABLE.domain, RESTRICTED_TABLE.name, {
        classification: "restricted",
      });
      await deployLocalProduct(h, CUSTOMER_TABLE.domain, CUSTOMER_TABLE.name);
      await h.call(ingest.POST, "POST", "/api/v1/lineage", {
        as: { bearer: lineageKey },
        body: reportedRun(),
      });
      await projectPending(h.prisma);
    });
    afterAll(async () => {
      await h.close();
    });

    for (const testCase of CASES) {
      for (const caller of CALLERS) {
        const allowed = testCase.allowed.includes(caller);
        it(`${testCase.name} as ${caller}: ${allowed ? "allowed" : "denied"}`, async () => {
          const response = await testCase.run(h, optionsFor(caller, lineageKey));
          if (allowed) {
            expect(response.status, await response.clone().text()).toBeLessThan(300);
          } else {
            expect([401, 403, 404]).toContain(response.status);
            if (caller === "anonymous") expect(response.status).toBe(401);
          }
        });
      }
    }

    it("answers an unknown /api/v1 path 404 to every caller, whatever the method", async () => {
      for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"] as const) {
        for (const caller of CALLERS) {
          const response = await h.call(unknownPath[method], method, "/api/v1/no/such/thing", {
            as: optionsFor(caller, lineageKey),
          });
          expect(response.status, `${method} as ${caller}`).toBe(404);
          expect(response.headers.get("content-type")).toBe("application/problem+json");
        }
      }
    });

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

    it("lists a never-published product to its domain and admins only", async () => {
      const listed = async (as: Person) => {
        const response = await h.call(products.GET, "GET", "/api/v1/products", {
          as,
          query: { domain: "payments", pageSize: 100 },
        });
        const body = await json<{ items: { name: string }[] }>(response);
        return body.items.map((item) => item.name);
      };
      for (const person of ["member", "owner", "admin"] as const)
        expect(await listed(person)).toEqual(expect.arrayContaining([UNPUBLISHED.name]));
      for (const person of ["outsider", "otherMember"] as const) {
        const names = await listed(person);
        expect(names).toContain(PUBLISHED.name);
        expect(names).not.toContain(UNPUBLISHED.name);
      }
    });

    it("shows a never-published product to its domain and admins only, in every list", async () => {
      const product = await h.prisma.dataProduct.findUniqueOrThrow({
        where: { domain_name: UNPUBLISHED },
      });
      await h.prisma.slaEvaluation.create({
        data: {
          productId: product.id,
          check: "overall",
          status: "unknown",
          evaluatedAt: new Date(),
        },
      });
      const dataset = await reportedDataset(
        h,
        { namespace: "s3://payments-lake", name: fresh("staging") },
        UNPUBLISHED,
      );
      for (const person of ["member", "owner", "admin", "outsider", "otherMember"] as const) {
        const visible = person !== "outsider" && person !== "otherMember";
        const summary = await json<SlaSummary>(await h.call(sla.GET, "GET", "/", { as: person }));
        expect(summary.products.some((entry) => entry.product === refOf(UNPUBLISHED))).toBe(
          visible,
        );
        // The lineage page's picker searches for it by its reference.
        const picker = await json<LineageProductList>(
          await h.call(lineageProductsRoute.GET, "GET", "/", {
            as: person,
            query: { q: refOf(UNPUBLISHED) },
          }),
        );
        expect(picker.items).toEqual(visible ? [refOf(UNPUBLISHED)] : []);
        const around = await json<LineageGraph>(
          await h.call(graph.GET, "GET", "/", {
            as: person,
            query: { node: "dataset", ...dataset },
          }),
        );
        // Its declared input (fraud-scores.yaml's) is drawn beside it for those who may see it.
        expect(around.nodes.map((node) => node.product)).toEqual(
          visible ? [refOf(UNPUBLISHED), "payments/card-transactions"] : [null],
        );
      }
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
}, FOUR_EYES);
