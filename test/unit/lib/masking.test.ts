import { describe, expect, it } from "vitest";
import { MASK, createMasker, credentialValues, maskForDisplay, restoreMasked } from "#lib/masking";

describe("masking", () => {
  it("masks the stack's secrets wherever they occur, longest first", () => {
    const masker = createMasker(["platform-token-0123456789", "platform-token"]);
    expect(masker.text("PUT failed: Bearer-less platform-token-0123456789 rejected")).toBe(
      `PUT failed: Bearer-less ${MASK} rejected`,
    );
  });

  it("leaves short values alone: masking `dev` would mangle every log line", () => {
    expect(createMasker(["dev", "12345"]).text("stack sales.orders.dev")).toBe(
      "stack sales.orders.dev",
    );
  });

  it("takes credential values from the environment by variable name", () => {
    expect(
      credentialValues({
        AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG",
        ARM_CLIENT_SECRET: "azure-secret-value",
        PULUMI_CONFIG_PASSPHRASE: "correct horse",
        AWS_REGION: "eu-west-1",
        PATH: "/usr/bin",
      }),
    ).toEqual(["wJalrXUtnFEMI/K7MDENG", "azure-secret-value", "correct horse"]);
  });

  it.each([
    ["an AWS access key id", "key AKIAIOSFODNN7EXAMPLE used", `key ${MASK} used`],
    ["a Pulumi access token", `pul-${"a1".repeat(20)}`, MASK],
    ["a GitHub token", `ghp_${"x".repeat(36)}`, MASK],
    ["a JWT", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N", MASK],
    ["a bearer header", "authorization: Bearer abc.def-ghi_123", `authorization: Bearer ${MASK}`],
    [
      "a service-account private key",
      '{"private_key": "-----BEGIN PRIVATE KEY-----\\nMIIE\\n-----END PRIVATE KEY-----"}',
      `{"private_key": "${MASK}"}`,
    ],
    [
      "the password in a connection URL",
      "connect postgresql://meshplane:s3cret-pw@db.internal:5432/mesh failed",
      `connect postgresql://meshplane:${MASK}@db.internal:5432/mesh failed`,
    ],
    ["a secret assignment", "lost with secret=hunter2; retry", `lost with secret=${MASK}; retry`],
    ["a token in a query", "GET /x?api_key=abc123&page=2", `GET /x?api_key=${MASK}&page=2`],
    [
      "an Azure SAS signature",
      "fetch https://acme.blob.core.windows.net/rel/p.zip?sv=2025-05-05&sp=r&sig=c2ln%2Bbg%3D&se=2099 failed",
      `fetch https://acme.blob.core.windows.net/rel/p.zip?sv=2025-05-05&sp=r&sig=${MASK}&se=2099 failed`,
    ],
  ])("masks %s by its shape", (_name, input, expected) => {
    expect(createMasker([]).text(input)).toBe(expected);
  });

  it("masks inside JSON values, keys included, and keeps other types", () => {
    const masker = createMasker(["s3cr3t-value"]);
    expect(
      masker.value({
        message: "token s3cr3t-value",
        n: 3,
        ok: true,
        list: ["s3cr3t-value"],
        s3cr3t_value: null,
      }),
    ).toEqual({ message: `token ${MASK}`, n: 3, ok: true, list: [MASK], s3cr3t_value: null });
  });
});

const SAS =
  "https://acme.blob.core.windows.net/rel/p.zip?sv=2025-05-05&sp=r&se=2099-01-01&sig=c2ln";
const SHOWN = `https://acme.blob.core.windows.net/rel/p.zip?sv=2025-05-05&sp=r&se=2099-01-01&sig=${MASK}`;
const spec = { name: "p", inference: { artifact: SAS, triggers: ["http"] }, inputs: ["a/b"] };

describe("specs the portal shows and takes back", () => {
  it("shows a spec with token-shaped values masked and the rest as it is", () => {
    expect(maskForDisplay(spec)).toEqual({
      ...spec,
      inference: { ...spec.inference, artifact: SHOWN },
    });
    expect(spec.inference.artifact).toBe(SAS);
  });

  it("restores a masked value sent back unchanged, wherever it sits", () => {
    const back = { ...maskForDisplay(spec), name: "q", inputs: ["a/b", "c/d"] };
    expect(restoreMasked(back, spec)).toEqual({
      value: { ...back, inference: { ...spec.inference, artifact: SAS } },
      masked: [],
    });
    expect(restoreMasked([SHOWN], [SAS])).toEqual({ value: [SAS], masked: [] });
  });

  it("keeps a value typed again whole, and lists a masked one that was edited", () => {
    const typed = SAS.replace("sig=c2ln", "sig=bmV3");
    expect(restoreMasked({ inference: { artifact: typed } }, spec).value.inference.artifact).toBe(
      typed,
    );
    const edited = SHOWN.replace("se=2099", "se=2100");
    expect(restoreMasked({ inference: { artifact: edited } }, spec)).toEqual({
      value: { inference: { artifact: edited } },
      masked: [["inference", "artifact"]],
    });
    expect(restoreMasked({ list: [SHOWN] }, undefined).masked).toEqual([["list", 0]]);
  });
});
