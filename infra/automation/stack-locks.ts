/**
 * Stack locks that nobody holds any more, in a self-managed `file://` backend. The CLI's diy
 * backend writes one JSON file per lock, `.pulumi/locks/organization/<project>/<stack>/<id>.json`
 * (`{pid, username, hostname, timestamp}`, pulumi/pulumi pkg/backend/diy/lock.go), through a
 * temporary `<id>.json.<hex>.tmp` beside it that it renames into place. A CLI killed mid-update
 * leaves its lock behind, and every later run of the stack then fails with "the stack is
 * currently locked"; a CLI that hit a full disk while locking leaves the empty temporary file,
 * and every later run fails with "unexpected end of JSON input". `pulumi cancel` would clear both,
 * but it deletes every lock, a live one too.
 *
 * Released here, and only these: a lock whose owner process ran on this machine and is gone, and
 * a file that cannot be read as a lock at all (a complete lock is renamed into place, so an
 * unreadable one is a leftover; only a CLI locking the stack at that very instant could be
 * writing one, and the worker runs one operation per stack). A lock of a live process, or of
 * another machine, is kept. Other backends (s3://, azblob://, gs://, Pulumi Cloud) are left alone.
 */
import { readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { z } from "zod";
import type { WorkerConfig } from "#config";
import { hasEnded, procCommand, procStat } from "./processes";

const LockContent = z.object({
  pid: z.number().int().positive(),
  hostname: z.string(),
  username: z.string().optional(),
  timestamp: z.string().optional(),
});
type LockContent = z.infer<typeof LockContent>;

/** What became of one lock file: released (and why), or kept because its owner may be alive. */
export interface LockFinding {
  file: string;
  released: boolean;
  /** Readable, for the deployment's log. */
  reason: string;
}

export type LockSettings = Pick<WorkerConfig, "backendUrl" | "projectDir">;

/** The stack's lock directory in a file:// backend; undefined for any other backend. */
export function stackLockDir(settings: LockSettings, stackName: string): string | undefined {
  if (!settings.backendUrl.startsWith("file://")) return undefined;
  const state = fileURLToPath(settings.backendUrl);
  return join(
    state,
    ".pulumi",
    "locks",
    "organization",
    projectName(settings.projectDir),
    stackName,
  );
}

function projectName(projectDir: string): string {
  const project = z
    .object({ name: z.string().min(1) })
    .parse(parse(readFileSync(join(projectDir, "Pulumi.yaml"), "utf8")));
  return project.name;
}

export interface ReleaseOptions {
  /** Whether a process of this machine lives (default: processAlive). */
  isAlive?: (pid: number) => boolean;
  host?: string;
}

/** Releases the stack's abandoned locks and reports on every lock file found. */
export function releaseAbandonedLocks(
  settings: LockSettings,
  stackName: string,
  options: ReleaseOptions = {},
): LockFinding[] {
  const dir = stackLockDir(settings, stackName);
  if (dir === undefined) return [];
  let files: string[];
  try {
    files = readdirSync(dir).filter((file) => statSync(join(dir, file)).isFile());
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  return files.map((file) => {
    const path = join(dir, file);
    const finding = judge(readLock(path), options);
    if (finding.released) rmSync(path, { force: true });
    return { file: path, ...finding };
  });
}

function readLock(path: string): LockContent | { unreadable: string } {
  const text = readFileSync(path, "utf8");
  if (text.trim() === "") return { unreadable: "an empty lock file" };
  try {
    const parsed = LockContent.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : { unreadable: "a lock file that is not a lock" };
  } catch {
    return { unreadable: "a truncated lock file" };
  }
}

function judge(
  lock: LockContent | { unreadable: string },
  options: ReleaseOptions,
): Omit<LockFinding, "file"> {
  if ("unreadable" in lock) return { released: true, reason: `released ${lock.unreadable}` };
  const owner = `pid ${String(lock.pid)} on ${lock.hostname}`;
  if (lock.hostname !== (options.host ?? hostname()))
    return { released: false, reason: `kept the lock of ${owner}: another machine` };
  if ((options.isAlive ?? processAlive)(lock.pid))
    return { released: false, reason: `kept the lock of ${owner}: that process is running` };
  return { released: true, reason: `released the lock of ${owner}, which is gone` };
}

/**
 * Whether a Pulumi CLI with this pid runs on this machine. Signal 0 probes without touching the
 * process (EPERM still proves it exists). Where /proc tells more (Linux), a zombie is gone, and so
 * is an owner whose pid now belongs to a program other than `pulumi` (pids are reused).
 */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  const stat = procStat(pid);
  if (stat !== undefined && hasEnded(stat)) return false;
  const command = procCommand(pid);
  return command === undefined || command === "pulumi";
}
