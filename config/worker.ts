/**
 * The deployment worker's view of the configuration: the base (base.ts) plus where Pulumi state
 * and stack secrets live, how the worker runs and what each stack is configured with. Cloud
 * credentials are not here on purpose: the CLI reads them from the environment it inherits.
 */
import { join, resolve } from "node:path";
import { z } from "zod";
import {
  BaseEnv,
  baseConfig,
  parseEnv,
  withoutTrailingSlash,
  type BaseConfig,
  type EnvSource,
} from "./base";

const DEFAULT_POLICY_PACK = "components/policy/pack";
/** MESHPLANE_POLICY_PACKS=none: no policy pack (an empty value is unset, like every variable). */
const NO_POLICY_PACKS = "none";

const PositiveInt = z.coerce.number().int().positive();

const WorkerEnv = BaseEnv.extend({
  PULUMI_BACKEND_URL: z.string().optional(),
  PULUMI_SECRETS_PROVIDER: z.string().default("passphrase"),
  PULUMI_CONFIG_PASSPHRASE: z.string().optional(),
  PULUMI_CONFIG_PASSPHRASE_FILE: z.string().optional(),
  MESHPLANE_CATALOG_URL: z.url().optional(),
  MESHPLANE_WAREHOUSE_ROOT: z.string().optional(),
  MESHPLANE_ORGANIZATION: z.string().optional(),
  MESHPLANE_WORKER_CONCURRENCY: PositiveInt.max(32).default(2),
  MESHPLANE_WORKER_LEASE_SECONDS: PositiveInt.default(30),
  // An admin waits on the poll after clicking Deploy: a claim query four times a second is cheap.
  MESHPLANE_WORKER_POLL_MS: PositiveInt.default(250),
  /** Comma-separated policy pack directories, or `none`. */
  MESHPLANE_POLICY_PACKS: z.string().default(DEFAULT_POLICY_PACK),
});
type WorkerEnv = z.infer<typeof WorkerEnv>;

export interface WorkerConfig extends BaseConfig {
  backendUrl: string;
  /** `passphrase` or a cloud KMS URL (awskms://, azurekeyvault://, gcpkms://, hashivault://). */
  secretsProvider: string;
  /** Set when the passphrase provider uses a file (generated into the data dir by default). */
  passphraseFile: string | undefined;
  /** The portal the stacks' catalog entries register in (default: the public URL). */
  catalogUrl: string;
  warehouseRoot: string;
  organization: string | undefined;
  /** Policy packs enforced on preview and up (default: the mesh pack, components/policy/pack). */
  policyPacks: string[];
  concurrency: number;
  leaseSeconds: number;
  pollMs: number;
}

export function parseWorkerConfig(source: EnvSource): WorkerConfig {
  const raw = parseEnv(WorkerEnv, source, "worker configuration");
  const base = baseConfig(raw);
  return {
    ...base,
    backendUrl: raw.PULUMI_BACKEND_URL ?? `file://${join(base.dataDir, "pulumi-state")}`,
    secretsProvider: raw.PULUMI_SECRETS_PROVIDER,
    passphraseFile: passphraseFile(raw, base.dataDir),
    catalogUrl: withoutTrailingSlash(raw.MESHPLANE_CATALOG_URL ?? base.publicUrl),
    warehouseRoot: resolve(
      /*turbopackIgnore: true*/ raw.MESHPLANE_WAREHOUSE_ROOT ?? join(base.dataDir, "warehouse"),
    ),
    organization: raw.MESHPLANE_ORGANIZATION,
    policyPacks: policyPacks(raw.MESHPLANE_POLICY_PACKS, base.projectDir),
    concurrency: raw.MESHPLANE_WORKER_CONCURRENCY,
    leaseSeconds: raw.MESHPLANE_WORKER_LEASE_SECONDS,
    pollMs: raw.MESHPLANE_WORKER_POLL_MS,
  };
}

function passphraseFile(raw: WorkerEnv, dataDir: string): string | undefined {
  if (raw.PULUMI_SECRETS_PROVIDER !== "passphrase" || raw.PULUMI_CONFIG_PASSPHRASE !== undefined)
    return undefined;
  // Run-time paths, not modules: Next's file tracing must not follow them.
  return resolve(
    /*turbopackIgnore: true*/ raw.PULUMI_CONFIG_PASSPHRASE_FILE ??
      join(dataDir, "pulumi-passphrase"),
  );
}

function policyPacks(value: string, projectDir: string): string[] {
  if (value.trim() === NO_POLICY_PACKS) return [];
  return value
    .split(",")
    .map((pack) => pack.trim())
    .filter((pack) => pack !== "")
    .map((pack) => resolve(projectDir, pack));
}
