/**
 * What every cloud's inference function shares, whatever runs it (Lambda, Cloud Run, a Flex
 * Consumption app): the spec it needs, how the spec's concurrency becomes a cap and a number of
 * warm instances, and the product output that names it. Pure.
 */
import type { InferenceOutput, InferenceSpec } from "#contract";
import type { ProductContext } from "./context";

/** The context's inference spec; an InferenceFunction without one has nothing to deploy. */
export function requireInference(context: ProductContext): InferenceSpec {
  const inference = context.spec.inference;
  if (inference === undefined) {
    throw new Error("InferenceFunction: context has no spec.inference; nothing to deploy");
  }
  return inference;
}

export interface ConcurrencyLimits {
  /** Most executions (or instances) at once: always an explicit cap (MP-FN-001). */
  cap: number;
  /** Executions (or instances) kept warm; 0 for none. */
  warm: number;
}

/**
 * reservedConcurrency is the cap; without one, the platform's `defaultCap`, raised to the warm
 * instances when there are more of those (warm instances above the cap could never all be warm).
 * The contract refuses more warm instances than a cap it names; checked again so that a planner
 * stands on its own.
 */
export function concurrencyLimits(
  inference: Pick<InferenceSpec, "reservedConcurrency" | "provisionedConcurrency">,
  defaultCap: number,
): ConcurrencyLimits {
  const warm = inference.provisionedConcurrency;
  const cap = inference.reservedConcurrency ?? Math.max(defaultCap, warm);
  if (warm > cap) {
    throw new Error(`provisionedConcurrency (${warm}) cannot exceed reservedConcurrency (${cap})`);
  }
  return { cap, warm };
}

/**
 * The product output's `inference` member (contract/outputs.ts): the function's name, and its
 * endpoint when the http trigger is on; nothing when the product has no function.
 */
export function inferenceOutput(
  name: string | undefined,
  endpointUrl: string | undefined,
): { inference?: InferenceOutput } {
  if (name === undefined) return {};
  return { inference: endpointUrl === undefined ? { name } : { name, endpointUrl } };
}
