/**
 * Next.js Proxy (the file convention that replaced middleware in Next 16), run before every page:
 * a fresh nonce per response for the Content-Security-Policy (shared/security-headers.ts). The
 * policy goes on the request, where Next reads the nonce and puts it on the scripts and styles it
 * renders, and on the response, where the browser enforces it; HSTS joins it on https.
 *
 * Not for /api (next.config.ts gives it the data policy): a proxy makes Next buffer request
 * bodies for it, which the API's own body handling should not inherit. Not for static files or
 * prefetches either (as the Next.js CSP guide advises); those are not documents.
 */
import { randomBytes } from "node:crypto";
import { NextResponse, type NextRequest } from "next/server";
import { portalConfig } from "#config";
import { pageContentSecurityPolicy, STRICT_TRANSPORT_SECURITY } from "./shared/security-headers";

export function proxy(request: NextRequest): NextResponse {
  const https = portalConfig().publicUrl.startsWith("https://");
  const policy = pageContentSecurityPolicy({
    nonce: randomBytes(16).toString("base64"),
    development: process.env.NODE_ENV === "development",
    https,
  });
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", policy);
  if (https) response.headers.set("strict-transport-security", STRICT_TRANSPORT_SECURITY);
  return response;
}

export const config = {
  matcher: [
    {
      source: "/((?!api/|_next/static/|_next/image|favicon.ico).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
