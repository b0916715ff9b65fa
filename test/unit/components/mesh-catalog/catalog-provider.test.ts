/**
 * The MeshCatalogEntry provider against a real HTTP server: the body and auth header it sends,
 * retries on 5xx/429/network errors then success, the portal's problem+json on a 4xx, DELETE.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  backoffMs,
  meshCatalogProvider as provider,
  type MeshCatalogInputs,
} from "#components/mesh-catalog/catalog-provider";

interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: string;
}

type Reply = (response: ServerResponse) => void;

let server: Server;
let base: string;
let seen: Seen[];
let replies: Reply[];

const TOKEN = "platform-token-0123456789abcdef0123456789";
const PATH = "/api/v1/catalog/products/sandbox/churn-experiments";
const REGISTRATION = {
  environment: "dev",
  stack: "sandbox.churn-experiments.dev",
  spec: { name: "x" },
};

function reply(status: number, body?: unknown, headers: Record<string, string> = {}): Reply {
  return (response) => {
    response.writeHead(status, {
      ...(body === undefined ? {} : { "content-type": "application/problem+json" }),
      ...headers,
    });
    response.end(body === undefined ? undefined : JSON.stringify(body));
  };
}

/** Closes the connection without an HTTP response: a network error for the client. */
const hangUp: Reply = (response) => {
  response.socket?.destroy();
};

function record(request: IncomingMessage, body: string): void {
  seen.push({
    method: request.method ?? "",
    url: request.url ?? "",
    authorization: request.headers.authorization,
    contentType: request.headers["content-type"],
    body,
  });
}

beforeEach(async () => {
  seen = [];
  replies = [];
  server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      record(request, body);
      (replies.shift() ?? reply(500, { title: "no reply scripted" }))(response);
    });
  });
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  server.closeAllConnections();
  await new Promise((closed) => server.close(closed));
});

function inputs(): MeshCatalogInputs {
  return {
    url: `${base}${PATH}`,
    platformToken: TOKEN,
    registration: REGISTRATION,
    retry: { attempts: 4, baseDelayMs: 1, maxDelayMs: 5 },
  };
}

const put = (body = JSON.stringify(REGISTRATION)): Seen => ({
  method: "PUT",
  url: PATH,
  authorization: `Bearer ${TOKEN}`,
  contentType: "application/json",
  body,
});

describe("create and update", () => {
  it("PUTs the registration with the bearer token and keeps the inputs as outputs", async () => {
    replies.push(reply(201, { domain: "sandbox", name: "churn-experiments", created: true }));
    const result = await provider.create(inputs());
    expect(result).toEqual({ id: `${base}${PATH}`, outs: inputs() });
    expect(seen).toEqual([put()]);
  });

  it("retries network errors, 503 and 429, then succeeds", async () => {
    replies.push(
      hangUp,
      reply(503, { title: "Unavailable" }),
      reply(429, undefined, { "retry-after": "0" }),
      reply(200, {}),
    );
    await provider.update?.("id", inputs(), inputs());
    expect(seen).toEqual([put(), put(), put(), put()]);
  });

  it("gives up after the last attempt with the last problem", async () => {
    replies.push(
      ...Array.from({ length: 4 }, () =>
        reply(502, { title: "Bad gateway", detail: "upstream down" }),
      ),
    );
    await expect(provider.create(inputs())).rejects.toThrow(
      `mesh catalog: PUT ${base}${PATH} failed after 4 attempts; last: 502 Bad gateway: upstream down`,
    );
    expect(seen).toHaveLength(4);
  });

  it("fails at once on a 4xx with the portal's problem detail and field errors", async () => {
    replies.push(
      reply(422, {
        type: "https://meshplane.dev/problems/validation",
        title: "Validation failed",
        detail: "the request is not valid",
        errors: [
          {
            path: "outputs.storageUri",
            message: "a storage URI is s3://, abfss://, gs:// or file://",
          },
        ],
      }),
    );
    const failure = provider.create(inputs());
    await expect(failure).rejects.toThrow(
      `mesh catalog refused the registration (PUT ${base}${PATH} → 422): Validation failed: the request is not valid; outputs.storageUri: a storage URI is s3://, abfss://, gs:// or file://`,
    );
    await failure.catch((error: unknown) => {
      expect(String(error)).not.toContain(TOKEN);
    });
    expect(seen).toEqual([put()]);
  });

  it("diffs: unchanged makes no update; a new body or token updates; a new URL replaces", async () => {
    const olds = inputs();
    expect(await provider.diff?.("id", olds, inputs())).toEqual({ changes: false, replaces: [] });
    expect(
      await provider.diff?.("id", olds, {
        ...inputs(),
        registration: { ...REGISTRATION, stack: "other" },
      }),
    ).toEqual({ changes: true, replaces: [] });
    expect(await provider.diff?.("id", olds, { ...inputs(), platformToken: "rotated" })).toEqual({
      changes: true,
      replaces: [],
    });
    expect(await provider.diff?.("id", olds, { ...inputs(), url: `${base}/other` })).toEqual({
      changes: true,
      replaces: ["url"],
    });
  });
});

const DELETE_PATH = `${PATH}?stack=sandbox.churn-experiments.dev`;

describe("delete", () => {
  it("sends DELETE naming its stack, with the token and no body", async () => {
    replies.push(reply(204));
    await provider.delete?.("id", inputs());
    expect(seen).toEqual([
      {
        method: "DELETE",
        url: DELETE_PATH,
        authorization: `Bearer ${TOKEN}`,
        contentType: undefined,
        body: "",
      },
    ]);
  });

  it("accepts 404 (already gone) and reports 403", async () => {
    replies.push(
      reply(404, { title: "Not found" }),
      reply(403, { title: "Forbidden", detail: "you are not allowed to do this" }),
    );
    await provider.delete?.("id", inputs());
    await expect(provider.delete?.("id", inputs())).rejects.toThrow(
      `mesh catalog refused the decommission (DELETE ${base}${DELETE_PATH} → 403): Forbidden: you are not allowed to do this`,
    );
  });

  it("escapes the stack in the query, and sends none when the registration has none", async () => {
    replies.push(reply(204), reply(204));
    await provider.delete?.("id", {
      ...inputs(),
      registration: { ...REGISTRATION, stack: "acme/sandbox.churn experiments&dev" },
    });
    const { stack: _stack, ...withoutStack } = REGISTRATION;
    await provider.delete?.("id", { ...inputs(), registration: withoutStack });
    expect(seen.map(({ url }) => url)).toEqual([
      `${PATH}?stack=acme%2Fsandbox.churn+experiments%26dev`,
      PATH,
    ]);
  });
});

describe("backoffMs", () => {
  const policy = { attempts: 6, baseDelayMs: 500, maxDelayMs: 8000 };
  it("doubles from the base up to the cap, and honours a longer Retry-After", () => {
    expect([0, 1, 2, 3, 4, 5].map((attempt) => backoffMs(policy, attempt, null))).toEqual([
      500, 1000, 2000, 4000, 8000, 8000,
    ]);
    expect(backoffMs(policy, 0, "3")).toBe(3000);
    expect(backoffMs(policy, 0, "60")).toBe(8000);
    expect(backoffMs(policy, 2, "not-a-number")).toBe(2000);
  });
});
