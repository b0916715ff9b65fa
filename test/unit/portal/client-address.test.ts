/**
 * The client address the portal believes: the TCP peer, or what trusted proxies forwarded; and
 * the server that applies it binds to loopback by default.
 */
import { request as httpRequest, type IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { clientAddress, resolveForwarding } from "#portal/bootstrap/client-address";
import { servePortal } from "#portal/bootstrap/http-server";
import { addressRanges, parsePortalConfig } from "#config";

const NONE = addressRanges([]);
const PROXIES = addressRanges(["10.0.0.0/8", "::1"]);

describe("client address", () => {
  it("is the peer when the peer is no trusted proxy, whatever it forwards", () => {
    expect(clientAddress("198.51.100.7", "203.0.113.1", NONE)).toBe("198.51.100.7");
    expect(clientAddress("198.51.100.7", "203.0.113.1", PROXIES)).toBe("198.51.100.7");
    expect(clientAddress("::ffff:198.51.100.7", undefined, NONE)).toBe("198.51.100.7");
  });

  it("is the nearest untrusted hop behind trusted proxies", () => {
    // The client may prepend anything; each proxy appends the address it was reached from.
    expect(clientAddress("10.0.0.2", "6.6.6.6, 203.0.113.9, 10.0.0.1", PROXIES)).toBe(
      "203.0.113.9",
    );
    expect(clientAddress("::1", "203.0.113.9", PROXIES)).toBe("203.0.113.9");
    expect(clientAddress("10.0.0.2", undefined, PROXIES)).toBe("10.0.0.2");
    expect(clientAddress("10.0.0.2", "10.0.0.5, 10.0.0.1", PROXIES)).toBe("10.0.0.5");
    // A hop that forwarded garbage vouches for nothing beyond itself.
    expect(clientAddress("10.0.0.2", "203.0.113.9, not-an-ip", PROXIES)).toBe("10.0.0.2");
  });

  it("drops the forwarding headers of an untrusted peer and keeps a trusted proxy's", () => {
    const incoming = (peer: string, headers: Record<string, string>) =>
      ({ socket: { remoteAddress: peer }, headers: { ...headers } }) as unknown as IncomingMessage;
    const forged = {
      "x-forwarded-for": "203.0.113.1",
      "x-forwarded-host": "evil.test",
      "x-forwarded-proto": "https",
      forwarded: "for=203.0.113.1",
      "x-real-ip": "203.0.113.1",
      accept: "text/html",
    };
    const direct = incoming("198.51.100.7", forged);
    resolveForwarding(direct, PROXIES);
    expect(direct.headers).toEqual({ "x-forwarded-for": "198.51.100.7", accept: "text/html" });

    const proxied = incoming("10.0.0.1", forged);
    resolveForwarding(proxied, PROXIES);
    expect(proxied.headers).toMatchObject({
      "x-forwarded-for": "203.0.113.1",
      "x-forwarded-host": "evil.test",
      "x-forwarded-proto": "https",
    });
  });
});

describe("the portal's HTTP server", () => {
  it("listens on loopback by default and passes the peer on as X-Forwarded-For", async () => {
    const config = parsePortalConfig({ MESHPLANE_AUTH_SECRET: "x".repeat(40), PORT: "1" });
    const seen: (string | string[] | undefined)[] = [];
    const running = await servePortal(
      {
        request: (request, response) => {
          seen.push(request.headers["x-forwarded-for"]);
          response.end("ok");
          return Promise.resolve();
        },
      },
      { ...config, port: 0 },
    );
    try {
      expect(running.address.address).toBe("127.0.0.1");
      await new Promise<void>((resolve, reject) => {
        httpRequest(
          {
            host: "127.0.0.1",
            port: running.address.port,
            headers: { "x-forwarded-for": "203.0.113.1" },
          },
          (response) => {
            response.resume();
            response.on("end", resolve);
          },
        )
          .on("error", reject)
          .end();
      });
      expect(seen).toEqual(["127.0.0.1"]);
    } finally {
      await running.close();
    }
  });
});
