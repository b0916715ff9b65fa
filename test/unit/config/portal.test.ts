import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, parsePortalConfig } from "#config";

const SECRET = "x".repeat(40);

describe("portal configuration", () => {
  it("runs embedded in development with a generated, persisted auth secret", () => {
    const dataDir = mkdtempSync(join(tmpdir(), "meshplane-env-"));
    const env = parsePortalConfig({ MESHPLANE_DATA_DIR: dataDir });
    expect(env).toMatchObject({
      mode: "development",
      databaseUrl: undefined,
      localSignIn: true,
      port: 3000,
    });
    expect(readFileSync(join(dataDir, "auth-secret"), "utf8").trim()).toBe(env.authSecret);
    expect(parsePortalConfig({ MESHPLANE_DATA_DIR: dataDir }).authSecret).toBe(env.authSecret);
  });

  it("treats an external database as production: secret required, local sign-in off", () => {
    const url = "postgres://u:p@db:5432/meshplane";
    expect(() => parsePortalConfig({ DATABASE_URL: url })).toThrow(
      /MESHPLANE_AUTH_SECRET is required/,
    );
    const env = parsePortalConfig({ DATABASE_URL: url, MESHPLANE_AUTH_SECRET: SECRET });
    expect(env).toMatchObject({ mode: "production", localSignIn: false });
    expect(
      parsePortalConfig({
        DATABASE_URL: url,
        MESHPLANE_AUTH_SECRET: SECRET,
        MESHPLANE_LOCAL_SIGNIN: "true",
      }).localSignIn,
    ).toBe(true);
  });

  it("asks for four eyes in production unless relaxed, and not in development unless asked", () => {
    const dataDir = mkdtempSync(join(tmpdir(), "meshplane-env-"));
    const production = { MESHPLANE_ENV: "production", MESHPLANE_AUTH_SECRET: SECRET } as const;
    expect(parsePortalConfig(production).fourEyes).toBe(true);
    expect(parsePortalConfig({ ...production, MESHPLANE_FOUR_EYES: "false" }).fourEyes).toBe(false);
    expect(parsePortalConfig({ ...production, MESHPLANE_FOUR_EYES: "" }).fourEyes).toBe(true);
    expect(parsePortalConfig({ MESHPLANE_DATA_DIR: dataDir }).fourEyes).toBe(false);
    expect(
      parsePortalConfig({ MESHPLANE_DATA_DIR: dataDir, MESHPLANE_FOUR_EYES: "true" }).fourEyes,
    ).toBe(true);
    expect(() => parsePortalConfig({ ...production, MESHPLANE_FOUR_EYES: "maybe" })).toThrow(
      /MESHPLANE_FOUR_EYES/,
    );
  });

  it("requires an https public URL in production, except on a loopback address", () => {
    const production = { MESHPLANE_ENV: "production", MESHPLANE_AUTH_SECRET: SECRET } as const;
    expect(() =>
      parsePortalConfig({ ...production, MESHPLANE_PUBLIC_URL: "http://portal.acme.test" }),
    ).toThrow(/MESHPLANE_PUBLIC_URL must be an https:\/\/ URL in production/);
    expect(
      parsePortalConfig({ ...production, MESHPLANE_PUBLIC_URL: "https://portal.acme.test/" }),
    ).toMatchObject({ publicUrl: "https://portal.acme.test" });
    expect(parsePortalConfig(production).publicUrl).toBe("http://localhost:3000");
    expect(
      parsePortalConfig({
        MESHPLANE_AUTH_SECRET: SECRET,
        MESHPLANE_PUBLIC_URL: "http://portal.acme.test",
      }).publicUrl,
    ).toBe("http://portal.acme.test");
  });

  it("checks that MESHPLANE_PROJECT_DIR is the repository root", () => {
    const root = join(import.meta.dirname, "..", "..", "..");
    expect(
      parsePortalConfig({ MESHPLANE_AUTH_SECRET: SECRET, MESHPLANE_PROJECT_DIR: root }).projectDir,
    ).toBe(root);
    expect(() =>
      parsePortalConfig({ MESHPLANE_AUTH_SECRET: SECRET, MESHPLANE_PROJECT_DIR: tmpdir() }),
    ).toThrow(/MESHPLANE_PROJECT_DIR .* has no Pulumi.yaml/);
  });

  it("rejects short secrets and malformed values, naming the variable", () => {
    expect(() => parsePortalConfig({ MESHPLANE_AUTH_SECRET: "short" })).toThrow(
      /MESHPLANE_AUTH_SECRET/,
    );
    expect(() => parsePortalConfig({ DATABASE_URL: "mysql://x" })).toThrow(ConfigError);
    expect(() => parsePortalConfig({ PORT: "http" })).toThrow(/PORT/);
  });

  it("enables an OIDC provider only when fully configured", () => {
    const base = { MESHPLANE_AUTH_SECRET: SECRET };
    expect(parsePortalConfig(base).oidcProviders).toEqual([]);
    const env = parsePortalConfig({
      ...base,
      MESHPLANE_OIDC_OKTA_ISSUER: "https://acme.okta.com/oauth2/default",
      MESHPLANE_OIDC_OKTA_CLIENT_ID: "id",
      MESHPLANE_OIDC_OKTA_CLIENT_SECRET: "secret",
    });
    expect(env.oidcProviders).toEqual([
      {
        id: "okta",
        label: "Okta",
        clientId: "id",
        clientSecret: "secret",
        authority: "https://acme.okta.com/oauth2/default",
      },
    ]);
    expect(() => parsePortalConfig({ ...base, MESHPLANE_OIDC_ENTRA_CLIENT_ID: "id" })).toThrow(
      /partly configured/,
    );
  });

  it("listens on loopback unless MESHPLANE_HOST opens it", () => {
    expect(parsePortalConfig({ MESHPLANE_AUTH_SECRET: SECRET }).host).toBe("127.0.0.1");
    const production = { MESHPLANE_ENV: "production", MESHPLANE_AUTH_SECRET: SECRET } as const;
    expect(parsePortalConfig({ ...production, MESHPLANE_HOST: "0.0.0.0" }).host).toBe("0.0.0.0");
  });

  it("refuses to open the portal while the development password works, unless accepted", () => {
    const development = { MESHPLANE_AUTH_SECRET: SECRET, MESHPLANE_HOST: "0.0.0.0" } as const;
    expect(() => parsePortalConfig(development)).toThrow(
      /MESHPLANE_HOST=0\.0\.0\.0 would serve the portal beyond this machine/,
    );
    expect(parsePortalConfig({ ...development, MESHPLANE_HOST: "::1" }).host).toBe("::1");
    expect(parsePortalConfig({ ...development, MESHPLANE_LOCAL_SIGNIN: "false" }).host).toBe(
      "0.0.0.0",
    );
    expect(
      parsePortalConfig({ ...development, MESHPLANE_DEV_PASSWORD_ON_NETWORK: "true" }).host,
    ).toBe("0.0.0.0");
  });

  it("takes trusted proxies as addresses and CIDR ranges, and nothing else", () => {
    const base = { MESHPLANE_AUTH_SECRET: SECRET };
    expect(parsePortalConfig(base).trustedProxies).toEqual([]);
    expect(
      parsePortalConfig({ ...base, MESHPLANE_TRUSTED_PROXIES: " 10.0.0.0/8, ::1 ,fd00::/8," })
        .trustedProxies,
    ).toEqual(["10.0.0.0/8", "::1", "fd00::/8"]);
    for (const wrong of ["proxy.internal", "10.0.0.0/33", "10.0.0.0/", "10.0.0.1/8/1"]) {
      expect(() => parsePortalConfig({ ...base, MESHPLANE_TRUSTED_PROXIES: wrong })).toThrow(
        /MESHPLANE_TRUSTED_PROXIES: .* is not an IP address or CIDR range/,
      );
    }
  });

  it("takes webhook allow-list entries as host names, addresses or CIDR ranges", () => {
    const base = { MESHPLANE_AUTH_SECRET: SECRET };
    expect(parsePortalConfig(base).webhookAllowedHosts).toEqual([]);
    expect(
      parsePortalConfig({
        ...base,
        MESHPLANE_WEBHOOK_ALLOWED_HOSTS: "hooks.corp.internal, 10.20.0.0/16,::1",
      }).webhookAllowedHosts,
    ).toEqual(["hooks.corp.internal", "10.20.0.0/16", "::1"]);
    for (const wrong of ["http://hooks", "10.0.0.0/33", "a b", "*.corp"]) {
      expect(() => parsePortalConfig({ ...base, MESHPLANE_WEBHOOK_ALLOWED_HOSTS: wrong })).toThrow(
        /MESHPLANE_WEBHOOK_ALLOWED_HOSTS: .* is not a host name/,
      );
    }
  });

  it("caps request bodies at 1 MiB unless MESHPLANE_MAX_BODY_BYTES says otherwise", () => {
    const base = { MESHPLANE_AUTH_SECRET: SECRET };
    expect(parsePortalConfig(base).maxBodyBytes).toBe(1024 * 1024);
    expect(parsePortalConfig({ ...base, MESHPLANE_MAX_BODY_BYTES: "4096" }).maxBodyBytes).toBe(
      4096,
    );
    expect(() => parsePortalConfig({ ...base, MESHPLANE_MAX_BODY_BYTES: "-1" })).toThrow(
      /MESHPLANE_MAX_BODY_BYTES/,
    );
  });
});
