import "server-only";
/**
 * Availability probes of products' HTTP inference endpoints. `runProbes` is what a worker calls on
 * a schedule (it probes each endpoint once and records the results); external probers post to
 * /api/v1/sla/probes instead. A probe succeeds on any answer below 500 within the timeout: the
 * endpoint is up even when it rejects an empty request.
 */
import { DataProductSpec } from "#contract";
import type { Db } from "../db";
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
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

/** Probes every live product with an HTTP endpoint once; returns how many it probed. */
export async function runProbes(db: Db, fetcher: typeof fetch = fetch): Promise<number> {
  const products = await db.dataProduct.findMany({
    where: { status: "live" },
    select: { id: true, domain: true, name: true, spec: true, outputs: true },
  });
  let probed = 0;
  for (const product of products) {
    const spec = DataProductSpec.safeParse(product.spec);
    const url = spec.success ? httpEndpoint(spec.data, product.outputs) : undefined;
    if (url === undefined) continue;
    const result = await probeEndpoint(url, fetcher);
    await db.availabilityProbe.create({ data: { productId: product.id, ...result, at: now() } });
    await recordProductSla(db, product, now());
    probed += 1;
  }
  return probed;
}
