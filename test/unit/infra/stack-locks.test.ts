/**
 * Which stack locks the worker releases in a file:// backend: those of a process of this machine
 * that is gone, and files that are not locks (the empty temporary file a full disk leaves);
 * never a live process's lock or another machine's. Real files and real processes.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { projectDir } from "#config";
import { processAlive, releaseAbandonedLocks, stackLockDir } from "#infra/automation/stack-locks";

const STACK = "payments.locked.t1";
const state = mkdtempSync(join(tmpdir(), "meshplane-locks-"));
const settings = { backendUrl: pathToFileURL(state).href, projectDir: projectDir() };
const dir = join(state, ".pulumi", "locks", "organization", "meshplane", STACK);

function lock(name: string, content: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

function lockOf(pid: number, host = hostname()): string {
  return JSON.stringify({ pid, username: "u", hostname: host, timestamp: "2026-12-05T10:00:00Z" });
}

/** A pid that was a process of this machine a moment ago. */
function deadPid(): number {
  const done = spawnSync(process.execPath, ["-e", "console.log(process.pid)"], {
    encoding: "utf8",
  });
  return Number(done.stdout.trim());
}

afterAll(() => {
  rmSync(state, { recursive: true, force: true });
});

describe("abandoned stack locks", () => {
  it("live where the CLI keeps them: .pulumi/locks/organization/<project>/<stack>", () => {
    expect(stackLockDir(settings, STACK)).toBe(dir);
    expect(stackLockDir({ ...settings, backendUrl: "s3://bucket" }, STACK)).toBeUndefined();
    expect(releaseAbandonedLocks(settings, "payments.never-locked.t1")).toEqual([]);
  });

  it("releases a gone owner's lock and unreadable files, keeps live and foreign locks", () => {
    const gone = lock("a.json", lockOf(deadPid()));
    const empty = lock("b.json.18ee7b28992cf7dd.tmp", "");
    const truncated = lock("c.json", '{"pid": 12');
    const live = lock("d.json", lockOf(4242));
    const foreign = lock("e.json", lockOf(4343, "another-host"));
    const findings = releaseAbandonedLocks(settings, STACK, { isAlive: (pid) => pid === 4242 });
    expect(Object.fromEntries(findings.map((f) => [f.file, [f.released, f.reason]]))).toEqual({
      [gone]: [true, expect.stringMatching(/^released the lock of pid \d+ on .*, which is gone$/)],
      [empty]: [true, "released an empty lock file"],
      [truncated]: [true, "released a truncated lock file"],
      [live]: [false, `kept the lock of pid 4242 on ${hostname()}: that process is running`],
      [foreign]: [false, "kept the lock of pid 4343 on another-host: another machine"],
    });
    expect([gone, empty, truncated, live, foreign].map(existsSync)).toEqual([
      false,
      false,
      false,
      true,
      true,
    ]);
  });
});

describe("whether a lock's owner lives", () => {
  it("is false for a gone pid, and for a live pid that is not a pulumi CLI", () => {
    expect(processAlive(deadPid())).toBe(false);
    // This test's own process lives, but is node: the lock's pulumi has gone and its pid reused.
    expect(processAlive(process.pid)).toBe(!existsSync("/proc"));
  });

  it("is true for a running process named pulumi", async () => {
    const bin = mkdtempSync(join(tmpdir(), "meshplane-fake-cli-"));
    symlinkSync("/bin/sleep", join(bin, "pulumi"));
    const cli = spawn(join(bin, "pulumi"), ["30"], { stdio: "ignore" });
    try {
      await new Promise((resolve) => cli.once("spawn", resolve));
      expect(processAlive(cli.pid ?? 0)).toBe(true);
    } finally {
      cli.kill("SIGKILL");
      rmSync(bin, { recursive: true, force: true });
    }
  });
});
