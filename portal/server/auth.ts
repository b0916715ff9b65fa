import "server-only";
/**
 * Sign-in: Better Auth on the portal's Prisma client. Local email/password sign-in is for the
 * embedded default (seeded users) and is off in production unless MESHPLANE_LOCAL_SIGNIN=true;
 * Entra ID, Okta, Google and GitHub are enabled by their MESHPLANE_OIDC_* variables.
 *
 * Guessing is slowed twice: Better Auth's rate limit per client address (sign-in: 3 per 10 s),
 * always on, and a back-off per account whatever the address (sign-in-backoff.ts). The address,
 * for the limit and for session IPs, is X-Forwarded-For as the portal's own server resolved it
 * from the connection (portal/bootstrap/client-address.ts); in a process without that server
 * (a bare `next start`) no header is believed and all clients share one bucket.
 */
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { nextCookies } from "better-auth/next-js";
import {
  genericOAuth,
  microsoftEntraId,
  okta,
  type GenericOAuthConfig,
} from "better-auth/plugins/generic-oauth";
import { portalConfig, type OidcProvider, type PortalConfig } from "#config";
import { forwardingIsResolved } from "../bootstrap/client-address";
import { db } from "./db";
import { signInBackoff } from "./sign-in-backoff";

export const SESSION_COOKIE_PREFIX = "meshplane";
const SESSION_DAYS = 7;

function genericProviders(providers: readonly OidcProvider[]): GenericOAuthConfig[] {
  return providers.flatMap((provider): GenericOAuthConfig[] => {
    const credentials = { clientId: provider.clientId, clientSecret: provider.clientSecret };
    if (provider.id === "entra" && provider.authority !== undefined) {
      return [microsoftEntraId({ ...credentials, tenantId: provider.authority })];
    }
    if (provider.id === "okta" && provider.authority !== undefined) {
      return [okta({ ...credentials, issuer: provider.authority })];
    }
    return [];
  });
}

function socialProviders(providers: readonly OidcProvider[]) {
  const byId = new Map(providers.map((provider) => [provider.id, provider]));
  const google = byId.get("google");
  const github = byId.get("github");
  return {
    ...(google ? { google: { clientId: google.clientId, clientSecret: google.clientSecret } } : {}),
    ...(github ? { github: { clientId: github.clientId, clientSecret: github.clientSecret } } : {}),
  };
}

function createAuth(env: PortalConfig) {
  return betterAuth({
    appName: "Meshplane",
    baseURL: env.publicUrl,
    basePath: "/api/auth",
    secret: env.authSecret,
    trustedOrigins: [env.publicUrl],
    database: prismaAdapter(db(), { provider: "postgresql", transaction: true }),
    telemetry: { enabled: false },
    emailAndPassword: {
      enabled: env.localSignIn,
      // Accounts come from the seed or from an identity provider, never from a public form.
      disableSignUp: true,
    },
    socialProviders: socialProviders(env.oidcProviders),
    session: { expiresIn: SESSION_DAYS * 24 * 60 * 60, updateAge: 24 * 60 * 60 },
    // Better Auth turns it on only when NODE_ENV=production; `next dev` must not be open to guessing.
    rateLimit: { enabled: true },
    advanced: {
      ipAddress: { ipAddressHeaders: forwardingIsResolved() ? ["x-forwarded-for"] : [] },
      cookiePrefix: SESSION_COOKIE_PREFIX,
      useSecureCookies: env.publicUrl.startsWith("https://"),
      defaultCookieAttributes: { sameSite: "lax", httpOnly: true },
    },
    plugins: [
      signInBackoff(db),
      genericOAuth({ config: genericProviders(env.oidcProviders) }),
      nextCookies(),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;

const holder = globalThis as typeof globalThis & { meshplaneAuth?: Auth };

export function auth(): Auth {
  holder.meshplaneAuth ??= createAuth(portalConfig());
  return holder.meshplaneAuth;
}

export function resetAuthForTests(): void {
  holder.meshplaneAuth = undefined;
}

/** What the sign-in page offers. */
export function signInOptions(): {
  local: boolean;
  providers: { id: string; label: string; generic: boolean }[];
} {
  const env = portalConfig();
  return {
    local: env.localSignIn,
    providers: env.oidcProviders.map((provider) => ({
      id: provider.id === "entra" ? "microsoft-entra-id" : provider.id,
      label: provider.label,
      generic: provider.id === "entra" || provider.id === "okta",
    })),
  };
}
