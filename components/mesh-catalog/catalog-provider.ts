/**
 * The dynamic provider behind MeshCatalogEntry: `PUT` the registration to the portal on create and
 * update, `DELETE ?stack=<stack>` on delete (the portal marks the product decommissioned if this
 * stack registered it, and answers 204 either way). Self-contained like every dynamic provider
 * (Pulumi serialises these functions into its provider process): only global `fetch` and `URL`
 * and plain functions from this file.
 *
 * The platform token is an input and an output (delete needs it and only gets the outputs); the
 * resource marks it secret both ways, and no message here ever includes it.
 */
import type * as pulumi from "@pulumi/pulumi";

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 500, maxDelayMs: 8000 };

export interface MeshCatalogInputs {
  /** Full URL of the product: `{catalogUrl}/api/v1/catalog/products/{domain}/{name}`. */
  url: string;
  platformToken: string;
  /** The CatalogRegistration body, already validated against the contract. */
  registration: Record<string, unknown>;
  retry: RetryPolicy;
}

export type MeshCatalogOutputs = MeshCatalogInputs;

/** Attempt n (0-based) waits base·2ⁿ, capped; a Retry-After in seconds wins when it is longer. */
export function backoffMs(policy: RetryPolicy, attempt: number, retryAfter: string | null): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  const seconds = retryAfter === null ? NaN : Number(retryAfter);
  const asked = Number.isFinite(seconds) ? Math.min(policy.maxDelayMs, seconds * 1000) : 0;
  return Math.max(exponential, asked);
}

function retryable(status: number): boolean {
  return status === 429 || status >= 500;
}

/** The portal's problem+json `title: detail` and field errors, or the raw text (short). */
async function problemText(response: Response): Promise<string> {
  const text = await response.text();
  try {
    const problem: unknown = JSON.parse(text);
    if (typeof problem !== "object" || problem === null) return text.slice(0, 500);
    const title: unknown = Reflect.get(problem, "title");
    const detail: unknown = Reflect.get(problem, "detail");
    const errors: unknown = Reflect.get(problem, "errors");
    const fields = Array.isArray(errors)
      ? errors.map((e: unknown) =>
          typeof e === "object" && e !== null
            ? `${String(Reflect.get(e, "path"))}: ${String(Reflect.get(e, "message"))}`
            : String(e),
        )
      : [];
    const head = [title, detail].filter((part) => typeof part === "string").join(": ");
    return [head, ...fields].filter((part) => part !== "").join("; ");
  } catch {
    return text.slice(0, 500);
  }
}

/**
 * One request with bounded retries on network errors, 5xx and 429. Resolves with the final
 * response (2xx or a non-retryable 4xx); throws after the last attempt fails.
 */
async function sendWithRetry(
  method: "PUT" | "DELETE",
  inputs: Pick<MeshCatalogInputs, "url" | "platformToken" | "retry">,
  body: string | undefined,
): Promise<Response> {
  const policy = inputs.retry;
  let lastProblem = "no attempt made";
  for (let attempt = 0; attempt < policy.attempts; attempt++) {
    let retryAfter: string | null = null;
    try {
      const response = await fetch(inputs.url, {
        method,
        headers: {
          authorization: `Bearer ${inputs.platformToken}`,
          accept: "application/json, application/problem+json",
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(body === undefined ? {} : { body }),
        signal: AbortSignal.timeout(30_000),
      });
      if (!retryable(response.status)) return response;
      retryAfter = response.headers.get("retry-after");
      lastProblem = `${response.status} ${await problemText(response)}`;
    } catch (error) {
      lastProblem = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
    if (attempt + 1 < policy.attempts) {
      const delay = backoffMs(policy, attempt, retryAfter);
      await new Promise((done) => setTimeout(done, delay));
    }
  }
  throw new Error(
    `mesh catalog: ${method} ${inputs.url} failed after ${policy.attempts} attempts; last: ${lastProblem}`,
  );
}

async function putRegistration(inputs: MeshCatalogInputs): Promise<void> {
  const response = await sendWithRetry("PUT", inputs, JSON.stringify(inputs.registration));
  if (!response.ok) {
    throw new Error(
      `mesh catalog refused the registration (PUT ${inputs.url} → ${response.status}): ${await problemText(response)}`,
    );
  }
  await response.body?.cancel();
}

/**
 * The DELETE URL names the stack the registration came from, so destroying one environment's
 * stack cannot decommission the product another environment's stack registered.
 */
function deleteUrl(inputs: Pick<MeshCatalogInputs, "url" | "registration">): string {
  const stack: unknown = inputs.registration.stack;
  if (typeof stack !== "string") return inputs.url;
  const url = new URL(inputs.url);
  url.searchParams.set("stack", stack);
  return url.href;
}

async function deleteRegistration(inputs: MeshCatalogInputs): Promise<void> {
  const response = await sendWithRetry("DELETE", { ...inputs, url: deleteUrl(inputs) }, undefined);
  // 404: the portal no longer knows the product, which is what delete wants.
  if (!response.ok && response.status !== 404) {
    throw new Error(
      `mesh catalog refused the decommission (DELETE ${deleteUrl(inputs)} → ${response.status}): ${await problemText(response)}`,
    );
  }
  await response.body?.cancel();
}

export const meshCatalogProvider: pulumi.dynamic.ResourceProvider<
  MeshCatalogInputs,
  MeshCatalogOutputs
> = {
  diff(_id, olds, news) {
    const changed =
      olds.platformToken !== news.platformToken ||
      JSON.stringify(olds.registration) !== JSON.stringify(news.registration);
    // A new URL is another catalog entry: register there, then remove the old one.
    const replaces = olds.url === news.url ? [] : ["url"];
    return Promise.resolve({ changes: changed || replaces.length > 0, replaces });
  },
  async create(inputs) {
    await putRegistration(inputs);
    return { id: inputs.url, outs: inputs };
  },
  async update(_id, _olds, news) {
    await putRegistration(news);
    return { outs: news };
  },
  async delete(_id, props) {
    await deleteRegistration(props);
  },
};
