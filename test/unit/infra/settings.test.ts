import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  AutomationConfigError,
  PROJECT_DIR,
  automationSettings,
  cliEnvironment,
  ensurePassphraseFile,
  stackEnvironment,
} from "../../../infra/automation/settings";

describe("automation settings", () => {
  it("plans previews for the environment the worker deploys to", () => {
    expect(stackEnvironment({})).toBe(automationSettings({}).environment);
    expect(stackEnvironment({ MESHPLANE_ENVIRONMENT: "prod" })).toBe("prod");
    expect(() => stackEnvironment({ MESHPLANE_ENVIRONMENT: "Prod!" })).toThrow();
  });

  it("defaults to a file backend and a generated passphrase in the data directory", () => {
    const settings = automationSettings({ MESHPLANE_DATA_DIR: "/srv/meshplane" });
    expect(settings.backendUrl).toBe("file:///srv/meshplane/pulumi-state");
    expect(settings.secretsProvider).toBe("passphrase");
    expect(settings.passphraseFile).toBe("/srv/meshplane/pulumi-passphrase");
    expect(settings.warehouseRoot).toBe("/srv/meshplane/warehouse");
    expect(settings.catalogUrl).toBe("http://localhost:3000");
    expect(settings.projectDir).toBe(PROJECT_DIR);
    expect([settings.concurrency, settings.leaseSeconds, settings.environment]).toEqual([
      2,
      30,
      "dev",
    ]);
    expect(cliEnvironment(settings)).toEqual({
      PULUMI_BACKEND_URL: "file:///srv/meshplane/pulumi-state",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
      PULUMI_CONFIG_PASSPHRASE_FILE: "/srv/meshplane/pulumi-passphrase",
    });
  });

  it("takes any backend and a KMS secrets provider from the environment", () => {
    const settings = automationSettings({
      PULUMI_BACKEND_URL: "s3://state-bucket/meshplane",
      PULUMI_SECRETS_PROVIDER: "awskms://alias/meshplane?region=eu-west-1",
      MESHPLANE_WORKER_CONCURRENCY: "4",
      MESHPLANE_POLICY_PACKS: "",
    });
    expect(settings.policyPacks).toEqual([]);
    expect(settings.backendUrl).toBe("s3://state-bucket/meshplane");
    expect(settings.passphraseFile).toBeUndefined();
    expect(settings.concurrency).toBe(4);
  });

  it("names a bad value", () => {
    expect(() => automationSettings({ MESHPLANE_WORKER_CONCURRENCY: "zero" })).toThrow(
      AutomationConfigError,
    );
    expect(() => automationSettings({ MESHPLANE_WORKER_CONCURRENCY: "zero" })).toThrow(
      /MESHPLANE_WORKER_CONCURRENCY/,
    );
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
