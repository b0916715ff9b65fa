import "server-only";
/**
 * Availability probes of products' HTTP inference endpoints. The portal runs `runProbes` every
 * MESHPLANE_PROBE_SECONDS (instrumentation.ts): each endpoint once, results recorded; external
 * probers post to /api/v1/sla/probes as well or instead. A probe succeeds on any answer below
 * 500 within the timeout: the endpoint is up even when it rejects an empty request.
 */
import { DataProductSpec } from "#contract";
import type { Database, Db } from "#db/client";
import { messageOf } from "#lib/errors";
import { every } from "../schedule";
import { now } from "./clock";
import { httpEndpoint, recordProductSla } from "./sla";

const TIMEOUT_MS = 5_000;

export interface ProbeResult {
  ok: boolean;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
}

export async function probeEndpoint(
  url: string,
  fetcher: typeof fetch = fetch,
): Promise<ProbeResult> {
  const started = performance.now();
  try {
    const response = await fetcher(url, { method: "GET", signal: AbortSignal.timeout(TIMEOUT_MS) });
    await response.body?.cancel();
    const latencyMs = Math.round(performance.now() - started);
    const ok = response.status < 500;
    return {
      ok,
      statusCode: response.status,
      latencyMs,
      error: ok ? null : `HTTP ${response.status}`,
    };
  } catch (error) {
    const latencyMs = Math.round(performance.now() - started);
    return {
      ok: false,
      statusCode: null,
      latencyMs,
      error: messageOf(error),
    };
  }
}

/** Endpoints probed at once: a slow endpoint (up to the timeout) must not hold up the others. */
const CONCURRENCY = 8;

interface Target {
  product: { id: string; domain: string; name: string; spec: unknown; outputs: unknown };
  url: string;
}

async function probeAndRecord(db: Db, { product, url }: Target, fetcher: typeof fetch) {
  const result = await probeEndpoint(url, fetcher);
  await db.availabilityProbe.create({ data: { productId: product.id, ...result, at: now() } });
  await recordProductSla(db, product, now());
}

/** Probes every live product with an HTTP endpoint once; returns how many it probed. */
export async function runProbes(db: Db, fetcher: typeof fetch = fetch): Promise<number> {
  const products = await db.dataProduct.findMany({
    where: { status: "live" },
    select: { id: true, domain: true, name: true, spec: true, outputs: true },
  });
  const targets = products.flatMap((product): Target[] => {
    const spec = DataProductSpec.safeParse(product.spec);
    const url = spec.success ? httpEndpoint(spec.data, product.outputs) : undefined;
    return url === undefined ? [] : [{ product, url }];
  });
  for (let start = 0; start < targets.length; start += CONCURRENCY) {
    const batch = targets.slice(start, start + CONCURRENCY);
    await Promise.all(batch.map((target) => probeAndRecord(db, target, fetcher)));
  }
  return targets.length;
}

/** Probes every `intervalSeconds` (MESHPLANE_PROBE_SECONDS); a slow round is not overlapped. */
export function startProber(db: () => Database, intervalSeconds: number): () => void {
  return every({ label: "probes", intervalSeconds, run: () => runProbes(db()) });
}
