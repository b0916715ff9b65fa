/**
 * Files only the installation's own user may read: the data directory (0700) and the secrets
 * generated into it on first use (0600), such as the development auth secret, the platform token
 * and the embedded database's password. One way to make them, so none of them is ever left
 * readable by the other local users, and one that tightens what an older version left looser.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

const PRIVATE_DIRECTORY = 0o700;
const PRIVATE_FILE = 0o600;
/** Permission bits for the group and everyone else. */
const NOT_OWNER = 0o077;

/** Creates `dir` (and its parents) if missing, and makes it 0700 if it is looser. */
export function ensurePrivateDirectory(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIRECTORY });
  tighten(dir, PRIVATE_DIRECTORY);
}

/** Makes an existing file or directory private to its owner if it is not already. */
export function tighten(path: string, mode: number): void {
  if ((statSync(path).mode & NOT_OWNER) !== 0) chmodSync(path, mode);
}

export function tightenFile(path: string): void {
  tighten(path, PRIVATE_FILE);
}

/**
 * The secret kept in `file`: generated once (32 random bytes, hex) into a 0600 file in a 0700
 * directory, then read back on every start, so what it protects (sessions, a database) survives
 * restarts.
 */
export function generatedSecret(file: string): string {
  ensurePrivateDirectory(dirname(file));
  if (!existsSync(file)) {
    writeFileSync(file, `${randomBytes(32).toString("hex")}\n`, {
      mode: PRIVATE_FILE,
      flag: "wx",
    });
  }
  tightenFile(file);
  return readFileSync(file, "utf8").trim();
}
