/**
 * Measure 6 (first half): first-load JS per page route, gzipped, from the `next build` output in
 * portal/.next, or in the snapshot of HEAD that page-speed built earlier in the same run (one
 * build then serves both halves). A route's first load is the framework's root chunks (build-manifest rootMainFiles)
 * plus the chunks its client-reference manifest lists for the route's layouts, error boundaries
 * and page; each file counts once, gzipped as a server would send it.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { runInNewContext } from "node:vm";
import { gzipSync } from "node:zlib";
import { z } from "zod";
import type { MeasureResult, ResultRow } from "../result";

const WORKTREE_BUILD = join(import.meta.dirname, "..", "..", "portal", ".next");
const LIMIT_KB = 200;

const BuildManifest = z.object({ rootMainFiles: z.array(z.string()) });
const RouteManifest = z.record(z.string(), z.string());
const ClientManifest = z.object({ entryJSFiles: z.record(z.string(), z.array(z.string())) });

/** Entries loaded with a page: its own, and the layouts and error boundaries on its path. */
export function loadedEntries(entries: readonly string[], page: string): string[] {
  const dir = page.replace(/\/page$/, "");
  return entries.filter((entry) => {
    const match = /^\[project\]\/portal\/app(.*)\/(page|layout|error)$/.exec(entry);
    if (match === null) return false;
    const [, at = "", kind] = match;
    return kind === "page" ? at === dir : dir === at || dir.startsWith(`${at}/`);
  });
}

function clientManifest(nextDir: string, page: string): z.infer<typeof ClientManifest> {
  const file = join(nextDir, "server", "app", `${page}_client-reference-manifest.js`);
  const sandbox: { globalThis: { __RSC_MANIFEST?: Record<string, unknown> } } = { globalThis: {} };
  runInNewContext(readFileSync(file, "utf8"), sandbox);
  return ClientManifest.parse(sandbox.globalThis.__RSC_MANIFEST?.[page]);
}

const gzipped = new Map<string, number>();
function gzipSize(path: string): number {
  let size = gzipped.get(path);
  if (size === undefined) {
    size = gzipSync(readFileSync(path)).length;
    gzipped.set(path, size);
  }
  return size;
}

/** `snapshot`: the root of a HEAD snapshot built in this run, read instead of portal/.next. */
export function measurePageWeight(snapshot?: string): Promise<MeasureResult> {
  const nextDir = snapshot === undefined ? WORKTREE_BUILD : join(snapshot, "portal", ".next");
  const source = snapshot === undefined ? "portal/.next" : "the snapshot of HEAD page-speed built";
  const manifestFile = join(nextDir, "build-manifest.json");
  if (!existsSync(manifestFile))
    throw new Error(`${source} has no build: run \`npm run portal:build\` first`);
  const root = BuildManifest.parse(JSON.parse(readFileSync(manifestFile, "utf8"))).rootMainFiles;
  const routes = RouteManifest.parse(
    JSON.parse(readFileSync(join(nextDir, "app-path-routes-manifest.json"), "utf8")),
  );
  const pages = Object.entries(routes)
    .filter(([page, path]) => page.endsWith("/page") && !path.startsWith("/_"))
    .sort(([, a], [, b]) => a.localeCompare(b));
  const rows: ResultRow[] = pages.map(([page, path]) => {
    const entries = clientManifest(nextDir, page).entryJSFiles;
    const files = new Set([
      ...root,
      ...loadedEntries(Object.keys(entries), `/${page.replace(/^\//, "")}`).flatMap(
        (entry) => entries[entry] ?? [],
      ),
    ]);
    const kb = [...files].reduce((sum, file) => sum + gzipSize(join(nextDir, file)), 0) / 1024;
    return {
      label: path,
      value: { amount: kb, unit: "KB gz" },
      target: { text: `≤ ${LIMIT_KB} KB gzipped`, met: kb <= LIMIT_KB },
    };
  });
  const built = statSync(manifestFile).mtime.toISOString();
  return Promise.resolve({
    measure: "page-weight",
    title: "First-load JS per page route (gzipped, from the next build output)",
    database: "none",
    rows,
    notes: [
      `Build of ${built} in ${source}. Lazily loaded chunks (the lineage graph's React Flow and elkjs) are not first-load and not counted.`,
    ],
  });
}
