/**
 * The portal's view of the configuration: the base (base.ts) plus sign-in, SLA notifications and
 * plan previews. docs/portal.md lists the variables.
 */
import { join } from "node:path";
import { z } from "zod";
import {
  BaseEnv,
  ConfigError,
  Secret,
  baseConfig,
  parseEnv,
  type BaseConfig,
  type EnvSource,
} from "./base";
import { addressRanges, isLoopbackHost } from "./network";
import { generatedSecret } from "./private-files";

const Flag = z
  .enum(["true", "false", "1", "0"])
  .transform((value) => value === "true" || value === "1");

/** Comma-separated, blanks ignored. */
const List = z.string().transform((value) =>
  value
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== ""),
);

const TrustedProxies = List.superRefine((entries, context) => {
  try {
    addressRanges(entries);
  } catch (error) {
    context.addIssue({ code: "custom", message: (error as Error).message });
  }
});

/** Host names, addresses or CIDR ranges a webhook may reach although they are not public. */
const WebhookAllowedHosts = List.superRefine((entries, context) => {
  for (const entry of entries) {
    if (/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?$/i.test(entry))
      continue;
    try {
      addressRanges([entry]);
    } catch {
      context.addIssue({
        code: "custom",
        message: `"${entry}" is not a host name, an IP address or a CIDR range`,
      });
    }
  }
});

/** A positive byte count. */
const Bytes = z.coerce
  .number()
  .int()
  .min(1024)
  .max(1024 ** 3);

const PortalEnv = BaseEnv.extend({
  MESHPLANE_ENV: z.enum(["development", "production"]).optional(),
  /** Where the portal listens: loopback unless opened on purpose. */
  MESHPLANE_HOST: z.string().default("127.0.0.1"),
  MESHPLANE_DEV_PASSWORD_ON_NETWORK: Flag.optional(),
  MESHPLANE_TRUSTED_PROXIES: TrustedProxies.optional(),
  MESHPLANE_AUTH_SECRET: Secret.optional(),
  MESHPLANE_LOCAL_SIGNIN: Flag.optional(),
  MESHPLANE_FOUR_EYES: Flag.optional(),
  MESHPLANE_SLA_WEBHOOK_URL: z.url().optional(),
  MESHPLANE_SLA_WEBHOOK_SECRET: Secret.optional(),
  MESHPLANE_WEBHOOK_ALLOWED_HOSTS: WebhookAllowedHosts.optional(),
  MESHPLANE_MAX_BODY_BYTES: Bytes.default(1024 * 1024),
  MESHPLANE_SLA_TICK_SECONDS: z.coerce.number().int().min(0).max(86_400).default(60),
  MESHPLANE_PROBE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(60),
  MESHPLANE_PLAN_PREVIEWS: z.coerce.number().int().min(1).max(32).default(2),
  MESHPLANE_PLAN_PREVIEWS_PER_DOMAIN: z.coerce.number().int().min(1).max(1000).default(4),
  MESHPLANE_PULUMI_INSTALL_URL: z
    .union([z.url(), z.literal("none")])
    .default("https://get.pulumi.com"),
  MESHPLANE_OIDC_ENTRA_TENANT_ID: z.string().optional(),
  MESHPLANE_OIDC_ENTRA_CLIENT_ID: z.string().optional(),
  MESHPLANE_OIDC_ENTRA_CLIENT_SECRET: z.string().optional(),
  MESHPLANE_OIDC_OKTA_ISSUER: z.url().optional(),
  MESHPLANE_OIDC_OKTA_CLIENT_ID: z.string().optional(),
  MESHPLANE_OIDC_OKTA_CLIENT_SECRET: z.string().optional(),
  MESHPLANE_OIDC_GOOGLE_CLIENT_ID: z.string().optional(),
  MESHPLANE_OIDC_GOOGLE_CLIENT_SECRET: z.string().optional(),
  MESHPLANE_OIDC_GITHUB_CLIENT_ID: z.string().optional(),
  MESHPLANE_OIDC_GITHUB_CLIENT_SECRET: z.string().optional(),
});
type PortalEnv = z.infer<typeof PortalEnv>;

export type OidcProviderId = "entra" | "okta" | "google" | "github";

export interface OidcProvider {
  id: OidcProviderId;
  label: string;
  clientId: string;
  clientSecret: string;
  /** Entra tenant id or Okta issuer URL. */
  authority?: string;
}

export interface PortalConfig extends BaseConfig {
  mode: "development" | "production";
  /** The address the portal's HTTP server binds to (127.0.0.1 unless MESHPLANE_HOST opens it). */
  host: string;
  /**
   * Addresses or CIDR ranges of the reverse proxies whose X-Forwarded-For the portal believes;
   * empty: the client is the TCP peer, whatever headers it sends.
   */
  trustedProxies: string[];
  authSecret: string;
  localSignIn: boolean;
  /**
   * Whether approving a request takes someone who neither filed nor edited it (portal/server/authz.ts
   * `canTakeAction`). On by default in production; off for one-person development set-ups.
   */
  fourEyes: boolean;
  /** Global SLA breach webhook (docs/lineage.md), signed with `slaWebhookSecret`. */
  slaWebhookUrl: string | undefined;
  slaWebhookSecret: string | undefined;
  /**
   * Host names, addresses and CIDR ranges webhooks may post to although they are not public
   * addresses (on-premises receivers); everything else private, loopback or link-local is refused.
   */
  webhookAllowedHosts: string[];
  /** The largest request body /api/v1 reads, after decompression (413 beyond it). */
  maxBodyBytes: number;
  /** How often the portal re-evaluates SLAs and sends due webhooks; 0 turns it off. */
  slaTickSeconds: number;
  /** How often the portal probes HTTP inference endpoints; 0 = never. */
  probeSeconds: number;
  /** Plan previews run at once (each a Node process of ~1-2 CPU seconds); the rest wait. */
  planPreviews: number;
  /**
   * Previews one domain may have queued or running; more answer 429. Slots go to the domains in
   * turn, so one domain's burst does not delay another's preview.
   */
  planPreviewsPerDomain: number;
  /**
   * `npm start` only: the official Pulumi installer it tries when the CLI is missing (before
   * building it from source); `none` skips it.
   */
  pulumiInstallUrl: string;
  oidcProviders: OidcProvider[];
}

/**
 * Production is the default whenever an external database is configured: a deployment that forgot
 * MESHPLANE_ENV must not fall back to the known dev password. The embedded database is local.
 */
function modeOf(raw: PortalEnv): PortalConfig["mode"] {
  return raw.MESHPLANE_ENV ?? (raw.DATABASE_URL === undefined ? "development" : "production");
}

export function parsePortalConfig(source: EnvSource): PortalConfig {
  const raw = parseEnv(PortalEnv, source, "configuration");
  const base = baseConfig(raw);
  const mode = modeOf(raw);
  const localSignIn = raw.MESHPLANE_LOCAL_SIGNIN ?? mode === "development";
  return {
    ...base,
    mode,
    host: listenHost(raw, mode === "development" && localSignIn),
    trustedProxies: raw.MESHPLANE_TRUSTED_PROXIES ?? [],
    publicUrl: securePublicUrl(base.publicUrl, mode),
    authSecret: authSecret(raw, mode, base.dataDir),
    localSignIn,
    fourEyes: raw.MESHPLANE_FOUR_EYES ?? mode === "production",
    slaWebhookUrl: raw.MESHPLANE_SLA_WEBHOOK_URL,
    slaWebhookSecret: raw.MESHPLANE_SLA_WEBHOOK_SECRET,
    webhookAllowedHosts: raw.MESHPLANE_WEBHOOK_ALLOWED_HOSTS ?? [],
    maxBodyBytes: raw.MESHPLANE_MAX_BODY_BYTES,
    slaTickSeconds: raw.MESHPLANE_SLA_TICK_SECONDS,
    probeSeconds: raw.MESHPLANE_PROBE_SECONDS,
    planPreviews: raw.MESHPLANE_PLAN_PREVIEWS,
    planPreviewsPerDomain: raw.MESHPLANE_PLAN_PREVIEWS_PER_DOMAIN,
    pulumiInstallUrl: raw.MESHPLANE_PULUMI_INSTALL_URL,
    oidcProviders: oidcProviders(raw),
  };
}

/**
 * In development with local sign-in every seeded user has the published development password
 * (tools/start.ts), so serving beyond this machine would let anyone who can reach it sign in as
 * a platform admin. That takes an explicit acknowledgement (a shared demo on a closed network);
 * otherwise turn local sign-in off or run in production mode.
 */
function listenHost(raw: PortalEnv, devPasswords: boolean): string {
  const host = raw.MESHPLANE_HOST;
  if (devPasswords && !isLoopbackHost(host) && raw.MESHPLANE_DEV_PASSWORD_ON_NETWORK !== true) {
    throw new ConfigError(
      `MESHPLANE_HOST=${host} would serve the portal beyond this machine while every seeded user ` +
        "signs in with the published development password: set MESHPLANE_LOCAL_SIGNIN=false or " +
        "MESHPLANE_ENV=production, or MESHPLANE_DEV_PASSWORD_ON_NETWORK=true to accept that",
    );
  }
  return host;
}

/**
 * Session cookies are Secure exactly when this URL is https, so production must be served over
 * https; plain http is accepted on a loopback address only (trying a production build locally).
 */
function securePublicUrl(url: string, mode: PortalConfig["mode"]): string {
  const { protocol, hostname } = new URL(url);
  if (mode === "production" && protocol !== "https:" && !isLoopbackHost(hostname)) {
    throw new ConfigError(
      `MESHPLANE_PUBLIC_URL must be an https:// URL in production (got ${url}): session cookies ` +
        "are only marked Secure over https",
    );
  }
  return url;
}

const AUTH_SECRET_FILE = "auth-secret";

/** In development the secret is generated once and kept in the data dir, so sessions survive. */
function authSecret(raw: PortalEnv, mode: PortalConfig["mode"], dataDir: string): string {
  if (raw.MESHPLANE_AUTH_SECRET !== undefined) return raw.MESHPLANE_AUTH_SECRET;
  if (mode === "production") {
    throw new ConfigError(
      "MESHPLANE_AUTH_SECRET is required in production (at least 32 characters, e.g. `openssl rand -hex 32`)",
    );
  }
  return generatedSecret(join(dataDir, AUTH_SECRET_FILE));
}

function oidcProviders(raw: PortalEnv): OidcProvider[] {
  const candidates: (Omit<OidcProvider, "clientId" | "clientSecret"> & {
    clientId: string | undefined;
    clientSecret: string | undefined;
    needsAuthority: boolean;
  })[] = [
    {
      id: "entra",
      label: "Microsoft Entra ID",
      clientId: raw.MESHPLANE_OIDC_ENTRA_CLIENT_ID,
      clientSecret: raw.MESHPLANE_OIDC_ENTRA_CLIENT_SECRET,
      authority: raw.MESHPLANE_OIDC_ENTRA_TENANT_ID,
      needsAuthority: true,
    },
    {
      id: "okta",
      label: "Okta",
      clientId: raw.MESHPLANE_OIDC_OKTA_CLIENT_ID,
      clientSecret: raw.MESHPLANE_OIDC_OKTA_CLIENT_SECRET,
      authority: raw.MESHPLANE_OIDC_OKTA_ISSUER,
      needsAuthority: true,
    },
    {
      id: "google",
      label: "Google",
      clientId: raw.MESHPLANE_OIDC_GOOGLE_CLIENT_ID,
      clientSecret: raw.MESHPLANE_OIDC_GOOGLE_CLIENT_SECRET,
      needsAuthority: false,
    },
    {
      id: "github",
      label: "GitHub",
      clientId: raw.MESHPLANE_OIDC_GITHUB_CLIENT_ID,
      clientSecret: raw.MESHPLANE_OIDC_GITHUB_CLIENT_SECRET,
      needsAuthority: false,
    },
  ];
  return candidates.flatMap(({ needsAuthority, clientId, clientSecret, ...provider }) => {
    const configured = [clientId, clientSecret, ...(needsAuthority ? [provider.authority] : [])];
    if (configured.every((value) => value === undefined)) return [];
    if (clientId === undefined || clientSecret === undefined || configured.includes(undefined)) {
      throw new ConfigError(
        `${provider.label} sign-in is partly configured: set every MESHPLANE_OIDC_${provider.id.toUpperCase()}_* variable or none`,
      );
    }
    return [{ ...provider, clientId, clientSecret }];
  });
}
