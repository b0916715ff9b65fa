import type { NextConfig } from "next";

/**
 * On every response (pages add their nonce-based policy and HSTS in proxy.ts,
 * shared/security-headers.ts). Referrer only to the portal itself: paths name products and
 * requests. X-Frame-Options for browsers that predate frame-ancestors.
 */
const SECURITY_HEADERS = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
];

/** The API and Better Auth answer data, never documents: nothing in them may run, load or frame. */
const DATA_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

const config: NextConfig = {
  // Native, WASM and Pulumi packages load from node_modules at run time instead of being bundled.
  serverExternalPackages: [
    "@pulumi/pulumi",
    "@pulumi/aws",
    "@pulumi/azure-native",
    "@pulumi/gcp",
    "@pulumi/policy",
    "@google-cloud/storage",
    "@prisma/client",
    "@prisma/adapter-pg",
    "@electric-sql/pglite",
    "@electric-sql/pglite-socket",
    "pg",
  ],
  poweredByHeader: false,
  headers: () =>
    Promise.resolve([
      { source: "/:path*", headers: SECURITY_HEADERS },
      {
        source: "/api/:path*",
        headers: [{ key: "Content-Security-Policy", value: DATA_CONTENT_SECURITY_POLICY }],
      },
    ]),
  typescript: {
    // `tsc -p .` at the repository root is the type gate (same strict config); skip the rerun.
    ignoreBuildErrors: true,
  },
  turbopack: {
    // One package: node_modules and the shared contract live one level up.
    root: new URL("..", import.meta.url).pathname,
  },
};

export default config;
