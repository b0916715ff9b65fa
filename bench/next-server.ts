/**
 * The portal as users get it, for the page-speed measure: a `next build` of the committed tree
 * (HEAD, exported with `git archive` into a temporary directory, so other work in progress in this
 * checkout neither breaks nor changes the build) served by `next start` on a benchmark database.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { projectDir } from "#config";

const ROOT = projectDir();

let built: Promise<string> | undefined;

/** Builds once per run; resolves with the snapshot's root. */
export function buildPortal(log: (line: string) => void): Promise<string> {
  built ??= Promise.resolve().then(() => {
    const dir = mkdtempSync(join(tmpdir(), "meshplane-bench-build-"));
    const archive = execFileSync("git", ["archive", "--format=tar", "HEAD"], {
      cwd: ROOT,
      maxBuffer: 1 << 30,
    });
    execFileSync("tar", ["-x", "-C", dir], { input: archive });
    // Hard links: Turbopack refuses a symlinked node_modules outside its root, and a copy is 1.4 GB.
    execFileSync("cp", ["-al", join(ROOT, "node_modules"), join(dir, "node_modules")]);
    cpSync(join(ROOT, "prisma", "generated"), join(dir, "prisma", "generated"), {
      recursive: true,
    });
    log(`  next build of HEAD in ${dir}…`);
    const result = spawnSync(process.execPath, [nextBin(dir), "build", join(dir, "portal")], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, NODE_OPTIONS: "", NEXT_TELEMETRY_DISABLED: "1" },
    });
    if (result.status !== 0)
      throw new Error(`next build failed: ${(result.stdout + result.stderr).slice(-1500)}`);
    return dir;
  });
  return built;
}

/** The snapshot's root when this run built one (page-speed), so page-weight reads the same build. */
export async function builtPortalDir(): Promise<string | undefined> {
  return built?.catch(() => undefined);
}

/** Deletes the snapshot, if one was built. */
export async function removePortalBuild(): Promise<void> {
  const dir = await built?.catch(() => undefined);
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
}

function nextBin(dir: string): string {
  return join(dir, "node_modules", "next", "dist", "bin", "next");
}

export interface RunningPortal {
  url: string;
  stop: () => Promise<void>;
}

export async function startPortal(
  dir: string,
  databaseUrl: string,
  port: number,
): Promise<RunningPortal> {
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    process.execPath,
    [nextBin(dir), "start", join(dir, "portal"), "--port", String(port)],
    {
      cwd: dir,
      stdio: ["ignore", "ignore", "inherit"],
      env: {
        ...process.env,
        NODE_OPTIONS: "",
        DATABASE_URL: databaseUrl,
        MESHPLANE_ENV: "development",
        MESHPLANE_DATA_DIR: mkdtempSync(join(tmpdir(), "meshplane-bench-data-")),
        MESHPLANE_PUBLIC_URL: url,
        MESHPLANE_SLA_TICK_SECONDS: "0",
        NEXT_TELEMETRY_DISABLED: "1",
      },
    },
  );
  const exited = new Promise<void>((resolve) => {
    child.once("exit", () => {
      resolve();
    });
  });
  for (let attempt = 0; attempt < 600; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
    const ready = await fetch(`${url}/sign-in`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready)
      return {
        url,
        stop: async () => {
          child.kill("SIGTERM");
          await exited;
        },
      };
    await new Promise((resolve) => setTimeout(resolve, 100)); // polling a port that is not open yet
  }
  child.kill("SIGTERM");
  throw new Error("next start did not answer within 60 s");
}
