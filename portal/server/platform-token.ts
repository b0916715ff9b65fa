import "server-only";
/**
 * The platform token the Pulumi components present to write the catalog. Kept in the environment
 * (MESHPLANE_PLATFORM_TOKEN), compared in constant time, never logged.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { PlatformPrincipal } from "./authz";

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

/** Hashing first gives equal-length buffers, so the comparison leaks neither content nor length. */
export function tokensMatch(presented: string, expected: string): boolean {
  return timingSafeEqual(digest(presented), digest(expected));
}

export function bearerToken(request: Request): string | undefined {
  const header = request.headers.get("authorization");
  const match = header === null ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

export function platformPrincipal(
  request: Request,
  expected: string | undefined,
): PlatformPrincipal | undefined {
  const presented = bearerToken(request);
  if (presented === undefined || expected === undefined) return undefined;
  return tokensMatch(presented, expected)
    ? { kind: "platform", scopes: new Set(["catalog:write"]) }
    : undefined;
}
