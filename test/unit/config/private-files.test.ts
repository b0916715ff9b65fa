/** Generated secrets and the data directory are private to the owner, and stay so. */
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generatedSecret } from "#config";

function mode(path: string): number {
  return statSync(path).mode & 0o777;
}

describe("generated secrets", () => {
  it("are generated once into a 0600 file in a 0700 directory, then read back", () => {
    const dir = join(mkdtempSync(join(tmpdir(), "meshplane-secret-")), "data");
    const file = join(dir, "token");
    const secret = generatedSecret(file);
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(generatedSecret(file)).toBe(secret);
    expect(mode(dir)).toBe(0o700);
    expect(mode(file)).toBe(0o600);
  });

  it("tighten what an older version left readable, keeping the secret", () => {
    const dir = mkdtempSync(join(tmpdir(), "meshplane-secret-"));
    chmodSync(dir, 0o755);
    const file = join(dir, "auth-secret");
    writeFileSync(file, "kept-secret\n", { mode: 0o644 });
    chmodSync(file, 0o644);
    expect(generatedSecret(file)).toBe("kept-secret");
    expect(readFileSync(file, "utf8")).toBe("kept-secret\n");
    expect([mode(dir), mode(file)]).toEqual([0o700, 0o600]);
  });
});
