import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseWorkerConfig } from "#config";
import { cliEnvironment, ensurePassphraseFile } from "#infra/automation/cli-environment";

describe("the Pulumi CLI's environment", () => {
  it("points the CLI at the backend and the passphrase file", () => {
    const config = parseWorkerConfig({ MESHPLANE_DATA_DIR: "/srv/meshplane" });
    expect(cliEnvironment(config)).toEqual({
      PULUMI_BACKEND_URL: "file:///srv/meshplane/pulumi-state",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
      PULUMI_CONFIG_PASSPHRASE_FILE: "/srv/meshplane/pulumi-passphrase",
    });
  });

  it("generates the passphrase once, readable by the owner only, and keeps it", () => {
    const file = join(
      mkdtempSync(join(tmpdir(), "meshplane-pass-")),
      "nested",
      "pulumi-passphrase",
    );
    ensurePassphraseFile(file);
    const first = readFileSync(file, "utf8");
    expect(first.trim()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    ensurePassphraseFile(file);
    expect(readFileSync(file, "utf8")).toBe(first);
  });

  it("refuses an empty passphrase file rather than replacing it", () => {
    const file = join(mkdtempSync(join(tmpdir(), "meshplane-pass-")), "pulumi-passphrase");
    writeFileSync(file, "\n");
    expect(() => {
      ensurePassphraseFile(file);
    }).toThrow(`the passphrase file ${file} is empty`);
  });
});
