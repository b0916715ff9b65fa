/**
 * The shape of a plan preview: what `DataProduct` would create for a spec under Pulumi mocks, and
 * what the mesh policy pack says about it. Validated with zod where it crosses a boundary (the
 * preview child's message, the JSON column on product_requests). Free of Node and Pulumi imports,
 * so the portal's pages and the tests read it directly.
 */
import { z } from "zod";

export const PlannedResource = z.object({
  /** Pulumi type token, e.g. `aws:s3/bucket:Bucket` or `meshplane:aws:IcebergStorage`. */
  type: z.string().min(1),
  /** Logical name (the first argument of the resource's constructor). */
  name: z.string().min(1),
  /** Logical name of the parent resource; null for the DataProduct component itself. */
  parent: z.string().nullable(),
  /** True for cloud resources, false for component resources (groupings). */
  custom: z.boolean(),
  /** The resource's top-level inputs, each rendered as short JSON (tags and labels omitted). */
  inputs: z.record(z.string(), z.string()),
  protect: z.boolean(),
  retainOnDelete: z.boolean(),
});
export type PlannedResource = z.infer<typeof PlannedResource>;

/** `not-applicable`: the control has no meaning on this target; the message says why. */
const PolicyOutcome = z.enum(["pass", "violation", "not-applicable"]);

export const PolicyResult = z.object({
  /** Stable control id such as `MP-ENC-001` (components/policy/controls.ts). */
  controlId: z.string().min(1),
  /** What the control promises, in words. */
  control: z.string(),
  /** The policy (one per control and cloud) that reported it, e.g. `mp-enc-001-aws`; empty for n/a. */
  policy: z.string(),
  /** Logical name of the offending resource; null for a pass, a stack-wide finding or n/a. */
  resource: z.string().nullable(),
  outcome: PolicyOutcome,
  message: z.string(),
});
export type PolicyResult = z.infer<typeof PolicyResult>;

/** What the preview child sends back: a plan, or why there is none. */
export const PreviewInput = z.object({
  spec: z.unknown(),
  environment: z.string(),
  /** The portal the product would register in (the catalog entry is part of the plan). */
  catalogUrl: z.url(),
});
export type PreviewInput = z.infer<typeof PreviewInput>;

export const PreviewOutcome = z.discriminatedUnion("ok", [
  z.object({
    ok: z.literal(true),
    resources: z.array(PlannedResource),
    policies: z.array(PolicyResult),
  }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);
export type PreviewOutcome = z.infer<typeof PreviewOutcome>;

/**
 * What is stored with a request (product_requests.plan_preview). `pending` while a preview runs;
 * `specHash` says which spec the entry belongs to, so an unchanged spec is not recomputed.
 */
export const StoredPlan = z.discriminatedUnion("status", [
  z.object({
    status: z.literal("pending"),
    specHash: z.string(),
    requestedAt: z.iso.datetime(),
  }),
  z.object({
    status: z.literal("ready"),
    specHash: z.string(),
    computedAt: z.iso.datetime(),
    resources: z.array(PlannedResource),
    policies: z.array(PolicyResult),
  }),
  z.object({
    status: z.literal("failed"),
    specHash: z.string(),
    computedAt: z.iso.datetime(),
    error: z.string(),
  }),
]);
export type StoredPlan = z.infer<typeof StoredPlan>;
