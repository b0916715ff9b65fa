/**
 * The worker writes stack configs into the project's stackConfigDir (Pulumi.yaml: .data/stacks in
 * the repository), whatever the data directory. Test runs use an environment of their own, so
 * their stacks never share a name (and a config's encryption salt) with a developer's stacks or
 * an earlier run's, and remove that environment's configs when they end.
 */
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { projectDir } from "#config";

/** Pulumi.yaml's `stackConfigDir`. */
const STACK_CONFIG_DIR = join(projectDir(), ".data", "stacks");

/** A test environment name: unique stacks per run (`<domain>.<name>.<env>`). */
export function uniqueEnvironment(prefix = "t"): string {
  return `${prefix}${randomBytes(4).toString("hex")}`;
}

export function removeStackConfigs(environment: string): void {
  if (!existsSync(STACK_CONFIG_DIR)) return;
  for (const file of readdirSync(STACK_CONFIG_DIR))
    if (file.endsWith(`.${environment}.yaml`)) rmSync(join(STACK_CONFIG_DIR, file));
}
