import "server-only";
/**
 * Which URLs a webhook may post to, and posting to them. Members choose webhook URLs, and the
 * portal posts from inside the network: without this a URL could reach the portal's own loopback
 * services, the private network or a cloud metadata endpoint (SSRF). A target must resolve only to
 * public unicast addresses, unless MESHPLANE_WEBHOOK_ALLOWED_HOSTS names its host or covers its
 * address (on-premises receivers). The check runs when a webhook is created and again at every
 * delivery after DNS resolution, and the delivery connects to exactly the address that was
 * checked (a pinned `lookup`), so a name that re-resolves elsewhere (DNS rebinding) changes
 * nothing. Redirects are never followed. Addresses are parsed by node:net and WHATWG URL
 * normalisation (decimal `2130706433`, short `127.1`, octal and hex forms all become dotted quads),
 * never matched as text.
 */
import { lookup as dnsLookup } from "node:dns/promises";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { BlockList, isIP, type LookupFunction } from "node:net";
import { addressRanges, portalConfig } from "#config";

/** Everything that is not public unicast address space, IPv4 and IPv6. */
const NON_PUBLIC: readonly (readonly [string, number, "ipv4" | "ipv6"])[] = [
  ["0.0.0.0", 8, "ipv4"], // "this network"
  ["10.0.0.0", 8, "ipv4"], // private
  ["100.64.0.0", 10, "ipv4"], // carrier-grade NAT
  ["127.0.0.0", 8, "ipv4"], // loopback
  ["169.254.0.0", 16, "ipv4"], // link-local, cloud metadata (169.254.169.254)
  ["172.16.0.0", 12, "ipv4"], // private
  ["192.0.0.0", 24, "ipv4"], // IETF protocol assignments
  ["192.0.2.0", 24, "ipv4"], // documentation
  ["192.88.99.0", 24, "ipv4"], // 6to4 relay anycast
  ["192.168.0.0", 16, "ipv4"], // private
  ["198.18.0.0", 15, "ipv4"], // benchmarking
  ["198.51.100.0", 24, "ipv4"], // documentation
  ["203.0.113.0", 24, "ipv4"], // documentation
  ["224.0.0.0", 4, "ipv4"], // multicast
  ["240.0.0.0", 4, "ipv4"], // reserved, broadcast
  ["::", 128, "ipv6"], // unspecified
  ["::1", 128, "ipv6"], // loopback
  ["::", 96, "ipv6"], // IPv4-compatible (deprecated)
  ["::ffff:0:0", 96, "ipv6"], // IPv4-mapped
  ["64:ff9b::", 96, "ipv6"], // NAT64: reaches IPv4 addresses through a translator
  ["64:ff9b:1::", 48, "ipv6"], // local-use NAT64
  ["100::", 64, "ipv6"], // discard
  ["2001::", 32, "ipv6"], // Teredo
  ["2001:db8::", 32, "ipv6"], // documentation
  ["2002::", 16, "ipv6"], // 6to4: embeds an IPv4 address
  ["fc00::", 7, "ipv6"], // unique local
  ["fe80::", 10, "ipv6"], // link-local
  ["fec0::", 10, "ipv6"], // site-local (deprecated)
  ["ff00::", 8, "ipv6"], // multicast
];

/**
 * One list per family: a BlockList checks IPv4 addresses against IPv6 rules as IPv4-mapped
 * addresses, which the ::ffff:0:0/96 rule would refuse wholesale.
 */
const nonPublic = { ipv4: new BlockList(), ipv6: new BlockList() };
for (const [address, bits, family] of NON_PUBLIC)
  nonPublic[family].addSubnet(address, bits, family);

/** Resolves a host name to every address it has (tests inject their own). */
export type Resolve = (hostname: string) => Promise<string[]>;

const RESOLVE_TIMEOUT_MS = 5_000;

/** The system's resolver (hosts file included, as a connection would use), bounded in time. */
const systemResolve: Resolve = async (hostname) => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error("DNS timeout"));
    }, RESOLVE_TIMEOUT_MS);
  });
  try {
    const entries = await Promise.race([
      dnsLookup(hostname, { all: true, order: "verbatim" }),
      timeout,
    ]);
    return entries.map((entry) => entry.address);
  } finally {
    clearTimeout(timer);
  }
};

let resolver: Resolve = systemResolve;

/** Tests answer DNS themselves (a name that resolves to loopback); undefined restores the system's. */
export function setResolverForTests(resolve: Resolve | undefined): void {
  resolver = resolve ?? systemResolve;
}

/** A literal address as node:net knows it (URL hostnames keep IPv6 in brackets). */
function bareHost(hostname: string): string {
  return hostname.replace(/^\[(.*)\]$/, "$1").toLowerCase();
}

/** Whether `address` (an IP literal) is public unicast space. Non-addresses are not. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  const kind = family === 4 ? "ipv4" : "ipv6";
  return !nonPublic[kind].check(address, kind);
}

/** The on-premises exceptions: host names (exact, case-insensitive) and address ranges. */
export interface AllowList {
  names: ReadonlySet<string>;
  ranges: BlockList;
}

/** MESHPLANE_WEBHOOK_ALLOWED_HOSTS's entries (validated by the configuration) as an allow list. */
export function allowListOf(entries: readonly string[]): AllowList {
  const names = new Set<string>();
  const ranges: string[] = [];
  for (const entry of entries) {
    if (isIP(entry.split("/")[0] ?? "") === 0) names.add(entry.toLowerCase().replace(/\.$/, ""));
    else ranges.push(entry);
  }
  return { names, ranges: addressRanges(ranges) };
}

function addressAllowed(address: string, allow: AllowList): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return isPublicAddress(address) || allow.ranges.check(address, family === 4 ? "ipv4" : "ipv6");
}

export type TargetCheck =
  | { ok: true; url: URL; address: string; family: 4 | 6 }
  | { ok: false; reason: string; unresolved?: true };

/** Why a target is refused, as shown to members: says what rule, never what is behind it. */
const NOT_PUBLIC = "the target is not a public address (see MESHPLANE_WEBHOOK_ALLOWED_HOSTS)";

/**
 * Whether `rawUrl` may be posted to, and the one address to connect to: an http(s) URL whose host
 * is an allowed literal address, or a name every resolved address of which is allowed (any one
 * refused address refuses the target: a resolver may hand out either).
 */
export async function checkWebhookTarget(
  rawUrl: string,
  allow: AllowList = allowListOf(portalConfig().webhookAllowedHosts),
  resolve: Resolve = resolver,
): Promise<TargetCheck> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return { ok: false, reason: "not a URL" };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    return { ok: false, reason: "must be an http(s) URL" };
  if (url.username !== "" || url.password !== "")
    return { ok: false, reason: "must not carry credentials" };
  const host = bareHost(url.hostname);
  const literal = isIP(host);
  if (literal !== 0) {
    return addressAllowed(host, allow)
      ? { ok: true, url, address: host, family: literal === 4 ? 4 : 6 }
      : { ok: false, reason: NOT_PUBLIC };
  }
  let addresses: string[];
  try {
    addresses = await resolve(host);
  } catch {
    return { ok: false, reason: "the host name does not resolve", unresolved: true };
  }
  const first = addresses[0];
  if (first === undefined)
    return { ok: false, reason: "the host name does not resolve", unresolved: true };
  const named = allow.names.has(host.replace(/\.$/, ""));
  if (!named && !addresses.every((address) => addressAllowed(address, allow)))
    return { ok: false, reason: NOT_PUBLIC };
  return { ok: true, url, address: first, family: isIP(first) === 6 ? 6 : 4 };
}

/** A `lookup` that answers every name with the checked address: what is connected is what was checked. */
function pinnedLookup(address: string, family: 4 | 6): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all === true) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
}

export interface PostResult {
  ok: boolean;
  statusCode: number | null;
  /** For the delivery log members see: the status or a kind of failure, no internal detail. */
  error: string | null;
}

export interface PostOptions {
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  /** Skips the address rules: the operator's own global webhook (MESHPLANE_SLA_WEBHOOK_URL). */
  trusted?: boolean;
  /** Default: MESHPLANE_WEBHOOK_ALLOWED_HOSTS. */
  allow?: AllowList;
}

/**
 * POSTs `body` to the webhook at `rawUrl` after checking it; a 2xx is a delivery, anything else
 * (a redirect included: never followed) a failure.
 */
export async function postToWebhook(rawUrl: string, options: PostOptions): Promise<PostResult> {
  const target =
    options.trusted === true
      ? trustedTarget(rawUrl)
      : await checkWebhookTarget(rawUrl, options.allow);
  if (!target.ok) return { ok: false, statusCode: null, error: `refused: ${target.reason}` };
  return new Promise((resolve) => {
    const send = target.url.protocol === "https:" ? httpsRequest : httpRequest;
    const request = send(
      target.url,
      {
        method: "POST",
        headers: { ...options.headers, "content-length": Buffer.byteLength(options.body) },
        ...(target.address === "" ? {} : { lookup: pinnedLookup(target.address, target.family) }),
        timeout: options.timeoutMs,
        signal: AbortSignal.timeout(options.timeoutMs),
      },
      (response: IncomingMessage) => {
        response.resume();
        const status = response.statusCode ?? 0;
        const ok = status >= 200 && status < 300;
        const redirect = status >= 300 && status < 400;
        resolve({
          ok,
          statusCode: status,
          error: ok
            ? null
            : redirect
              ? `HTTP ${status} (redirects are not followed)`
              : `HTTP ${status}`,
        });
      },
    );
    request.on("timeout", () => request.destroy(new Error("timeout")));
    request.on("error", (error: NodeJS.ErrnoException) => {
      resolve({ ok: false, statusCode: null, error: failureKind(error) });
    });
    request.end(options.body);
  });
}

/** The operator's URL: any address, still no redirects; resolved by the system at connect time. */
function trustedTarget(rawUrl: string): TargetCheck {
  try {
    return { ok: true, url: new URL(rawUrl), address: "", family: 4 };
  } catch {
    return { ok: false, reason: "not a URL" };
  }
}

/** A connection failure in words that say nothing about the network behind the portal. */
function failureKind(error: NodeJS.ErrnoException): string {
  if (error.name === "AbortError" || error.name === "TimeoutError" || error.message === "timeout")
    return "timed out";
  if (error.code === "ENOTFOUND" || error.code === "EAI_AGAIN")
    return "the host name does not resolve";
  if (typeof error.code === "string" && error.code.startsWith("ERR_TLS")) return "TLS failed";
  if (error.code?.includes("CERT") === true) return "TLS failed";
  return "connection failed";
}
