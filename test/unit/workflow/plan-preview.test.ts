import { describe, expect, it } from "vitest";
import { previewEnvironment } from "#workflow/plan-preview";

describe("the plan preview's environment", () => {
  it("keeps what Node needs and drops the portal's secrets and cloud credentials", () => {
    const env = previewEnvironment({
      PATH: "/usr/bin",
      HOME: "/home/portal",
      NODE_OPTIONS: "--conditions=react-server",
      DATABASE_URL: "postgres://meshplane:secret@db/meshplane",
      MESHPLANE_AUTH_SECRET: "auth-secret-auth-secret-auth-secret",
      MESHPLANE_PLATFORM_TOKEN: "platform-token-platform-token-123",
      AWS_SECRET_ACCESS_KEY: "aws-secret",
      PULUMI_CONFIG_PASSPHRASE: "passphrase",
      PULUMI_CONFIG: '{"aws:region":"eu-west-1"}',
      UNSET: undefined,
    });
    expect(env).toEqual({
      PATH: "/usr/bin",
      HOME: "/home/portal",
      NODE_OPTIONS: "--conditions=react-server",
    });
  });
});
