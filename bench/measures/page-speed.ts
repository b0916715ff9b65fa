/**
 * Measure 6 (second half): Largest Contentful Paint of the catalog and lineage pages, signed in,
 * in headless Chromium (the system /usr/bin/chromium through Playwright), against `next start` of
 * a production build on the loaded benchmark database. Each load is a fresh page in one context
 * (so the session cookie is set but the page's own caches are cold), after a warm-up load.
 */
import { chromium, type BrowserContext } from "@playwright/test";
import { z } from "zod";
import { DEV_PASSWORD } from "../../portal/bootstrap/dev-credentials";
import type { MeasureContext } from "../context";
import { buildPortal, startPortal } from "../next-server";
import { BENCH_USER } from "../portal";
import type { MeasureResult, ResultRow } from "../result";
import { summarize } from "../stats";

const PAGES = ["/catalog", "/lineage"] as const;
const LIMIT_MS = 1_000;
const PORT = 3917;

/**
 * The last LCP entry's time, the element it painted (tag, id or first class, and the start of its
 * text), the navigation's time to first byte and to its last byte, and the HTML document's size
 * (decoded, as the browser parses it): what a slow LCP waited for, the server, the download of the
 * HTML or the work after it.
 */
const LCP_SCRIPT = `new Promise((resolve) => {
  new PerformanceObserver((list) => {
    const entries = list.getEntries();
    const last = entries[entries.length - 1];
    const el = last.element;
    const name = el ? el.tagName.toLowerCase() + (el.id ? "#" + el.id : el.classList.length ? "." + el.classList[0] : "") : "(removed)";
    const text = el ? (el.textContent || "").trim().slice(0, 30) : "";
    const nav = performance.getEntriesByType("navigation")[0];
    resolve({ time: last.startTime, element: text ? name + ' "' + text + '"' : name, ttfb: nav ? nav.responseStart : -1, lastByte: nav ? nav.responseEnd : -1, htmlBytes: nav ? nav.decodedBodySize : -1 });
  }).observe({ type: "largest-contentful-paint", buffered: true });
})`;

const LcpEntry = z.object({
  time: z.number(),
  element: z.string(),
  ttfb: z.number(),
  lastByte: z.number(),
  htmlBytes: z.number(),
});
type LcpEntry = z.infer<typeof LcpEntry>;

async function lcp(context: BrowserContext, url: string): Promise<LcpEntry> {
  const page = await context.newPage();
  try {
    const response = await page.goto(url, { waitUntil: "networkidle" });
    if (response === null || !response.ok() || new URL(page.url()).pathname === "/sign-in")
      throw new Error(`${url} did not load signed in (${response?.status() ?? "no response"})`);
    const entry = LcpEntry.safeParse(await page.evaluate(LCP_SCRIPT));
    if (!entry.success) throw new Error(`${url}: no LCP entry`);
    return entry.data;
  } finally {
    await page.close();
  }
}

/** "`/catalog`: time to first byte p50 …; LCP element: x (18 of 20), y (2)". */
function whatItWaitedFor(path: string, entries: readonly LcpEntry[]): string {
  const counts = new Map<string, number>();
  for (const { element } of entries) counts.set(element, (counts.get(element) ?? 0) + 1);
  const elements = [...counts]
    .sort(([, a], [, b]) => b - a)
    .map(([element, n]) => `${element} (${n} of ${entries.length})`)
    .join(", ");
  const ttfb = summarize(entries.map((entry) => entry.ttfb));
  const lastByte = summarize(entries.map((entry) => entry.lastByte));
  const html = summarize(entries.map((entry) => entry.htmlBytes / 1024));
  return (
    `${path}: time to first byte p50 ${ttfb.p50.toFixed(0)} ms, p95 ${ttfb.p95.toFixed(0)} ms; ` +
    `to the HTML's last byte p50 ${lastByte.p50.toFixed(0)} ms, p95 ${lastByte.p95.toFixed(0)} ms; ` +
    `HTML ${html.p50.toFixed(0)} KB decoded; LCP element ${elements}.`
  );
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
    const waitedFor: string[] = [];
    for (const path of PAGES) {
      await lcp(session, `${portal.url}${path}`);
      const entries: LcpEntry[] = [];
      for (let i = 0; i < loads; i += 1) entries.push(await lcp(session, `${portal.url}${path}`));
      waitedFor.push(whatItWaitedFor(path, entries));
      const api = summarize(entries.map((entry) => entry.time));
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
        ...waitedFor,
      ],
    };
  } finally {
    await browser.close();
    await portal.stop();
  }
}
