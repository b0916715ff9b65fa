/**
 * Measure 6 (second half): Largest Contentful Paint of the catalog and lineage pages, signed in,
 * in headless Chromium (the system /usr/bin/chromium through Playwright), against `next start` of
 * a production build on the loaded benchmark database. Each load is a fresh page in one context
 * (so the session cookie is set but the page's own caches are cold), after a warm-up load.
 */
import { chromium, type BrowserContext } from "@playwright/test";
import { DEV_PASSWORD } from "../../portal/bootstrap/dev-credentials";
import type { MeasureContext } from "../context";
import { buildPortal, startPortal } from "../next-server";
import { BENCH_USER } from "../portal";
import type { MeasureResult, ResultRow } from "../result";
import { summarize } from "../stats";

const PAGES = ["/catalog", "/lineage"] as const;
const LIMIT_MS = 1_000;
const PORT = 3917;

const LCP_SCRIPT = `new Promise((resolve) => {
  new PerformanceObserver((list) => {
    const entries = list.getEntries();
    resolve(entries[entries.length - 1].startTime);
  }).observe({ type: "largest-contentful-paint", buffered: true });
})`;

async function lcp(context: BrowserContext, url: string): Promise<number> {
  const page = await context.newPage();
  try {
    const response = await page.goto(url, { waitUntil: "networkidle" });
    if (response === null || !response.ok() || new URL(page.url()).pathname === "/sign-in")
      throw new Error(`${url} did not load signed in (${response?.status() ?? "no response"})`);
    const value: unknown = await page.evaluate(LCP_SCRIPT);
    if (typeof value !== "number") throw new Error(`${url}: no LCP entry`);
    return value;
  } finally {
    await page.close();
  }
}

export async function measurePageSpeed(context: MeasureContext): Promise<MeasureResult> {
  const dir = await buildPortal(context.log);
  const portal = await startPortal(dir, context.database.url, PORT);
  const browser = await chromium.launch({
    executablePath: process.env.MESHPLANE_CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-sync"],
  });
  try {
    const session = await browser.newContext({ baseURL: portal.url });
    const signIn = await session.request.post("/api/auth/sign-in/email", {
      data: { email: BENCH_USER.email, password: DEV_PASSWORD },
      headers: { origin: portal.url },
    });
    if (!signIn.ok()) throw new Error(`sign-in on next start failed: ${signIn.status()}`);
    const loads = Math.max(5, Math.floor(context.sampling.samples / 10));
    const rows: ResultRow[] = [];
    for (const path of PAGES) {
      await lcp(session, `${portal.url}${path}`);
      const times: number[] = [];
      for (let i = 0; i < loads; i += 1) times.push(await lcp(session, `${portal.url}${path}`));
      const api = summarize(times);
      rows.push({
        label: `LCP ${path}`,
        api,
        target: { text: "LCP p95 ≤ 1 s", met: api.p95 <= LIMIT_MS },
      });
    }
    return {
      measure: "page-speed",
      title: "Largest Contentful Paint in headless Chromium (next start, production build)",
      database: context.database.target,
      rows,
      notes: [
        `${loads} loads per page after one warm-up, signed in as a platform admin who sees all ${context.dataset.specs.length} products; no network throttling (loopback), no CPU throttling.`,
      ],
    };
  } finally {
    await browser.close();
    await portal.stop();
  }
}
