/**
 * The Python virtualenv of third-party clients (tools/python/venv.sh): found through
 * MESHPLANE_PYTHON_VENV (set by .ci/run) or the cache the script builds. Tests that need it skip
 * with a message when it is absent, except in CI, where a skipped third-party test would hide
 * that it never ran: there they fail.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

const VENV_SCRIPT = join(import.meta.dirname, "..", "..", "tools", "python", "venv.sh");

export const PYTHON_VENV_MISSING =
  "the Python clients' virtualenv is missing: run `bash tools/python/venv.sh` (about a minute the first time)";

/** The venv's bin directory, or undefined when there is none for the current requirements. */
export function pythonVenvBin(): string | undefined {
  const fromEnv = process.env.MESHPLANE_PYTHON_VENV;
  if (fromEnv !== undefined && fromEnv !== "") {
    const bin = join(fromEnv, "bin");
    return existsSync(bin) ? bin : undefined;
  }
  const check = spawnSync("bash", [VENV_SCRIPT, "--check"], { encoding: "utf8" });
  if (check.status !== 0) return undefined;
  return check.stdout.trim().split("\n").at(-1);
}

/**
 * For `describe.skipIf(pythonVenvMissing("…"))`: true (skip, saying why) when the venv is absent
 * outside CI; throws in CI.
 */
export function pythonVenvMissing(suite: string): boolean {
  if (pythonVenvBin() !== undefined) return false;
  if (process.env.CI === "true") throw new Error(`${suite}: ${PYTHON_VENV_MISSING}`);
  console.warn(`${suite} skipped: ${PYTHON_VENV_MISSING}`);
  return true;
}

export interface ToolRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a tool of the venv, bounded in time (the run fails with status null on timeout). */
export function runPythonTool(tool: string, args: readonly string[], timeoutMs = 60_000): ToolRun {
  const bin = pythonVenvBin();
  if (bin === undefined) throw new Error(PYTHON_VENV_MISSING);
  const result = spawnSync(join(bin, tool), args, {
    encoding: "utf8",
    timeout: timeoutMs,
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * `runPythonTool` without blocking the event loop: for tools that call a server running in this
 * very process (schemathesis against the API, pyiceberg against the Iceberg catalog's handlers).
 * Killed on timeout (status null).
 */
export function runPythonToolAsync(
  tool: string,
  args: readonly string[],
  timeoutMs = 60_000,
  cwd?: string,
): Promise<ToolRun> {
  const bin = pythonVenvBin();
  if (bin === undefined) return Promise.reject(new Error(PYTHON_VENV_MISSING));
  return new Promise((resolve, reject) => {
    const child = spawn(join(bin, tool), args, {
      env: { ...process.env, NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
      timeout: timeoutMs,
      ...(cwd === undefined ? {} : { cwd }),
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.once("error", reject);
    child.once("close", (status) => {
      resolve({ status, stdout, stderr });
    });
  });
}
