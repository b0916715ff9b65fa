/** Whether the Pulumi CLI the automation tests and deploy journeys run is on PATH. */
import { spawnSync } from "node:child_process";

/** The CLI's version, or undefined when `pulumi` or its Node.js language host is missing. */
export function pulumiCliVersion(): string | undefined {
  const result = spawnSync("pulumi", ["version"], { encoding: "utf8" });
  // The language host is a server (it would wait if run): only look it up.
  const host = spawnSync("sh", ["-c", "command -v pulumi-language-nodejs"], { encoding: "utf8" });
  if (result.status !== 0 || host.status !== 0) return undefined;
  return result.stdout.trim();
}

export const PULUMI_CLI_MISSING =
  "the Pulumi CLI (pulumi and pulumi-language-nodejs) is not on PATH: " +
  'run PATH="$(tools/pulumi-cli/build.sh | tail -1):$PATH" first';
