import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, parsePortalConfig, parseWorkerConfig, projectDir } from "#config";

const ROOT = join(import.meta.dirname, "..", "..", "..");

describe("worker configuration", () => {
  it("defaults to a file backend and a generated passphrase in the data directory", () => {
    const config = parseWorkerConfig({ MESHPLANE_DATA_DIR: "/srv/meshplane" });
    expect(config.backendUrl).toBe("file:///srv/meshplane/pulumi-state");
    expect(config.secretsProvider).toBe("passphrase");
    expect(config.passphraseFile).toBe("/srv/meshplane/pulumi-passphrase");
    expect(config.warehouseRoot).toBe("/srv/meshplane/warehouse");
    expect(config.catalogUrl).toBe("http://localhost:3000");
    expect(config.projectDir).toBe(ROOT);
    expect(config.policyPacks).toEqual([join(ROOT, "components/policy/pack")]);
    expect([config.concurrency, config.leaseSeconds, config.environment]).toEqual([2, 30, "dev"]);
  });

  it("takes any backend and a KMS secrets provider from the environment", () => {
    const config = parseWorkerConfig({
      PULUMI_BACKEND_URL: "s3://state-bucket/meshplane",
      PULUMI_SECRETS_PROVIDER: "awskms://alias/meshplane?region=eu-west-1",
      MESHPLANE_WORKER_CONCURRENCY: "4",
      MESHPLANE_POLICY_PACKS: "none",
    });
    expect(config.policyPacks).toEqual([]);
    expect(config.backendUrl).toBe("s3://state-bucket/meshplane");
    expect(config.passphraseFile).toBeUndefined();
    expect(config.concurrency).toBe(4);
  });

  it("registers in the catalog at the public URL unless told another", () => {
    const publicUrl = { MESHPLANE_PUBLIC_URL: "https://portal.acme.test/" };
    expect(parseWorkerConfig(publicUrl).catalogUrl).toBe("https://portal.acme.test");
    expect(
      parseWorkerConfig({ ...publicUrl, MESHPLANE_CATALOG_URL: "http://127.0.0.1:3000/" })
        .catalogUrl,
    ).toBe("http://127.0.0.1:3000");
  });

  it("names a bad value", () => {
    expect(() => parseWorkerConfig({ MESHPLANE_WORKER_CONCURRENCY: "zero" })).toThrow(ConfigError);
    expect(() => parseWorkerConfig({ MESHPLANE_WORKER_CONCURRENCY: "zero" })).toThrow(
      /MESHPLANE_WORKER_CONCURRENCY/,
    );
  });
});

describe("what the portal and the worker share", () => {
  const SECRET = "s".repeat(40);
  const both = (env: Record<string, string>) => [
    parsePortalConfig({ MESHPLANE_AUTH_SECRET: SECRET, ...env }),
    parseWorkerConfig(env),
  ];

  // An empty MESHPLANE_PLATFORM_TOKEN used to pass the portal and fail the worker's parse,
  // inside a deploy.
  it("treats an empty value as unset, for every variable and in both views", () => {
    const empty = {
      MESHPLANE_PLATFORM_TOKEN: "",
      PORT: "",
      MESHPLANE_DATA_DIR: "",
      MESHPLANE_ENVIRONMENT: "",
      MESHPLANE_PUBLIC_URL: "",
      MESHPLANE_POLICY_PACKS: "",
      MESHPLANE_WORKER_CONCURRENCY: "",
    };
    for (const config of both(empty)) {
      expect(config).toMatchObject({
        platformToken: undefined,
        port: 3000,
        dataDir: join(ROOT, ".data"),
        environment: "dev",
        publicUrl: "http://localhost:3000",
      });
    }
    expect(parseWorkerConfig(empty)).toMatchObject({
      concurrency: 2,
      policyPacks: [join(ROOT, "components/policy/pack")],
    });
  });

  it("reads the shared variables the same way", () => {
    const env = {
      MESHPLANE_PLATFORM_TOKEN: "t".repeat(40),
      PORT: "4000",
      MESHPLANE_DATA_DIR: "var/meshplane",
      MESHPLANE_ENVIRONMENT: "prod",
      MESHPLANE_PUBLIC_URL: "http://localhost:4000/",
    };
    const [portal, worker] = both(env);
    const shared = ["platformToken", "port", "dataDir", "environment", "publicUrl", "projectDir"];
    for (const key of shared)
      expect(worker?.[key as keyof typeof worker], key).toEqual(
        portal?.[key as keyof typeof portal],
      );
    expect(portal?.dataDir).toBe(join(ROOT, "var/meshplane"));
    expect(() => both({ MESHPLANE_PLATFORM_TOKEN: "short" })[0]).toThrow(/PLATFORM_TOKEN/);
    expect(() => parseWorkerConfig({ MESHPLANE_PLATFORM_TOKEN: "short" })).toThrow(
      /PLATFORM_TOKEN/,
    );
  });

  it("finds the project directory one way", () => {
    expect(projectDir()).toBe(ROOT);
    expect(parseWorkerConfig({ MESHPLANE_PROJECT_DIR: ROOT }).projectDir).toBe(ROOT);
    expect(() => parseWorkerConfig({ MESHPLANE_PROJECT_DIR: "/" })).toThrow(/has no Pulumi.yaml/);
  });
});
