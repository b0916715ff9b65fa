/**
 * The portal's configuration: every environment variable it reads, validated once with zod.
 * docs/portal.md lists them. Node-only (reads the data dir) but free of "server-only" so that
 * tools/start.ts can validate the configuration before it starts anything.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { z } from "zod";
import { PREVIEW_PROGRAM } from "../../infra/plan/run-preview";

const Flag = z
  .enum(["true", "false", "1", "0"])
  .transform((value) => value === "true" || value === "1");

const Secret = z.string().min(32, "must be at least 32 characters (e.g. `openssl rand -hex 32`)");

const Optional = <T extends z.ZodType<string>>(schema: T) =>
  z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

const RawEnv = z.object({
  DATABASE_URL: Optional(z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL")),
  MESHPLANE_ENV: z.enum(["development", "production"]).optional(),
  MESHPLANE_DATA_DIR: z.string().min(1).default(".data"),
  PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
  MESHPLANE_PUBLIC_URL: Optional(z.url()),
  MESHPLANE_AUTH_SECRET: Optional(Secret),
  MESHPLANE_LOCAL_SIGNIN: Flag.optional(),
  MESHPLANE_PLATFORM_TOKEN: Optional(Secret),
  MESHPLANE_SLA_WEBHOOK_URL: Optional(z.url()),
  MESHPLANE_SLA_WEBHOOK_SECRET: Optional(Secret),
  MESHPLANE_SLA_TICK_SECONDS: z.coerce.number().int().min(0).max(86_400).default(60),
  MESHPLANE_PROBE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(60),
  MESHPLANE_PLAN_PREVIEWS: z.coerce.number().int().min(1).max(32).default(2),
  MESHPLANE_PROJECT_DIR: Optional(z.string().min(1)),
  MESHPLANE_OIDC_ENTRA_TENANT_ID: Optional(z.string()),
  MESHPLANE_OIDC_ENTRA_CLIENT_ID: Optional(z.string()),
  MESHPLANE_OIDC_ENTRA_CLIENT_SECRET: Optional(z.string()),
  MESHPLANE_OIDC_OKTA_ISSUER: Optional(z.url()),
  MESHPLANE_OIDC_OKTA_CLIENT_ID: Optional(z.string()),
  MESHPLANE_OIDC_OKTA_CLIENT_SECRET: Optional(z.string()),
  MESHPLANE_OIDC_GOOGLE_CLIENT_ID: Optional(z.string()),
  MESHPLANE_OIDC_GOOGLE_CLIENT_SECRET: Optional(z.string()),
  MESHPLANE_OIDC_GITHUB_CLIENT_ID: Optional(z.string()),
  MESHPLANE_OIDC_GITHUB_CLIENT_SECRET: Optional(z.string()),
});
type RawEnv = z.infer<typeof RawEnv>;

export const OIDC_PROVIDERS = ["entra", "okta", "google", "github"] as const;
export type OidcProviderId = (typeof OIDC_PROVIDERS)[number];

export interface OidcProvider {
  id: OidcProviderId;
  label: string;
  clientId: string;
  clientSecret: string;
  /** Entra tenant id or Okta issuer URL. */
  authority?: string;
}

export interface PortalEnv {
  mode: "development" | "production";
  databaseUrl: string | undefined;
  dataDir: string;
  port: number;
  publicUrl: string;
  authSecret: string;
  localSignIn: boolean;
  platformToken: string | undefined;
  /** Global SLA breach webhook (docs/lineage.md), signed with `slaWebhookSecret`. */
  slaWebhookUrl: string | undefined;
  slaWebhookSecret: string | undefined;
  /** How often the portal re-evaluates SLAs and sends due webhooks; 0 turns it off. */
  slaTickSeconds: number;
  /** How often the portal probes HTTP inference endpoints; 0 = never. */
  probeSeconds: number;
  /** Plan previews run at once (each a Node process of ~1-2 CPU seconds); the rest wait. */
  planPreviews: number;
  /** The repository root (infra/, node_modules) plan previews run from. */
  projectDir: string;
  oidcProviders: OidcProvider[];
}

export class EnvError extends Error {
  override name = "EnvError";
}

/**
 * Production is the default whenever an external database is configured: a deployment that forgot
 * MESHPLANE_ENV must not fall back to the known dev password. The embedded database is local.
 */
function modeOf(raw: RawEnv): PortalEnv["mode"] {
  return raw.MESHPLANE_ENV ?? (raw.DATABASE_URL === undefined ? "development" : "production");
}

export function parseEnv(source: Record<string, string | undefined>): PortalEnv {
  const parsed = RawEnv.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new EnvError(`invalid configuration:\n${lines.join("\n")}`);
  }
  const raw = parsed.data;
  const mode = modeOf(raw);
  const dataDir = resolve(raw.MESHPLANE_DATA_DIR);
  return {
    mode,
    databaseUrl: raw.DATABASE_URL,
    dataDir,
    port: raw.PORT,
    publicUrl: publicUrl(raw, mode),
    authSecret: authSecret(raw, mode, dataDir),
    localSignIn: raw.MESHPLANE_LOCAL_SIGNIN ?? mode === "development",
    platformToken: raw.MESHPLANE_PLATFORM_TOKEN,
    slaWebhookUrl: raw.MESHPLANE_SLA_WEBHOOK_URL,
    slaWebhookSecret: raw.MESHPLANE_SLA_WEBHOOK_SECRET,
    slaTickSeconds: raw.MESHPLANE_SLA_TICK_SECONDS,
    probeSeconds: raw.MESHPLANE_PROBE_SECONDS,
    planPreviews: raw.MESHPLANE_PLAN_PREVIEWS,
    projectDir: projectDir(raw),
    oidcProviders: oidcProviders(raw),
  };
}

/** Default: the working directory (`npm start` and `next start` run from the repository root). */
function projectDir(raw: RawEnv): string {
  const dir = resolve(raw.MESHPLANE_PROJECT_DIR ?? ".");
  if (raw.MESHPLANE_PROJECT_DIR !== undefined && !existsSync(join(dir, PREVIEW_PROGRAM))) {
    throw new EnvError(
      `MESHPLANE_PROJECT_DIR (${dir}) has no ${PREVIEW_PROGRAM}: point it at the repository root`,
    );
  }
  return dir;
}

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Session cookies are Secure exactly when this URL is https, so production must be served over
 * https; plain http is accepted on a loopback address only (trying a production build locally).
 */
function publicUrl(raw: RawEnv, mode: PortalEnv["mode"]): string {
  const url = (raw.MESHPLANE_PUBLIC_URL ?? `http://localhost:${raw.PORT}`).replace(/\/$/, "");
  const { protocol, hostname } = new URL(url);
  if (mode === "production" && protocol !== "https:" && !LOOPBACK_HOSTS.has(hostname)) {
    throw new EnvError(
      `MESHPLANE_PUBLIC_URL must be an https:// URL in production (got ${url}): session cookies ` +
        "are only marked Secure over https",
    );
  }
  return url;
}

export const AUTH_SECRET_FILE = "auth-secret";

/** In development the secret is generated once and kept in the data dir, so sessions survive. */
function authSecret(raw: RawEnv, mode: PortalEnv["mode"], dataDir: string): string {
  if (raw.MESHPLANE_AUTH_SECRET !== undefined) return raw.MESHPLANE_AUTH_SECRET;
  if (mode === "production") {
    throw new EnvError(
      "MESHPLANE_AUTH_SECRET is required in production (at least 32 characters, e.g. `openssl rand -hex 32`)",
    );
  }
  const file = join(dataDir, AUTH_SECRET_FILE);
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const secret = randomBytes(32).toString("hex");
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

function oidcProviders(raw: RawEnv): OidcProvider[] {
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
      throw new EnvError(
        `${provider.label} sign-in is partly configured: set every MESHPLANE_OIDC_${provider.id.toUpperCase()}_* variable or none`,
      );
    }
    return [{ ...provider, clientId, clientSecret }];
  });
}
