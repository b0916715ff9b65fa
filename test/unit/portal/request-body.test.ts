/**
 * Request bodies within limits: size counted while streaming and after decompression (413), gzip
 * and deflate accepted, other encodings 415, nesting bounded before parsing (400).
 */
import { deflateSync, gzipSync } from "node:zlib";
import { describe, expect, it, vi } from "vitest";
import { ApiError } from "#portal/server/problems";
import { jsonDepthExceeds, readJsonBody } from "#portal/server/request-body";

vi.mock("server-only", () => ({}));

const LIMITS = { maxBytes: 64 * 1024 };

function post(body: BodyInit, headers: Record<string, string> = {}): Request {
  return new Request("http://localhost/api/v1/x", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
}

async function statusOf(promise: Promise<unknown>): Promise<number | "ok"> {
  try {
    await promise;
    return "ok";
  } catch (error) {
    if (error instanceof ApiError) return error.status;
    throw error;
  }
}

/** A stream that would go on for `chunks` × 16 KiB, counting what was pulled from it. */
function endless(chunks: number) {
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulled += 1;
      if (pulled > chunks) controller.close();
      else controller.enqueue(new Uint8Array(16 * 1024).fill(0x20));
    },
  });
  return { stream, pulled: () => pulled };
}

describe("request bodies", () => {
  it("reads plain, gzip and deflate JSON alike", async () => {
    const value = { eventType: "COMPLETE", run: { runId: "r" }, text: "é ✓" };
    const text = JSON.stringify(value);
    expect(await readJsonBody(post(text), LIMITS)).toEqual(value);
    for (const [encoding, body] of [
      ["gzip", gzipSync(text)],
      ["GZIP", gzipSync(text)],
      ["x-gzip", gzipSync(text)],
      ["deflate", deflateSync(text)],
    ] as const) {
      expect(await readJsonBody(post(body, { "content-encoding": encoding }), LIMITS)).toEqual(
        value,
      );
    }
  });

  it("answers 415 for an encoding it does not know or a body that is not JSON", async () => {
    const text = JSON.stringify({ a: 1 });
    for (const encoding of ["br", "zstd", "compress", "gzip, gzip"])
      expect(
        await statusOf(readJsonBody(post(text, { "content-encoding": encoding }), LIMITS)),
      ).toBe(415);
    const form = new Request("http://localhost/", {
      method: "POST",
      body: "a=1",
      headers: { "content-type": "text/plain" },
    });
    expect(await statusOf(readJsonBody(form, LIMITS))).toBe(415);
  });

  it("answers 400 for a body that does not decompress", async () => {
    const broken = gzipSync(JSON.stringify({ a: 1 })).subarray(0, 12);
    expect(await statusOf(readJsonBody(post(broken, { "content-encoding": "gzip" }), LIMITS))).toBe(
      400,
    );
    expect(
      await statusOf(readJsonBody(post("{}", { "content-encoding": "deflate" }), LIMITS)),
    ).toBe(400);
  });

  it("answers 413 beyond the limit, refusing a declared length before reading", async () => {
    const big = JSON.stringify({ text: "x".repeat(LIMITS.maxBytes) });
    expect(await statusOf(readJsonBody(post(big), LIMITS))).toBe(413);
    const exact = JSON.stringify({ t: "x".repeat(LIMITS.maxBytes - 8) });
    expect(exact.length).toBe(LIMITS.maxBytes);
    expect(await statusOf(readJsonBody(post(exact), LIMITS))).toBe("ok");
    const declared = endless(1000);
    const request = new Request("http://localhost/", {
      method: "POST",
      headers: { "content-type": "application/json", "content-length": String(10 ** 9) },
      body: declared.stream,
      duplex: "half",
    } as RequestInit);
    expect(await statusOf(readJsonBody(request, LIMITS))).toBe(413);
  });

  it("stops reading a stream once the limit is passed, whatever its length", async () => {
    const source = endless(100_000); // 1.6 GB if read to the end
    const request = new Request("http://localhost/", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: source.stream,
      duplex: "half",
    } as RequestInit);
    expect(await statusOf(readJsonBody(request, LIMITS))).toBe(413);
    expect(source.pulled()).toBeLessThan(20);
  });

  it("applies the limit after decompression: a gzip bomb is 413", async () => {
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024, 0x20)); // 50 MiB of spaces in ~50 KiB
    expect(bomb.byteLength).toBeLessThan(LIMITS.maxBytes);
    expect(await statusOf(readJsonBody(post(bomb, { "content-encoding": "gzip" }), LIMITS))).toBe(
      413,
    );
  });

  it("answers 400 for nesting deeper than the bound, before parsing", async () => {
    const deep = (n: number) => "[".repeat(n) + "]".repeat(n);
    expect(await statusOf(readJsonBody(post(deep(64)), LIMITS))).toBe("ok");
    expect(await statusOf(readJsonBody(post(deep(65)), LIMITS))).toBe(400);
    expect(await statusOf(readJsonBody(post(deep(10_000)), LIMITS))).toBe(400);
    const objects = '{"a":'.repeat(10_000) + "1" + "}".repeat(10_000);
    expect(await statusOf(readJsonBody(post(objects), LIMITS))).toBe(400);
  });

  it("counts nesting outside strings only", () => {
    expect(jsonDepthExceeds(JSON.stringify({ text: "[[[[[[{{{{" }), 2)).toBe(false);
    expect(jsonDepthExceeds(JSON.stringify({ text: 'a\\"[[[[' }), 2)).toBe(false);
    expect(jsonDepthExceeds('{"a":[[1]]}', 2)).toBe(true);
  });
});
