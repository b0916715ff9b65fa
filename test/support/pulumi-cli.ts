/** The Pulumi CLI for tests: whether it is on PATH, and where to find or build it. */
import { spawnSync } from "node:child_process";
import { delimiter, join } from "node:path";
import { pathToFileURL } from "node:url";

export { pulumiCliVersion } from "../../infra/automation/cli-environment";

const REPO = join(import.meta.dirname, "..", "..");

export const PULUMI_CLI_MISSING =
  "the Pulumi CLI (pulumi and pulumi-language-nodejs) is not on PATH: " +
  'run PATH="$(tools/pulumi-cli/build.sh | tail -1):$PATH" first';

/**
 * The CLI's bin dir for tests that run it: "" when `pulumi` is on PATH, else what
 * tools/pulumi-cli/build.sh prints (cached after one build). Undefined (skip, saying why) when
 * neither works, except in CI, where it throws.
 */
export function pulumiCliBin(suite: string): string | undefined {
  const onPath = spawnSync("pulumi", ["version"], { encoding: "utf8" });
  if (onPath.status === 0) return "";
  const build = spawnSync("bash", [join(REPO, "tools/pulumi-cli/build.sh")], {
    encoding: "utf8",
    timeout: 900_000,
  });
  const bin = build.stdout.trim().split("\n").at(-1);
  if (build.status === 0 && bin !== undefined && bin !== "") return bin;
  const message = `the Pulumi CLI is not on PATH and tools/pulumi-cli/build.sh failed: ${build.stderr.trim().split("\n").slice(-3).join(" | ")}`;
  if (process.env.CI === "true") throw new Error(message);
  console.warn(`${suite} skipped: ${message}`);
  return undefined;
}

/**
 * The environment for running the CLI (from `bin`, see pulumiCliBin) on a file backend in `work`,
 * isolated from the user's own Pulumi home.
 */
export function pulumiTestEnv(bin: string | undefined, work: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH:
      bin === "" || bin === undefined
        ? process.env.PATH
        : `${bin}${delimiter}${process.env.PATH ?? ""}`,
    PULUMI_BACKEND_URL: pathToFileURL(join(work, "state")).href,
    PULUMI_CONFIG_PASSPHRASE: "integration-test",
    PULUMI_HOME: join(work, "home"),
    PULUMI_SKIP_UPDATE_CHECK: "true",
  };
}
