import "server-only";
import { parseEnv, type PortalEnv } from "./env";

let cached: PortalEnv | undefined;

/** The validated configuration, parsed on first use (not at build time, when env is absent). */
export function portalEnv(): PortalEnv {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Tests point the portal at their own configuration. */
export function setPortalEnvForTests(env: PortalEnv | undefined): void {
  cached = env;
}
