/** Where a report was measured: hardware, OS, runtimes and the commit. */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, release, totalmem } from "node:os";
import { z } from "zod";

export interface Machine {
  cpu: string;
  cores: number;
  ramGiB: number;
  os: string;
  node: string;
  pglite: string;
  /** `SELECT version()` per database target measured. */
  databases: Record<string, string>;
  commit: string;
}

function osName(): string {
  try {
    const match = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync("/etc/os-release", "utf8"));
    return `${match?.[1] ?? process.platform} (kernel ${release()})`;
  } catch {
    return `${process.platform} ${release()}`;
  }
}

function gitCommit(): string {
  const run = (args: string[]) => execFileSync("git", args, { encoding: "utf8" }).trim();
  try {
    const dirty = run(["status", "--porcelain", "--untracked-files=no"]) !== "";
    return `${run(["rev-parse", "--short", "HEAD"])}${dirty ? " (working tree has uncommitted changes)" : ""}`;
  } catch {
    return "unknown";
  }
}

const PackageJson = z.object({ version: z.string() });

export function describeMachine(databases: Record<string, string>): Machine {
  const cpu = cpus();
  const pglitePackage = new URL(
    "../node_modules/@electric-sql/pglite/package.json",
    import.meta.url,
  );
  return {
    cpu: cpu[0]?.model ?? "unknown",
    cores: cpu.length,
    ramGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: osName(),
    node: process.version,
    pglite: PackageJson.parse(JSON.parse(readFileSync(pglitePackage, "utf8"))).version,
    databases,
    commit: gitCommit(),
  };
}
