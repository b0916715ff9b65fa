/**
 * How `npm start` gets the Pulumi CLI on a machine without one (tools/start/pulumi-cli.ts), with
 * the real tools/pulumi-cli/build.sh and an empty CLI cache and home directory:
 * - the official installer unreachable (as get.pulumi.com is here): built from source (about
 *   20 s with Go's caches warm, as CI has them after building the CLI once), then from the cache;
 * - the official installer reachable: it runs. get.pulumi.com cannot be reached here, so a local
 *   server serves a stand-in installer that takes the official one's arguments and installs the
 *   CLI this machine already has; the test checks what `npm start` asks of it and uses.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { projectDir } from "#config";
import { ensurePulumiCli } from "#tools/start/pulumi-cli";
import { cliMissing } from "../automation/support";

vi.mock("server-only", () => ({}));

const ROOT = projectDir();
/** What the built CLI reports (tools/pulumi-cli/build.sh's default). */
const BUILT_VERSION = "v3.259.0";

/** A PATH with node, go and the basics, but no pulumi; Go's caches stay the warm ones. */
function machineWithoutCli(): { env: NodeJS.ProcessEnv; home: string; cache: string } {
  const home = mkdtempSync(join(tmpdir(), "meshplane-home-"));
  const cache = mkdtempSync(join(tmpdir(), "meshplane-cli-cache-"));
  const go = spawnSync("go", ["env", "GOROOT", "GOCACHE", "GOMODCACHE"], { encoding: "utf8" });
  const [goroot = "", gocache = "", gomodcache = ""] = go.stdout.trim().split("\n");
  const env = {
    NODE_ENV: "test" as const,
    PATH: [
      dirname(process.execPath),
      join(goroot, "bin"),
      "/usr/local/bin",
      "/usr/bin",
      "/bin",
    ].join(delimiter),
    HOME: home,
    MESHPLANE_CACHE_DIR: cache,
    GOCACHE: gocache,
    GOMODCACHE: gomodcache,
  };
  return { env, home, cache };
}

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(cliMissing())("getting the Pulumi CLI for npm start", { timeout: 600_000 }, () => {
  it("builds it from source when the official installer cannot be reached, then reuses it", async () => {
    const machine = machineWithoutCli();
    made.push(machine.home, machine.cache);
    const progress: string[] = [];
    const options = {
      projectDir: ROOT,
      env: machine.env,
      installUrl: "http://127.0.0.1:9/install.sh",
      progress: (line: string) => progress.push(line),
    };
    const built = await ensurePulumiCli(options);
    const bin = join(machine.cache, "pulumi-cli", BUILT_VERSION, "bin");
    expect(built).toEqual({ dir: bin, version: BUILT_VERSION, source: "a build from source" });
    expect(progress[0]).toBe("The Pulumi CLI is missing: trying the official installer.");
    expect(progress[1]).toMatch(
      /^The official installer \(http:\/\/127\.0\.0\.1:9\/install\.sh\) cannot be reached: /,
    );
    expect(progress[2]).toMatch(/^Building the Pulumi CLI from source/);
    expect(progress.some((line) => line.startsWith("Building the Pulumi CLI: compiling"))).toBe(
      true,
    );

    const again: string[] = [];
    expect(await ensurePulumiCli({ ...options, progress: (line) => again.push(line) })).toEqual({
      dir: bin,
      version: BUILT_VERSION,
      source: "the cache",
    });
    expect(again).toEqual([]);
  });

  it("runs the official installer when it can be reached, for the program's SDK version", async () => {
    const machine = machineWithoutCli();
    made.push(machine.home, machine.cache);
    const installed = dirname(
      spawnSync("sh", ["-c", "command -v pulumi"], { encoding: "utf8" }).stdout.trim(),
    );
    const argsFile = join(machine.home, "installer-args");
    // Takes the official installer's arguments and installs the CLI this machine has.
    const installer = [
      "#!/bin/sh",
      `echo "$@" > ${argsFile}`,
      'while [ $# -gt 0 ]; do case "$1" in --install-root) root="$2"; shift;; esac; shift; done',
      'mkdir -p "$root/bin"',
      `cp ${installed}/* "$root/bin/"`,
      'echo "pulumi was installed into $root/bin"',
    ].join("\n");
    const server: Server = createServer((_request, response) => {
      response.end(installer);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    const port = typeof address === "object" && address !== null ? address.port : 0;
    try {
      const progress: string[] = [];
      const cli = await ensurePulumiCli({
        projectDir: ROOT,
        env: machine.env,
        installUrl: `http://127.0.0.1:${String(port)}/`,
        progress: (line) => progress.push(line),
      });
      const root = join(machine.home, ".pulumi");
      expect(cli).toEqual({
        dir: join(root, "bin"),
        version: BUILT_VERSION,
        source: "the official installer",
      });
      const sdk = JSON.parse(
        readFileSync(join(ROOT, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8"),
      ) as { version: string };
      expect(readFileSync(argsFile, "utf8").trim()).toBe(
        `--version ${sdk.version} --install-root ${root} --no-edit-path`,
      );
      expect(progress).toContain(`Official installer: pulumi was installed into ${root}/bin`);
    } finally {
      server.close();
    }
  });

  it("takes an official install already in ~/.pulumi/bin without asking anyone", async () => {
    const machine = machineWithoutCli();
    made.push(machine.home, machine.cache);
    const installed = dirname(
      spawnSync("sh", ["-c", "command -v pulumi"], { encoding: "utf8" }).stdout.trim(),
    );
    const bin = join(machine.home, ".pulumi", "bin");
    mkdirSync(bin, { recursive: true });
    cpSync(installed, bin, { recursive: true });
    const progress: string[] = [];
    expect(
      await ensurePulumiCli({
        projectDir: ROOT,
        env: machine.env,
        installUrl: "none",
        progress: (line) => progress.push(line),
      }),
    ).toEqual({ dir: bin, version: BUILT_VERSION, source: "an official install" });
    expect(progress).toEqual([]);
  });
});
