/**
 * The configuration module (`#config`): one base every process reads (base.ts), the portal's view
 * (portal.ts) and the worker's (worker.ts). The portal parses its view once per process, on first
 * use (not at build time, when the environment is absent); the worker and the command-line tools
 * parse theirs once at start.
 */
import { parsePortalConfig, type PortalConfig } from "./portal";

export { ConfigError, parseBaseConfig, projectDir, type BaseConfig, type EnvSource } from "./base";
export { parsePortalConfig, type OidcProvider, type PortalConfig } from "./portal";
export { addressRanges, inRanges, isLoopbackHost, plainAddress } from "./network";
export { ensurePrivateDirectory, generatedSecret, tighten, tightenFile } from "./private-files";
export { parseWorkerConfig, type WorkerConfig } from "./worker";

const holder = globalThis as typeof globalThis & { meshplaneConfig?: PortalConfig };

/** The portal's validated configuration. */
export function portalConfig(): PortalConfig {
  holder.meshplaneConfig ??= parsePortalConfig(process.env);
  return holder.meshplaneConfig;
}

/** Tests point the portal at their own configuration. */
export function setPortalConfigForTests(config: PortalConfig | undefined): void {
  holder.meshplaneConfig = config;
}
