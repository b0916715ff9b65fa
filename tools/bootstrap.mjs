// Installs dependencies on a fresh clone (or after the lockfile changed) before `npm start` and
// `npm test`, so the README's two commands need nothing else. Plain JS: it runs before tsx and
// Node 24 (a dev dependency) are installed, on whatever Node runs npm.
import { execSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const installedMarker = join(root, "node_modules", ".package-lock.json");
const lockfile = join(root, "package-lock.json");

function installIsCurrent() {
  return (
    existsSync(installedMarker) && statSync(installedMarker).mtimeMs >= statSync(lockfile).mtimeMs
  );
}

if (!installIsCurrent()) {
  console.log("meshplane: installing dependencies (npm ci)…");
  execSync("npm ci --no-audit --no-fund", { cwd: root, stdio: "inherit" });
}
