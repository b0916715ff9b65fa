/**
 * Body limits and compression (issue #15.10, #15.13) through real routes: the OpenLineage ingest
 * takes gzip and deflate bodies (the HTTP transport's `compression` option) and stores them like
 * plain ones; a body over MESHPLANE_MAX_BODY_BYTES, before or after decompression (a gzip bomb),
 * answers 413 problem+json; JSON nested 10,000 deep answers 400 (it answered 500); an unknown
 * Content-Encoding answers 415. Nothing is stored by a refused request.
 */
import { deflateSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as ingest from "#portal/app/api/v1/lineage/route";
import * as webhooks from "#portal/app/api/v1/domains/[slug]/webhooks/route";
import { runEvent } from "../../support/openlineage-events";
import { forEachDatabase } from "../portal/databases";
import { json, ORIGIN, type Harness, issueApiKey } from "../portal/harness";

vi.mock("server-only", () => ({}));

interface Problem {
  status: number;
  title: string;
  detail?: string;
}

const event = (minute: number) =>
  runEvent({
    job: "payments.fraud_scoring",
    eventTime: new Date(Date.UTC(2026, 2, 1, 0, minute)).toISOString(),
    outputs: [{ namespace: "meshplane", name: "payments.fraud_scores" }],
  });

forEachDatabase(
  (target, open) => {
    describe(`request bodies (${target})`, () => {
      let h: Harness & { close: () => Promise<void> };
      let key = "";

      beforeAll(async () => {
        h = await open();
        key = (await issueApiKey(h, "member", "payments", "ci")).key;
      });
      afterAll(async () => {
        await h.close();
      });

      /** POSTs raw bytes to the ingest route with the domain's key. */
      const send = (body: BodyInit, headers: Record<string, string> = {}) =>
        ingest.POST(
          new Request(new URL("/api/v1/lineage", ORIGIN), {
            method: "POST",
            headers: {
              authorization: `Bearer ${key}`,
              "content-type": "application/json",
              ...headers,
            },
            body,
          }),
          { params: Promise.resolve({}) },
        );
      const stored = () => h.prisma.lineageEvent.count();

      it("stores gzip and deflate bodies like plain ones", async () => {
        const before = await stored();
        expect(
          (await send(gzipSync(JSON.stringify(event(1))), { "content-encoding": "gzip" })).status,
        ).toBe(201);
        expect(
          (await send(deflateSync(JSON.stringify(event(2))), { "content-encoding": "deflate" }))
            .status,
        ).toBe(201);
        // The same event again, compressed or not, is recognised and stored once.
        expect((await send(JSON.stringify(event(3)))).status).toBe(201);
        expect(await stored()).toBe(before + 3);
      });

      it("answers 415 for another Content-Encoding and 400 for a corrupt one", async () => {
        const response = await send(JSON.stringify(event(4)), { "content-encoding": "br" });
        expect(response.status).toBe(415);
        expect(response.headers.get("content-type")).toBe("application/problem+json");
        const corrupt = gzipSync(JSON.stringify(event(4))).subarray(0, 20) as BodyInit;
        expect((await send(corrupt, { "content-encoding": "gzip" })).status).toBe(400);
      });

      it("answers 413 problem+json for a body beyond 1 MiB, plain or inflated from gzip", async () => {
        const before = await stored();
        const big = {
          ...event(5),
          run: { runId: "r", facets: { note: { text: "x".repeat(4 * 1024 * 1024) } } },
        };
        const plain = await send(JSON.stringify(big));
        expect(plain.status).toBe(413);
        expect(plain.headers.get("content-type")).toBe("application/problem+json");
        expect(await json<Problem>(plain)).toMatchObject({
          status: 413,
          title: "Payload too large",
        });
        const bomb = gzipSync(JSON.stringify(big));
        expect(bomb.byteLength).toBeLessThan(64 * 1024);
        expect((await send(bomb, { "content-encoding": "gzip" })).status).toBe(413);
        expect(await stored()).toBe(before);
      });

      it("answers 400 naming the limit for JSON nested 10,000 deep, on any route", async () => {
        const deep = `{"eventType":"COMPLETE","run":${'{"a":'.repeat(10_000)}1${"}".repeat(10_000)}}`;
        const response = await send(deep);
        expect(response.status).toBe(400);
        expect((await json<Problem>(response)).detail).toMatch(/deeper than 64 levels/);
        const webhook = await h.call(webhooks.POST, "POST", "/", {
          as: "owner",
          params: { slug: "payments" },
          body: { url: JSON.parse("[".repeat(100) + "]".repeat(100)) as unknown },
        });
        expect(webhook.status).toBe(400);
      });
    });
  },
  { MESHPLANE_MAX_BODY_BYTES: String(1024 * 1024) },
);
