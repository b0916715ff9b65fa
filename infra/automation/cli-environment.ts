/**
 * What the Pulumi CLI needs besides the environment it inherits (credentials included): the
 * state backend and the stacks' secrets passphrase, generated once into the data directory; and
 * whether the CLI is there at all.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { ConfigError, type WorkerConfig } from "#config";

/**
 * The passphrase of the stacks' secrets, generated once (mode 0600) and never written anywhere
 * else: not into the repository, the database or a log. Losing it makes the stacks' secrets
 * unreadable, so it is never regenerated over an existing file.
 */
export function ensurePassphraseFile(file: string): void {
  if (existsSync(file)) {
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    if (readFileSync(file, "utf8").trim() === "")
      throw new ConfigError(`the passphrase file ${file} is empty`);
    return;
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${randomBytes(32).toString("base64url")}\n`, { mode: 0o600, flag: "wx" });
}

/** What the CLI needs in its environment besides the inherited one (credentials included). */
export function cliEnvironment(
  settings: Pick<WorkerConfig, "backendUrl" | "passphraseFile">,
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

/**
 * The version of the Pulumi CLI on `PATH` (of `env`), or undefined when `pulumi` or its Node.js
 * language host is missing: both are needed to run the program (tools/pulumi-cli/README.md).
 */
export function pulumiCliVersion(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const cli = spawnSync("pulumi", ["version"], { encoding: "utf8", env });
  // The language host is a server (it would wait if run): only look it up.
  const host = spawnSync("sh", ["-c", "command -v pulumi-language-nodejs"], {
    encoding: "utf8",
    env,
  });
  if (cli.status !== 0 || host.status !== 0) return undefined;
  return cli.stdout.trim();
}
