/**
 * The Pulumi CLI for `npm start`'s deployment worker, got when it is missing, so the README's first
 * command deploys on a fresh machine too. In order, the first that works:
 *   1. a `pulumi` (with its Node.js language host) already on PATH;
 *   2. tools/pulumi-cli/build.sh's cache (`--cached`: builds nothing);
 *   3. an official install in ~/.pulumi/bin (the official installer's place);
 *   4. the official installer (get.pulumi.com), tried with a short timeout, for the version of
 *      the @pulumi/pulumi package the program uses;
 *   5. tools/pulumi-cli/build.sh: built from source through the Go module proxy (minutes).
 * Every step is reported through `progress`, for the console and the worker status the portal
 * shows platform admins.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, join } from "node:path";
import { createInterface } from "node:readline";
import { messageOf } from "#lib/errors";
import { pulumiCliVersion } from "../../infra/automation/cli-environment";

export interface PulumiCli {
  /** The directory to put first on the worker's PATH; undefined when PATH already has it. */
  dir: string | undefined;
  version: string;
  /** Where it came from, in words. */
  source: string;
}

export interface EnsureCliOptions {
  projectDir: string;
  env?: NodeJS.ProcessEnv;
  /** The official installer's address; `none` skips it. */
  installUrl: string;
  /** How long fetching the installer may take before building from source instead. */
  installTimeoutMs?: number;
  progress: (line: string) => void;
}

export async function ensurePulumiCli(options: EnsureCliOptions): Promise<PulumiCli> {
  const env = options.env ?? process.env;
  const onPath = pulumiCliVersion(env);
  if (onPath !== undefined) return { dir: undefined, version: onPath, source: "PATH" };
  const found = (dir: string | undefined, source: string): PulumiCli | undefined => {
    if (dir === undefined) return undefined;
    const version = pulumiCliVersion(withPath(env, dir));
    return version === undefined ? undefined : { dir, version, source };
  };
  const buildScript = join(options.projectDir, "tools", "pulumi-cli", "build.sh");
  const cached = found(await runScript(buildScript, ["--cached"], env, () => {}), "the cache");
  if (cached !== undefined) return cached;
  const officialDir = join(officialRoot(env), "bin");
  const installed = found(officialDir, "an official install");
  if (installed !== undefined) return installed;

  options.progress("The Pulumi CLI is missing: trying the official installer.");
  const official = await officialInstall(options, env);
  const fromInstaller = found(official, "the official installer");
  if (fromInstaller !== undefined) return fromInstaller;

  options.progress(
    "Building the Pulumi CLI from source (tools/pulumi-cli/build.sh; the first build takes a " +
      "few minutes).",
  );
  const built = found(
    await runScript(buildScript, [], env, (line) => {
      options.progress(line.replace(/^pulumi-cli: /, "Building the Pulumi CLI: "));
    }),
    "a build from source",
  );
  if (built === undefined)
    throw new Error("building the Pulumi CLI failed (tools/pulumi-cli/build.sh, output above)");
  return built;
}

/** Where the official installer puts the CLI by default (`~/.pulumi`). */
function officialRoot(env: NodeJS.ProcessEnv): string {
  return join(env.HOME ?? homedir(), ".pulumi");
}

function withPath(env: NodeJS.ProcessEnv, dir: string): NodeJS.ProcessEnv {
  return { ...env, PATH: `${dir}${delimiter}${env.PATH ?? ""}` };
}

/**
 * Runs the official installer for the program's @pulumi/pulumi version into ~/.pulumi. Returns its
 * bin directory, or undefined (said through `progress`) when the installer cannot be had or fails.
 */
async function officialInstall(
  options: EnsureCliOptions,
  env: NodeJS.ProcessEnv,
): Promise<string | undefined> {
  if (options.installUrl === "none") return undefined;
  let script: string;
  try {
    const response = await fetch(options.installUrl, {
      signal: AbortSignal.timeout(options.installTimeoutMs ?? 10_000),
    });
    if (!response.ok) throw new Error(`HTTP ${String(response.status)}`);
    script = await response.text();
  } catch (error) {
    options.progress(
      `The official installer (${options.installUrl}) cannot be reached: ${messageOf(error)}.`,
    );
    return undefined;
  }
  const version = sdkVersion(options.projectDir);
  const root = officialRoot(env);
  options.progress(`Installing the Pulumi CLI v${version} the official way into ${root}.`);
  const ok = await runScript(
    "sh",
    ["-s", "--", "--version", version, "--install-root", root, "--no-edit-path"],
    env,
    (line) => {
      options.progress(`Official installer: ${line}`);
    },
    script,
  );
  return ok === undefined ? undefined : join(root, "bin");
}

/** The version of the @pulumi/pulumi package the program runs with (its CLI should match). */
function sdkVersion(projectDir: string): string {
  const file = join(projectDir, "node_modules", "@pulumi", "pulumi", "package.json");
  const { version } = JSON.parse(readFileSync(file, "utf8")) as { version: string };
  return version;
}

/**
 * Runs `command`, passing each line of its stderr to `onLine` (and `stdin` in); resolves with the
 * last line of its stdout when it succeeds, else undefined.
 */
function runScript(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  onLine: (line: string) => void,
  stdin?: string,
): Promise<string | undefined> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: ["pipe", "pipe", "pipe"] });
    let last: string | undefined;
    createInterface({ input: child.stdout }).on("line", (line) => {
      if (line.trim() !== "") last = line.trim();
      // The official installer talks on stdout.
      if (stdin !== undefined) onLine(line);
    });
    createInterface({ input: child.stderr }).on("line", onLine);
    child.on("error", () => {
      resolve(undefined);
    });
    child.on("close", (code) => {
      resolve(code === 0 ? last : undefined);
    });
    child.stdin.end(stdin ?? "");
  });
}
