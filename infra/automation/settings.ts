/**
 * The automation backend's configuration, validated once from the environment: where state and
 * stack secrets live, how the worker runs, and what each stack is configured with. Cloud
 * credentials are not here on purpose: the CLI reads them from the environment it inherits.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { z } from "zod";
import { Environment } from "#contract";

/** The repository root: the Pulumi project (Pulumi.yaml) the CLI and the portal share. */
export const PROJECT_DIR = projectDir();

/**
 * Next's bundler (the portal imports this module) leaves import.meta.dirname undefined; the
 * portal always runs from the repository root (`npm start`, `next start`).
 */
function projectDir(): string {
  const here: unknown = Reflect.get(import.meta, "dirname");
  return typeof here === "string" ? resolve(here, "..", "..") : process.cwd();
}

const DEFAULT_POLICY_PACK = "components/policy/pack";

/** The environment of the stacks the portal creates, and so of the plans it previews. */
const StackEnvironment = Environment.default("dev");

export function stackEnvironment(
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  return StackEnvironment.parse(env.MESHPLANE_ENVIRONMENT);
}

const PositiveInt = z.coerce.number().int().positive();

const RawEnv = z.object({
  MESHPLANE_DATA_DIR: z.string().min(1).default(".data"),
  PULUMI_BACKEND_URL: z.string().min(1).optional(),
  PULUMI_SECRETS_PROVIDER: z.string().min(1).default("passphrase"),
  PULUMI_CONFIG_PASSPHRASE: z.string().optional(),
  PULUMI_CONFIG_PASSPHRASE_FILE: z.string().min(1).optional(),
  MESHPLANE_CATALOG_URL: z.url().optional(),
  MESHPLANE_PUBLIC_URL: z.url().optional(),
  PORT: PositiveInt.default(3000),
  MESHPLANE_PLATFORM_TOKEN: z.string().min(32).optional(),
  MESHPLANE_WAREHOUSE_ROOT: z.string().min(1).optional(),
  MESHPLANE_ORGANIZATION: z.string().min(1).optional(),
  MESHPLANE_ENVIRONMENT: StackEnvironment,
  MESHPLANE_WORKER_CONCURRENCY: PositiveInt.max(32).default(2),
  MESHPLANE_WORKER_LEASE_SECONDS: PositiveInt.default(30),
  // An admin waits on the poll after clicking Deploy: a claim query four times a second is cheap.
  MESHPLANE_WORKER_POLL_MS: PositiveInt.default(250),
  /** Comma-separated policy pack directories; empty for none. */
  MESHPLANE_POLICY_PACKS: z.string().optional(),
});

export interface AutomationSettings {
  projectDir: string;
  dataDir: string;
  backendUrl: string;
  /** `passphrase` or a cloud KMS URL (awskms://, azurekeyvault://, gcpkms://, hashivault://). */
  secretsProvider: string;
  /** Set when the passphrase provider uses a file (generated into the data dir by default). */
  passphraseFile: string | undefined;
  catalogUrl: string;
  platformToken: string | undefined;
  warehouseRoot: string;
  organization: string | undefined;
  /** Environment of stacks the portal creates (`<domain>.<name>.<environment>`). */
  environment: string;
  /** Policy packs enforced on preview and up (default: the mesh pack, components/policy/pack). */
  policyPacks: string[];
  concurrency: number;
  leaseSeconds: number;
  pollMs: number;
}

export class AutomationConfigError extends Error {}

export function automationSettings(
  env: Readonly<Record<string, string | undefined>> = process.env,
): AutomationSettings {
  const parsed = RawEnv.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new AutomationConfigError(`invalid automation configuration:\n${lines.join("\n")}`);
  }
  const raw = parsed.data;
  const dataDir = resolve(PROJECT_DIR, raw.MESHPLANE_DATA_DIR);
  const passphrase = raw.PULUMI_SECRETS_PROVIDER === "passphrase";
  return {
    projectDir: PROJECT_DIR,
    dataDir,
    backendUrl: raw.PULUMI_BACKEND_URL ?? `file://${join(dataDir, "pulumi-state")}`,
    secretsProvider: raw.PULUMI_SECRETS_PROVIDER,
    passphraseFile:
      passphrase && raw.PULUMI_CONFIG_PASSPHRASE === undefined
        ? resolve(
            // Run-time paths, not modules: Next's file tracing must not follow them.
            /*turbopackIgnore: true*/ raw.PULUMI_CONFIG_PASSPHRASE_FILE ??
              join(dataDir, "pulumi-passphrase"),
          )
        : undefined,
    catalogUrl: (
      raw.MESHPLANE_CATALOG_URL ??
      raw.MESHPLANE_PUBLIC_URL ??
      `http://localhost:${raw.PORT}`
    ).replace(/\/$/, ""),
    platformToken: raw.MESHPLANE_PLATFORM_TOKEN,
    warehouseRoot: resolve(
      /*turbopackIgnore: true*/ raw.MESHPLANE_WAREHOUSE_ROOT ?? join(dataDir, "warehouse"),
    ),
    organization: raw.MESHPLANE_ORGANIZATION,
    environment: raw.MESHPLANE_ENVIRONMENT,
    policyPacks: (raw.MESHPLANE_POLICY_PACKS ?? DEFAULT_POLICY_PACK)
      .split(",")
      .map((pack) => pack.trim())
      .filter((pack) => pack !== "")
      .map((pack) => resolve(PROJECT_DIR, pack)),
    concurrency: raw.MESHPLANE_WORKER_CONCURRENCY,
    leaseSeconds: raw.MESHPLANE_WORKER_LEASE_SECONDS,
    pollMs: raw.MESHPLANE_WORKER_POLL_MS,
  };
}

/**
 * The passphrase of the stacks' secrets, generated once (mode 0600) and never written anywhere
 * else: not into the repository, the database or a log. Losing it makes the stacks' secrets
 * unreadable, so it is never regenerated over an existing file.
 */
export function ensurePassphraseFile(file: string): void {
  if (existsSync(file)) {
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    if (readFileSync(file, "utf8").trim() === "")
      throw new AutomationConfigError(`the passphrase file ${file} is empty`);
    return;
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${randomBytes(32).toString("base64url")}\n`, { mode: 0o600, flag: "wx" });
}

/** What the CLI needs in its environment besides the inherited one (credentials included). */
export function cliEnvironment(
  settings: Pick<AutomationSettings, "backendUrl" | "passphraseFile">,
): Record<string, string> {
  return {
    PULUMI_BACKEND_URL: settings.backendUrl,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
    ...(settings.passphraseFile === undefined
      ? {}
      : { PULUMI_CONFIG_PASSPHRASE_FILE: settings.passphraseFile }),
  };
}
