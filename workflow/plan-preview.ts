/**
 * Runs one plan preview in its own Node process (infra/plan/preview-program.ts under tsx, started
 * by its path: the portal never imports Pulumi code) and returns its outcome. Isolated because
 * Pulumi's runtime state is global; bounded by a timeout after which the child is killed and the
 * preview reported as failed.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { PreviewOutcome, type PreviewInput } from "#core/plan-result";

export interface PreviewOptions {
  /** The repository root (where node_modules and infra/ are). */
  projectDir: string;
  timeoutMs?: number;
}

export const DEFAULT_PREVIEW_TIMEOUT_MS = 60_000;

/** The preview process's program, relative to the repository root. */
const PREVIEW_PROGRAM = join("infra", "plan", "preview-program.ts");

/** What a preview needs from the portal's environment: no secrets, no cloud credentials. */
const INHERITED = ["PATH", "HOME", "TMPDIR", "TMP", "TEMP", "LANG", "LC_ALL", "TZ", "NODE_OPTIONS"];

/**
 * The preview runs under mocks and plans with a placeholder token, so it is given none of the
 * portal's secrets (database URL, auth secret, platform token, cloud credentials): its stderr is
 * shown to the request's domain when it fails.
 */
export function previewEnvironment(
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  return Object.fromEntries(
    INHERITED.flatMap((name) => {
      const value = env[name];
      return value === undefined ? [] : [[name, value]];
    }),
  );
}

export function runPreview(input: PreviewInput, options: PreviewOptions): Promise<PreviewOutcome> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_PREVIEW_TIMEOUT_MS;
  return new Promise((resolve) => {
    // spawn rather than fork: Next's bundler tries to resolve a fork() target at build time.
    const entry = join(options.projectDir, PREVIEW_PROGRAM);
    const child = spawn(process.execPath, ["--import", "tsx", entry], {
      cwd: options.projectDir,
      env: { ...previewEnvironment(process.env), NODE_ENV: process.env.NODE_ENV },
      stdio: ["ignore", "ignore", "pipe", "ipc"],
    });
    let stderr = "";
    let settled = false;
    const finish = (outcome: PreviewOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (child.exitCode === null) child.kill("SIGKILL");
      resolve(outcome);
    };
    const timer = setTimeout(() => {
      finish({ ok: false, error: `the plan preview did not finish within ${timeoutMs / 1000} s` });
    }, timeoutMs);
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString("utf8")).slice(-2_000);
    });
    child.on("message", (message: unknown) => {
      const outcome = PreviewOutcome.safeParse(message);
      finish(
        outcome.success
          ? outcome.data
          : {
              ok: false,
              error: `the plan preview sent a malformed result: ${outcome.error.issues
                .slice(0, 3)
                .map((issue) => `${issue.path.join(".")}: ${issue.message}`)
                .join("; ")}`,
            },
      );
    });
    child.on("error", (error) => {
      finish({ ok: false, error: `the plan preview could not start: ${error.message}` });
    });
    child.on("exit", (code, signal) => {
      const detail = stderr.trim() === "" ? "" : `: ${stderr.trim()}`;
      finish({
        ok: false,
        error: `the plan preview exited (${signal ?? `code ${String(code)}`}) without a result${detail}`,
      });
    });
    child.send(input);
  });
}
