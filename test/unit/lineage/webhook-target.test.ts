/**
 * Webhook targets (SSRF): every encoding of a non-public address is refused, names are checked
 * after resolution (every address), the delivery connects to the checked address only, redirects
 * are not followed, and the allow list opens on-premises receivers.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  allowListOf,
  checkWebhookTarget,
  isPublicAddress,
  postToWebhook,
  setResolverForTests,
  type Resolve,
} from "#portal/server/lineage/webhook-target";

vi.mock("server-only", () => ({}));

const NONE = allowListOf([]);
/** A resolver that knows only `names`; anything else does not resolve. */
const dns =
  (names: Record<string, string[]>): Resolve =>
  (hostname) => {
    const found = names[hostname];
    return found === undefined ? Promise.reject(new Error("ENOTFOUND")) : Promise.resolve(found);
  };

describe("webhook targets", () => {
  it.each([
    "http://127.0.0.1/",
    "http://127.1/",
    "http://2130706433/",
    "http://017700000001/",
    "http://0x7f000001/",
    "http://0x7f.0.0.1/",
    "http://0177.0.0.1/",
    "http://0/",
    "http://0.0.0.0:8080/",
    "http://10.1.2.3/",
    "http://172.16.0.1/",
    "http://192.168.1.1/",
    "http://100.64.0.1/",
    "http://169.254.169.254/latest/meta-data/",
    "http://224.0.0.1/",
    "http://255.255.255.255/",
    "http://[::1]/",
    "http://[::]/",
    "http://[0:0:0:0:0:0:0:1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:7f00:1]/",
    "http://[::ffff:169.254.169.254]/",
    "http://[::127.0.0.1]/",
    "http://[64:ff9b::a9fe:a9fe]/",
    "http://[fe80::1]/",
    "http://[fd00::1]/",
    "http://[fc00::1]/",
    "http://[ff02::1]/",
    "https://[2002:7f00:1::]/",
  ])("refuses %s", async (url) => {
    const check = await checkWebhookTarget(url, NONE, dns({}));
    expect(check.ok).toBe(false);
  });

  it("accepts public addresses and names that resolve only to public addresses", async () => {
    const resolve = dns({ "hooks.example.com": ["93.184.215.14", "2606:2800:21f:cb07::1"] });
    for (const url of [
      "https://93.184.215.14/x",
      "https://[2606:4700::1111]/",
      "https://hooks.example.com/",
    ]) {
      expect(await checkWebhookTarget(url, NONE, resolve)).toMatchObject({ ok: true });
    }
    expect(await checkWebhookTarget("https://hooks.example.com/", NONE, resolve)).toMatchObject({
      address: "93.184.215.14",
    });
  });

  it("refuses a name when any of its addresses is not public (localhost, rebinding records)", async () => {
    const resolve = dns({
      localhost: ["127.0.0.1", "::1"],
      "mixed.example.com": ["93.184.215.14", "10.0.0.7"],
      "metadata.example.com": ["169.254.169.254"],
    });
    for (const url of [
      "http://localhost/",
      "http://mixed.example.com/",
      "http://metadata.example.com/",
    ]) {
      expect(await checkWebhookTarget(url, NONE, resolve)).toMatchObject({ ok: false });
    }
    // The system resolver too: localhost is loopback on every machine.
    expect(await checkWebhookTarget("http://localhost:9/", NONE)).toMatchObject({ ok: false });
  });

  it("says why without saying what is behind the name", async () => {
    const check = await checkWebhookTarget(
      "http://metadata.example.com/",
      NONE,
      dns({ "metadata.example.com": ["169.254.169.254"] }),
    );
    expect(check).toMatchObject({ ok: false });
    expect(JSON.stringify(check)).not.toContain("169.254");
  });

  it("refuses other schemes and credentials in the URL", async () => {
    for (const url of ["ftp://93.184.215.14/", "file:///etc/passwd", "https://u:p@93.184.215.14/"])
      expect(await checkWebhookTarget(url, NONE, dns({}))).toMatchObject({ ok: false });
  });

  it("opens host names, addresses and ranges named by the allow list, and nothing else", async () => {
    const allow = allowListOf(["hooks.corp.internal", "10.20.0.0/16", "::1"]);
    const resolve = dns({ "hooks.corp.internal": ["10.99.0.1"], "other.internal": ["10.99.0.1"] });
    expect(await checkWebhookTarget("http://hooks.corp.internal/", allow, resolve)).toMatchObject({
      ok: true,
      address: "10.99.0.1",
    });
    expect(await checkWebhookTarget("http://10.20.3.4/", allow, resolve)).toMatchObject({
      ok: true,
    });
    expect(await checkWebhookTarget("http://[::1]:8080/", allow, resolve)).toMatchObject({
      ok: true,
    });
    expect(await checkWebhookTarget("http://other.internal/", allow, resolve)).toMatchObject({
      ok: false,
    });
    expect(await checkWebhookTarget("http://10.21.0.1/", allow, resolve)).toMatchObject({
      ok: false,
    });
    expect(await checkWebhookTarget("http://127.0.0.1/", allow, resolve)).toMatchObject({
      ok: false,
    });
  });

  it("knows public space from the rest", () => {
    expect(isPublicAddress("8.8.8.8")).toBe(true);
    expect(isPublicAddress("2001:4860:4860::8888")).toBe(true);
    expect(isPublicAddress("172.32.0.1")).toBe(true);
    expect(isPublicAddress("172.31.255.255")).toBe(false);
    expect(isPublicAddress("not-an-address")).toBe(false);
  });
});

describe("webhook delivery", () => {
  let server: Server;
  let port = 0;
  const hits: string[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      hits.push(request.url ?? "");
      if (request.url === "/redirect")
        response.writeHead(302, { location: `http://127.0.0.1:${port}/landed` }).end();
      else response.writeHead(204).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) =>
      server.close(() => {
        resolve();
      }),
    );
  });

  const post = (url: string, allow = NONE) =>
    postToWebhook(url, { headers: {}, body: "{}", timeoutMs: 2_000, allow });

  it("does not connect to a local receiver unless the allow list names it", async () => {
    hits.length = 0;
    expect(await post(`http://127.0.0.1:${port}/hook`)).toMatchObject({
      ok: false,
      statusCode: null,
    });
    expect(await post(`http://localhost:${port}/hook`)).toMatchObject({ ok: false });
    expect(hits).toEqual([]);
    expect(await post(`http://127.0.0.1:${port}/hook`, allowListOf(["127.0.0.1"]))).toEqual({
      ok: true,
      statusCode: 204,
      error: null,
    });
    expect(hits).toEqual(["/hook"]);
  });

  it("checks a name after resolving it and connects to the checked address only", async () => {
    hits.length = 0;
    setResolverForTests(
      dns({ "rebind.example.com": ["127.0.0.1"], "receiver.corp.internal": ["127.0.0.1"] }),
    );
    try {
      expect(await post(`http://rebind.example.com:${port}/a`)).toMatchObject({ ok: false });
      expect(hits).toEqual([]);
      // Only the injected resolver knows this name: the connection went to the pinned address.
      const allow = allowListOf(["receiver.corp.internal"]);
      expect(await post(`http://receiver.corp.internal:${port}/b`, allow)).toMatchObject({
        ok: true,
        statusCode: 204,
      });
      expect(hits).toEqual(["/b"]);
    } finally {
      setResolverForTests(undefined);
    }
  });

  it("does not follow a redirect and counts it as a failure", async () => {
    hits.length = 0;
    expect(await post(`http://127.0.0.1:${port}/redirect`, allowListOf(["127.0.0.0/8"]))).toEqual({
      ok: false,
      statusCode: 302,
      error: "HTTP 302 (redirects are not followed)",
    });
    expect(hits).toEqual(["/redirect"]);
  });

  it("reports failures without internal detail", async () => {
    // Nothing listens on port 9 of loopback (discard): connection refused, said as a kind.
    const result = await post("http://127.0.0.1:9/", allowListOf(["127.0.0.1"]));
    expect(result).toEqual({ ok: false, statusCode: null, error: "connection failed" });
  });
});
