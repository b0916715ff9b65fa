/**
 * What every Meshplane process reads from its environment, and the rules that hold for every
 * variable: an empty value is an unset one (`FOO=` is as good as no FOO), a bad value fails naming
 * the variable, and relative directories are taken from the project directory. The portal's and
 * the worker's views (portal.ts, worker.ts) extend this base. Node-only (paths, files), free of
 * "server-only" so that command-line tools validate the configuration before starting anything.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { z } from "zod";
import { Environment } from "#contract";

export type EnvSource = Readonly<Record<string, string | undefined>>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

export const Secret = z
  .string()
  .min(32, "must be at least 32 characters (e.g. `openssl rand -hex 32`)");

export const BaseEnv = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL")
    .optional(),
  MESHPLANE_PROJECT_DIR: z.string().optional(),
  MESHPLANE_DATA_DIR: z.string().default(".data"),
  PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
  MESHPLANE_PUBLIC_URL: z.url().optional(),
  MESHPLANE_PLATFORM_TOKEN: Secret.optional(),
  /** The environment of the stacks the portal creates, and so of the plans it previews. */
  MESHPLANE_ENVIRONMENT: Environment.default("dev"),
  /** Reach Azure products' ADLS containers with this (Azurite in tests) instead of Entra ID. */
  MESHPLANE_AZURE_STORAGE_CONNECTION_STRING: z.string().optional(),
});
type BaseEnv = z.infer<typeof BaseEnv>;

export interface BaseConfig {
  databaseUrl: string | undefined;
  /** The repository root: the Pulumi project (Pulumi.yaml) the CLI, the worker and previews use. */
  projectDir: string;
  /** Generated secrets, the embedded database, Pulumi state of the file backend. */
  dataDir: string;
  port: number;
  /** Where people and the stacks' catalog entries reach the portal, without a trailing slash. */
  publicUrl: string;
  /** What the stacks' catalog entries present to the portal (a stack secret). */
  platformToken: string | undefined;
  /** Environment of the stacks the portal creates (`<domain>.<name>.<environment>`). */
  environment: string;
  /** Azure Storage connection string for the catalog's metadata files; unset: DefaultAzureCredential. */
  azureStorageConnectionString: string | undefined;
}

/**
 * Parses `source` with `schema` after dropping empty values: the one rule for every variable.
 * Throws a ConfigError listing each bad variable.
 */
export function parseEnv<S extends z.ZodType>(schema: S, source: EnvSource, what: string) {
  const set = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const parsed = schema.safeParse(set);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`invalid ${what}:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

/** The base alone, for processes that need nothing more (the database CLI). */
export function parseBaseConfig(source: EnvSource): BaseConfig {
  return baseConfig(parseEnv(BaseEnv, source, "configuration"));
}

export function baseConfig(raw: BaseEnv): BaseConfig {
  const project = projectDir(raw.MESHPLANE_PROJECT_DIR);
  return {
    databaseUrl: raw.DATABASE_URL,
    projectDir: project,
    dataDir: resolve(project, raw.MESHPLANE_DATA_DIR),
    port: raw.PORT,
    publicUrl: withoutTrailingSlash(raw.MESHPLANE_PUBLIC_URL ?? `http://localhost:${raw.PORT}`),
    platformToken: raw.MESHPLANE_PLATFORM_TOKEN,
    environment: raw.MESHPLANE_ENVIRONMENT,
    azureStorageConnectionString: raw.MESHPLANE_AZURE_STORAGE_CONNECTION_STRING,
  };
}

export function withoutTrailingSlash(url: string): string {
  return url.replace(/\/$/, "");
}

/** What marks the project directory: the Pulumi project the worker and the previews run. */
const PROJECT_FILE = "Pulumi.yaml";

/**
 * MESHPLANE_PROJECT_DIR when set (it must hold Pulumi.yaml), else this checkout. Next's bundler
 * leaves import.meta.dirname undefined; the portal then runs from the repository root
 * (`npm start`, `next start`), its working directory.
 */
export function projectDir(configured?: string): string {
  if (configured !== undefined) {
    const dir = resolve(configured);
    if (!existsSync(join(dir, PROJECT_FILE)))
      throw new ConfigError(
        `MESHPLANE_PROJECT_DIR (${dir}) has no ${PROJECT_FILE}: point it at the repository root`,
      );
    return dir;
  }
  const here: unknown = Reflect.get(import.meta, "dirname");
  return typeof here === "string" ? resolve(here, "..") : process.cwd();
}
