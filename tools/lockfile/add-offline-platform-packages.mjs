// The registry mirror on our build machines serves only Linux builds of Next.js's SWC compiler, so
// `npm install` here writes a lockfile without the macOS and Windows entries that `next` lists as
// optional dependencies, and `npm ci` then refuses the lockfile as out of sync. This adds those
// entries (name, version, os/cpu; npm resolves and verifies them from the registry on the machines
// that need them). Run it after any `npm install`: `node tools/lockfile/add-offline-platform-packages.mjs`.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const lockfilePath = join(import.meta.dirname, "..", "..", "package-lock.json");
const PLATFORM_PACKAGES = {
  "@next/swc-darwin-arm64": { os: ["darwin"], cpu: ["arm64"] },
  "@next/swc-darwin-x64": { os: ["darwin"], cpu: ["x64"] },
  "@next/swc-win32-arm64-msvc": { os: ["win32"], cpu: ["arm64"] },
  "@next/swc-win32-x64-msvc": { os: ["win32"], cpu: ["x64"] },
};

const lockfile = JSON.parse(readFileSync(lockfilePath, "utf8"));
const next = lockfile.packages["node_modules/next"];
let added = 0;
for (const [name, platform] of Object.entries(PLATFORM_PACKAGES)) {
  const key = `node_modules/${name}`;
  const version = next?.optionalDependencies?.[name];
  if (version === undefined || lockfile.packages[key] !== undefined) continue;
  lockfile.packages[key] = {
    version,
    ...platform,
    license: "MIT",
    optional: true,
    engines: { node: ">= 10" },
  };
  added += 1;
}
writeFileSync(lockfilePath, `${JSON.stringify(lockfile, null, 2)}\n`);
console.log(`package-lock.json: added ${added} platform package entr${added === 1 ? "y" : "ies"}`);
