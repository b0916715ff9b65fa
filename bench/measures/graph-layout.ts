/**
 * Measure 8: the lineage graph's layout at 500 and 2,000 nodes, in headless Chromium (the system
 * /usr/bin/chromium through Playwright). The page lays out a seeded lineage-shaped graph (datasets
 * and the jobs between them, layered like pipelines) with the portal's own elkjs input
 * (portal/ui/lineage/layout-input.ts), once through a Web Worker as the portal does
 * (elkjs/lib/elk-api + elk-worker, graph-layout.ts) and once on the main thread as it did before
 * (elk.bundled), and reports per run: the layout time, the main thread's total blocking time
 * (the Long Tasks API: the part of each task over 50 ms, summed) and the longest gap of a 10 ms
 * timer (how long a click would have waited). React Flow's rendering of the laid-out graph is not
 * part of this measure: it only renders the nodes in view (`onlyRenderVisibleElements`).
 */
import { createServer, type Server } from "node:http";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { chromium, type Page } from "@playwright/test";
import { elkInput } from "../../portal/ui/lineage/layout-input";
import { seededRandom, type Random } from "../random";
import type { MeasureResult, ResultRow } from "../result";
import { summarize } from "../stats";

const SIZES = [500, 2_000] as const;
/** Targets (docs/performance.md): the worker keeps the page responsive whatever the size. */
const BLOCKING_LIMIT_MS = 100;
const LAYOUT_LIMIT_MS: Record<(typeof SIZES)[number], number> = { 500: 2_000, 2000: 10_000 };

interface Graph {
  nodes: { id: number }[];
  edges: { source: number; target: number }[];
}

/**
 * `size` nodes shaped like lineage: each job reads one to three datasets of earlier stages and
 * writes one or two new ones, so the graph is a layered DAG with fan-in and fan-out.
 */
export function lineageShapedGraph(size: number, random: Random): Graph {
  const nodes: { id: number }[] = [];
  const edges: { source: number; target: number }[] = [];
  const datasets: number[] = [];
  const add = () => {
    const id = nodes.length + 1;
    nodes.push({ id });
    return id;
  };
  for (let i = 0; i < Math.min(10, size); i += 1) datasets.push(add());
  while (nodes.length < size) {
    const job = add();
    const recent = datasets.slice(-60);
    for (const input of random.sample(recent, 1 + random.int(3)))
      edges.push({ source: input, target: job });
    const outputs = Math.min(1 + random.int(2), size - nodes.length);
    for (let i = 0; i < outputs; i += 1) {
      const output = add();
      edges.push({ source: job, target: output });
      datasets.push(output);
    }
  }
  return { nodes, edges };
}

const PAGE = `<!doctype html><html><body>
<script src="/elk-api.js"></script>
<script>window.ElkApi = window.ELK.default ?? window.ELK;</script>
<script src="/elk.bundled.js"></script>
<script>
window.ElkMain = window.ELK.default ?? window.ELK;
window.measure = async (graph, mode) => {
  const tasks = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) tasks.push(entry.duration);
  });
  observer.observe({ type: "longtask" });
  // "cold": a new worker, its script loaded and run unoptimised (a page's first layout);
  // "worker": the page's one worker, reused as graph-layout.ts reuses it; "main": elk.bundled.
  if (mode === "cold") window.workerElk?.terminateWorker();
  if (mode !== "main" && (mode === "cold" || !window.workerElk))
    window.workerElk = new ElkApi({ workerUrl: "/elk-worker.min.js" });
  const elk = mode === "main" ? new ElkMain() : window.workerElk;
  let last = performance.now();
  let maxGap = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
  }, 10);
  const started = performance.now();
  const result = await elk.layout(graph);
  const took = performance.now() - started;
  clearInterval(timer);
  maxGap = Math.max(maxGap, performance.now() - last);
  await new Promise((resolve) => setTimeout(resolve, 100));
  observer.disconnect();
  return {
    took,
    blocking: tasks.reduce((sum, d) => sum + Math.max(0, d - 50), 0),
    longest: Math.max(0, ...tasks),
    maxGap,
    placed: (result.children ?? []).filter((c) => typeof c.x === "number").length,
  };
};
</script></body></html>`;

interface Run {
  took: number;
  blocking: number;
  longest: number;
  maxGap: number;
  placed: number;
}

function serveElk(): Promise<Server> {
  const require = createRequire(import.meta.url);
  const file = (name: string) => readFileSync(require.resolve(`elkjs/lib/${name}`));
  const files: Record<string, Buffer> = {
    "/elk-api.js": file("elk-api.js"),
    "/elk.bundled.js": file("elk.bundled.js"),
    "/elk-worker.min.js": file("elk-worker.min.js"),
  };
  const server = createServer((request, response) => {
    const body = files[request.url ?? ""];
    if (request.url === "/") {
      response.writeHead(200, { "content-type": "text/html" }).end(PAGE);
    } else if (body === undefined) {
      response.writeHead(404).end();
    } else {
      response.writeHead(200, { "content-type": "text/javascript" }).end(body);
    }
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      resolve(server);
    }),
  );
}

type Mode = "cold" | "worker" | "main";

async function runs(page: Page, graph: Graph, mode: Mode, count: number) {
  const input = elkInput(graph);
  const results: Run[] = [];
  for (let i = 0; i < count; i += 1) {
    const run = (await page.evaluate(
      ([g, m]) =>
        (window as unknown as { measure: (g: unknown, m: string) => unknown }).measure(g, m),
      [input, mode] as const,
    )) as Run;
    if (run.placed !== graph.nodes.length)
      throw new Error(`${mode} layout placed ${run.placed} of ${graph.nodes.length} nodes`);
    results.push(run);
  }
  return results;
}

export async function measureGraphLayout(samples: number): Promise<MeasureResult> {
  const server = await serveElk();
  const browser = await chromium.launch({
    executablePath: process.env.MESHPLANE_CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-sync"],
  });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    const rows: ResultRow[] = [];
    const notes: string[] = [];
    for (const size of SIZES) {
      const graph = lineageShapedGraph(size, seededRandom(size));
      const cold = await runs(page, graph, "cold", 1); // a fresh worker: the page's first layout
      const count = size >= 2_000 ? Math.max(2, Math.ceil(samples / 2)) : samples;
      const worker = await runs(page, graph, "worker", count);
      await runs(page, graph, "main", 1); // warm-up of elk.bundled on the main thread
      const main = await runs(page, graph, "main", count);
      const took = summarize(worker.map((r) => r.took));
      const blocking = summarize(worker.map((r) => r.blocking));
      const mainBlocking = summarize(main.map((r) => r.blocking));
      rows.push(
        {
          label: `layout ${size} nodes (worker)`,
          api: took,
          raw: summarize(main.map((r) => r.took)),
          target: {
            text: `layout p95 ≤ ${LAYOUT_LIMIT_MS[size] / 1000} s`,
            met: took.p95 <= LAYOUT_LIMIT_MS[size],
          },
        },
        {
          label: `main-thread blocking during layout, ${size} nodes`,
          api: blocking,
          raw: mainBlocking,
          target: {
            text: `total blocking time p95 ≤ ${BLOCKING_LIMIT_MS} ms`,
            met: blocking.p95 <= BLOCKING_LIMIT_MS,
          },
        },
        {
          label: `first layout in a fresh worker, ${size} nodes`,
          value: { amount: cold[0]?.took ?? Number.NaN, unit: "ms (cold worker)" },
          baseline: { amount: took.p50, unit: "ms (warm worker, p50)" },
        },
        {
          label: `longest wait of a 10 ms timer during layout, ${size} nodes`,
          value: { amount: Math.max(...worker.map((r) => r.maxGap)), unit: "ms (worker)" },
          baseline: { amount: Math.max(...main.map((r) => r.maxGap)), unit: "ms (main thread)" },
        },
      );
      notes.push(
        `${size} nodes, ${graph.edges.length} edges: ${count} runs per mode after one warm-up (for the worker: the cold first layout in a fresh worker, reported on its own; then the page's one worker is reused, as the portal reuses it); "raw" is the same layout on the main thread (elk.bundled), as the portal did before.`,
      );
    }
    return {
      measure: "graph-layout",
      title: "Lineage graph layout in headless Chromium: Web Worker vs main thread",
      database: "none",
      rows,
      notes,
    };
  } finally {
    await browser.close();
    await new Promise((resolve) => server.close(resolve));
  }
}
