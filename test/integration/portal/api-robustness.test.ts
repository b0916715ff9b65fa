/**
 * Inputs that used to answer 500 (issue 15, item 11), through the real routes: NUL characters in
 * query strings, path parameters and bodies (PostgreSQL stores none), integers beyond a PostgreSQL
 * `integer`, methods a route lacks (TRACE included), unknown /api/v1 paths, and the database
 * becoming unreachable. Each answers a 4xx or 503 problem naming what was wrong.
 */
import { request as httpRequest } from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import * as catalog from "#portal/app/api/v1/catalog/route";
import * as comments from "#portal/app/api/v1/requests/[id]/comments/route";
import * as requests from "#portal/app/api/v1/requests/route";
import * as events from "#portal/app/api/v1/deployments/[id]/events/route";
import * as apiKeys from "#portal/app/api/v1/domains/[slug]/api-keys/route";
import * as webhooks from "#portal/app/api/v1/domains/[slug]/webhooks/route";
import * as ingest from "#portal/app/api/v1/lineage/route";
import * as ingestBatch from "#portal/app/api/v1/lineage/batch/route";
import * as graph from "#portal/app/api/v1/lineage/graph/route";
import * as probes from "#portal/app/api/v1/sla/probes/route";
import * as me from "#portal/app/api/v1/me/route";
import { setDbForTests } from "#portal/server/db";
import { resetAuthForTests } from "#portal/server/auth";
import { OUTAGE_LOG_WINDOW_MS } from "#portal/server/log";
import { NUL_REPLACEMENT } from "#lib/nul";
import { createPrismaClient } from "#db";
import { SPEC_COMPLETE_EVENT } from "../../support/openlineage-events";
import { exampleInput } from "../../support/specs";
import { serveApi } from "../../support/api-server";
import { forEachDatabase } from "./databases";
import { json, type Harness, issueApiKey } from "./harness";

vi.mock("server-only", () => ({}));

interface ProblemBody {
  status: number;
  detail?: string;
  errors?: { path: string; message: string }[];
}

async function expectProblem(response: Response, status: number, path?: string): Promise<void> {
  const text = await response.clone().text();
  expect(response.status, text).toBe(status);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  const problem = await json<ProblemBody>(response);
  expect(problem.status).toBe(status);
  if (path !== undefined) expect(problem.errors?.map((error) => error.path)).toEqual([path]);
}

const failedRun = (message: string, jobName = "nightly.load") => ({
  ...SPEC_COMPLETE_EVENT,
  eventType: "FAIL",
  run: {
    runId: "0190a2b4-1c2d-7e3f-8a9b-0c1d2e3f4a5b",
    facets: {
      errorMessage: {
        _producer: SPEC_COMPLETE_EVENT.producer,
        _schemaURL: "https://openlineage.io/spec/facets/1-0-1/ErrorMessageRunFacet.json",
        message,
        programmingLanguage: "python",
        stackTrace: `Traceback: ${message}`,
      },
    },
  },
  job: { namespace: "airflow", name: jobName },
});

/** Over node:http: fetch refuses to send TRACE. */
function send(url: string, method: string): Promise<Response> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(url, { method }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
      incoming.on("end", () => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(incoming.headers))
          if (typeof value === "string") headers.set(name, value);
        resolve(new Response(Buffer.concat(chunks), { status: incoming.statusCode, headers }));
      });
    });
    outgoing.on("error", reject);
    outgoing.end();
  });
}

forEachDatabase((target, open) => {
  describe(`API robustness (${target})`, () => {
    let h: Harness & { close: () => Promise<void> };
    let key = "";
    beforeAll(async () => {
      h = await open();
      key = (await issueApiKey(h, "owner", "payments", "robustness")).key;
    });
    afterAll(async () => {
      await h.close();
    });

    it("refuses a NUL in a query parameter with 400 naming it", async () => {
      await expectProblem(
        await h.call(catalog.GET, "GET", "/api/v1/catalog", {
          as: "member",
          query: { owner: "team\u0000a" },
        }),
        400,
        "query.owner",
      );
      await expectProblem(
        await h.call(graph.GET, "GET", "/api/v1/lineage/graph", {
          as: "member",
          query: { node: "dataset", namespace: "s3\u0000", name: "x" },
        }),
        400,
        "query.namespace",
      );
    });

    it("refuses a NUL in a path parameter or a body field with 400 naming it", async () => {
      await expectProblem(
        await h.call(comments.POST, "POST", "/", {
          as: "member",
          params: { id: "abc\u0000" },
          body: { body: "hello" },
        }),
        400,
        "params.id",
      );
      const created = await h.call(requests.POST, "POST", "/api/v1/requests", {
        as: "member",
        body: { kind: "create", spec: { ...exampleInput("fraud-scores.yaml"), name: "nul-test" } },
      });
      const { id } = await json<{ id: string }>(created);
      await expectProblem(
        await h.call(comments.POST, "POST", "/", {
          as: "member",
          params: { id },
          body: { body: "looks good\u0000" },
        }),
        400,
        "body",
      );
      await expectProblem(
        await h.call(ingest.POST, "POST", "/api/v1/lineage", {
          as: { bearer: key },
          body: failedRun("boom", "nightly\u0000load"),
        }),
        400,
        "job.name",
      );
      await expectProblem(
        await h.call(ingestBatch.POST, "POST", "/api/v1/lineage/batch", {
          as: { bearer: key },
          body: [failedRun("ok"), { ...failedRun("ok"), producer: "https://x/\u0000" }],
        }),
        400,
        "[1].producer",
      );
    });

    it("keeps an OpenLineage event whose error message quotes a NUL, as U+FFFD", async () => {
      const response = await h.call(ingest.POST, "POST", "/api/v1/lineage", {
        as: { bearer: key },
        body: failedRun("unexpected byte \u0000 at offset 7"),
      });
      expect(response.status, await response.clone().text()).toBe(201);
      const stored = await h.prisma.lineageEvent.findFirstOrThrow({
        where: { runId: "0190a2b4-1c2d-7e3f-8a9b-0c1d2e3f4a5b" },
      });
      const payload = stored.payload as { run: { facets: { errorMessage: { message: string } } } };
      expect(payload.run.facets.errorMessage.message).toBe(
        `unexpected byte ${NUL_REPLACEMENT} at offset 7`,
      );
    });

    it("stores an event whose time has an offset PostgreSQL cannot parse, in UTC", async () => {
      const response = await h.call(ingest.POST, "POST", "/api/v1/lineage", {
        as: { bearer: key },
        body: {
          ...failedRun("late"),
          eventTime: "2132-12-12T01:12:43-17:38",
          run: { runId: "0190a2b4-1c2d-7e3f-8a9b-0c1d2e3f4a5c" },
        },
      });
      expect(response.status, await response.clone().text()).toBe(201);
      await expectProblem(
        await h.call(ingest.POST, "POST", "/api/v1/lineage", {
          as: { bearer: key },
          body: { ...failedRun("early"), eventTime: "0001-01-01T00:00:00+01:00" },
        }),
        422,
        "eventTime",
      );
    });

    it("answers 404 for keys and webhooks of a domain that does not exist", async () => {
      const params = { slug: "no-such-domain" };
      await expectProblem(
        await h.call(apiKeys.POST, "POST", "/", { as: "admin", params, body: { label: "x" } }),
        404,
      );
      await expectProblem(
        await h.call(webhooks.POST, "POST", "/", {
          as: "admin",
          params,
          body: { url: "https://hooks.example.com/x" },
        }),
        404,
      );
      await expectProblem(await h.call(webhooks.GET, "GET", "/", { as: "admin", params }), 404);
    });

    it("refuses integers beyond a PostgreSQL integer, naming the field", async () => {
      await expectProblem(
        await h.call(events.GET, "GET", "/", {
          as: "admin",
          params: { id: "0190a2b4-1c2d-7e3f-8a9b-0c1d2e3f4a5b" },
          query: { after: 2_147_483_648 },
        }),
        422,
        "query.after",
      );
      await expectProblem(
        await h.call(probes.POST, "POST", "/api/v1/sla/probes", {
          as: { bearer: key },
          body: { product: "payments/fraud-scores", ok: true, latencyMs: 2_147_483_648 },
        }),
        422,
        "latencyMs",
      );
    });

    describe("over HTTP", () => {
      let server: Awaited<ReturnType<typeof serveApi>>;
      beforeAll(async () => {
        server = await serveApi();
      });
      afterAll(async () => {
        await server.close();
      });

      it("answers TRACE and methods a route lacks with 405 and Allow", async () => {
        for (const method of ["TRACE", "DELETE", "PUT", "PATCH", "POST"]) {
          const response = await send(`${server.url}/api/v1/me`, method);
          await expectProblem(response, 405);
          expect(response.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
        }
        const lineage = await send(`${server.url}/api/v1/lineage/links`, "TRACE");
        await expectProblem(lineage, 405);
        expect(lineage.headers.get("allow")).toBe("PUT, DELETE, OPTIONS");
      });

      it("answers an unknown /api/v1 path with a problem+json 404", async () => {
        for (const method of ["GET", "POST", "DELETE"]) {
          const response = await send(`${server.url}/api/v1/no/such/path`, method);
          await expectProblem(response, 404);
        }
      });
    });
  });
});

describe("API while the database is unreachable", () => {
  afterEach(() => {
    setDbForTests(undefined);
    resetAuthForTests();
    vi.restoreAllMocks();
  });

  it("answers 503 problem+json with Retry-After, and logs one line per outage window", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    // Nothing listens on port 1: every connection is refused, as when PostgreSQL is down.
    const unreachable = createPrismaClient("postgresql://meshplane:x@127.0.0.1:1/meshplane");
    setDbForTests(unreachable);
    resetAuthForTests();
    try {
      const h = {
        call: (bearer: string) =>
          new Request("http://localhost:3000/api/v1/lineage", {
            method: "POST",
            headers: { "content-type": "application/json", authorization: `Bearer ${bearer}` },
            body: JSON.stringify(SPEC_COMPLETE_EVENT),
          }),
      };
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const response = await ingest.POST(h.call("mpl_not_a_real_key_0123456789"), {
          params: Promise.resolve({}),
        });
        await expectProblem(response, 503);
        expect(response.headers.get("retry-after")).toMatch(/^\d+$/);
      }
      const session = await me.GET(
        new Request("http://localhost:3000/api/v1/me", {
          headers: { cookie: "meshplane.session_token=abc.def" },
        }),
        { params: Promise.resolve({}) },
      );
      // Better Auth reads "no session" from an unreachable database: still an outage, not a 401.
      await expectProblem(session, 503);
      const outageLines = errors.mock.calls.filter((call) =>
        String(call[0]).includes("the database is unreachable"),
      );
      expect(outageLines).toHaveLength(1);
      expect(OUTAGE_LOG_WINDOW_MS).toBeGreaterThan(0);
    } finally {
      await unreachable.$disconnect();
    }
  });
});
