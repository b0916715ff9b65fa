/**
 * The contract's word lists and fixed values as plain data, with no zod: the request form's
 * sections read them at first paint, and importing them from spec.ts or inference.ts would bring
 * the schemas (and zod) into the form's first load (docs/performance.md, measure 6). spec.ts and
 * inference.ts re-export them, so the rest of the code keeps its import paths.
 */

export const API_VERSION = "meshplane.dev/v1alpha1";

export const CLASSIFICATIONS = ["public", "internal", "confidential", "restricted"] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

/** Portable runtime names; components map them to each cloud's identifiers. */
export const INFERENCE_RUNTIMES = ["python3.12", "python3.13", "nodejs22", "java21"] as const;
export type InferenceRuntime = (typeof INFERENCE_RUNTIMES)[number];

export const INFERENCE_TRIGGERS = ["http", "object-created"] as const;
export type InferenceTrigger = (typeof INFERENCE_TRIGGERS)[number];

/** Azure Flex Consumption offers exactly these instance sizes. */
export const AZURE_FLEX_MEMORY_MB = [512, 2048, 4096] as const;
