/**
 * DataProductSpec: the one contract between a domain team and the platform. The portal's form, the
 * REST API, the Pulumi program and the components all validate with this schema.
 */
import { z } from "zod";
import {
  AWS_MAX_RESERVED_CONCURRENCY,
  AWS_RESERVED_CONCURRENCY_RULE,
  AZURE_FLEX_MEMORY_MB,
  InferenceSpec,
  isCodePackage,
  lambdaImageProblem,
  parseAzureArtifactUrl,
  parseS3ObjectUrl,
} from "./inference";
import {
  CLOUDS,
  CLOUD_NAMES,
  LOCAL_REGION,
  knownRegions,
  regionTierProblem,
  secondaryRegionProblem,
} from "./regions";
import { lifecycleProblems } from "./storage-classes";
import { TableSpec } from "./table";
import {
  DOMAIN_MAX_LENGTH,
  DOMAIN_MIN_LENGTH,
  NAME_MAX_LENGTH,
  PRODUCT_REF,
  PRODUCT_REF_RULE,
  SLUG,
  SLUG_RULE,
} from "./slug";
import { TrimmedText } from "./text";
import { TIERS, TIER_POLICIES, type LifecycleDays, type Tier } from "./tiers";
import { SemanticVersion } from "./versions";
import { API_VERSION, CLASSIFICATIONS } from "./vocabulary";

export { API_VERSION, CLASSIFICATIONS, type Classification } from "./vocabulary";

/** From the least to the most protected: the compatibility rules read this order. */

/** Lowercase DNS label words joined by single hyphens: valid in every cloud once derived. */
export { DOMAIN_MAX_LENGTH, NAME_MAX_LENGTH } from "./slug";

export const DomainSlug = z
  .string()
  .min(DOMAIN_MIN_LENGTH, `a domain is at least ${DOMAIN_MIN_LENGTH} characters`)
  .max(DOMAIN_MAX_LENGTH, `a domain is at most ${DOMAIN_MAX_LENGTH} characters`)
  .regex(SLUG, SLUG_RULE)
  .describe("Owning domain, e.g. payments.");

export const ProductName = z
  .string()
  .min(3, "a product name is at least 3 characters")
  .max(NAME_MAX_LENGTH, `a product name is at most ${NAME_MAX_LENGTH} characters`)
  .regex(SLUG, SLUG_RULE)
  .describe("Product name, unique within its domain, e.g. card-transactions.");

export const ProductRef = z
  .string()
  .regex(PRODUCT_REF, PRODUCT_REF_RULE)
  .describe("Reference to another data product as domain/name.");

/** The domain and name of a `domain/name` reference (empty parts when it has none). */
export function splitProductRef(ref: string): { domain: string; name: string } {
  const [domain = "", name = ""] = ref.split("/");
  return { domain, name };
}

export const Environment = z
  .string()
  .regex(/^[a-z][a-z0-9]{1,11}$/, "an environment is 2-12 lowercase letters or digits, e.g. prod")
  .describe("Deployment environment, e.g. dev or prod.");
export type Environment = z.infer<typeof Environment>;

export const OwnersSpec = z.strictObject({
  team: z
    .string()
    .min(2)
    .max(63)
    .regex(SLUG, SLUG_RULE)
    .describe("Owning team, e.g. payments-data."),
  emails: z
    .array(z.email("must be an email address"))
    .min(1, "list at least one owner email")
    .refine((emails) => new Set(emails).size === emails.length, "an owner email is listed twice"),
});

export const TargetSpec = z.strictObject({
  cloud: z.enum(CLOUDS).describe("aws, azure, gcp, or local for a sandbox on this machine."),
  region: z.string().min(1).describe("Primary region, e.g. eu-west-1; local for cloud: local."),
  secondaryRegion: z
    .string()
    .min(1)
    .optional()
    .describe("Region of the geo backup (gold only); defaults from the region-pair table."),
});

export const LifecycleSpec = z.strictObject({
  coolAfterDays: z.int().min(1, "coolAfterDays must be at least 1"),
  archiveAfterDays: z.int().min(1, "archiveAfterDays must be at least 1"),
  expireAfterDays: z.int().min(1, "expireAfterDays must be at least 1"),
});

/**
 * A required column promises no nulls; the quality SLA allows this share of nulls before it counts
 * a breach (docs/lineage.md). The portal's SLA evaluation and the ODCS export both read it here.
 */
export const CRITICAL_NULL_RATE = 0.01;

export const SlaSpec = z.strictObject({
  freshnessMinutes: z
    .int()
    .min(1)
    .max(525_600, "freshnessMinutes is at most a year (525600)")
    .describe("Maximum age of the newest data, in minutes."),
  availabilityPercent: z
    .number()
    .min(90, "availabilityPercent must be at least 90")
    .max(100, "availabilityPercent cannot exceed 100"),
  rpoMinutes: z.int().min(1).describe("Recovery point objective, minutes."),
  rtoMinutes: z.int().min(1).describe("Recovery time objective, minutes."),
});

/** Tag keys that the platform sets itself on every resource (the mesh labels). */
export const RESERVED_TAG_KEYS = [
  "domain",
  "product",
  "tier",
  "classification",
  "owner",
  "managed-by",
  "environment",
  "retention-days",
] as const;

export const TagKey = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,62}$/, "tag keys are lowercase letters, digits, _ and -, max 63")
  .refine((key) => !(RESERVED_TAG_KEYS as readonly string[]).includes(key), {
    error: (issue) => `tag "${String(issue.input)}" is set by the platform; choose another key`,
  });

const DataProductSpecShape = z.strictObject({
  apiVersion: z.literal(API_VERSION, `apiVersion must be ${API_VERSION}`),
  kind: z.literal("DataProduct", "kind must be DataProduct"),
  domain: DomainSlug,
  name: ProductName,
  version: SemanticVersion.optional(),
  displayName: TrimmedText(3, 80, "displayName is at least 3 characters"),
  description: TrimmedText(10, 2000, "describe the product in at least 10 characters"),
  owners: OwnersSpec,
  tier: z.enum(TIERS).describe("bronze, silver or gold: what backup and recovery it gets."),
  classification: z.enum(CLASSIFICATIONS),
  target: TargetSpec,
  retentionDays: z
    .int()
    .min(1)
    .max(36_500, "retentionDays is at most 100 years (36500)")
    .optional()
    .describe("Days data must be kept; defaults from the tier."),
  lifecycle: LifecycleSpec.optional().describe("Storage tiering; defaults from the tier."),
  table: TableSpec,
  sla: SlaSpec,
  inference: InferenceSpec.optional(),
  inputs: z.array(ProductRef).default([]).describe("Upstream data products (declared lineage)."),
  tags: z.record(TagKey, z.string().max(63, "tag values are at most 63 characters")).default({}),
});

type SpecShape = z.infer<typeof DataProductSpecShape>;
type Ctx = z.RefinementCtx;

export const DataProductSpec = DataProductSpecShape.superRefine((spec, ctx) => {
  checkClassification(spec, ctx);
  checkTarget(spec, ctx);
  checkLifecycle(spec, ctx);
  checkSla(spec, ctx);
  checkInference(spec, ctx);
  checkInputs(spec, ctx);
}).describe("A Meshplane data product: the contract a domain team requests.");

export type DataProductSpec = z.infer<typeof DataProductSpec>;
export type DataProductSpecInput = z.input<typeof DataProductSpec>;

function issue(ctx: Ctx, path: (string | number)[], message: string): void {
  ctx.addIssue({ code: "custom", path, message });
}

function checkClassification(spec: SpecShape, ctx: Ctx): void {
  const piiColumns = spec.table.columns.filter((column) => column.pii).map((c) => c.name);
  if (
    piiColumns.length > 0 &&
    (spec.classification === "public" || spec.classification === "internal")
  ) {
    issue(
      ctx,
      ["classification"],
      `columns ${piiColumns.join(", ")} hold personal data, so classification must be confidential or restricted (not ${spec.classification})`,
    );
  }
}

function checkTarget(spec: SpecShape, ctx: Ctx): void {
  const { cloud, region, secondaryRegion } = spec.target;
  if (cloud === "local") {
    if (region !== LOCAL_REGION)
      issue(ctx, ["target", "region"], 'the local target\'s region is "local"');
    if (secondaryRegion !== undefined) {
      issue(ctx, ["target", "secondaryRegion"], "the local target has no secondary region");
    }
    return;
  }
  const regions = knownRegions(cloud);
  if (!regions.includes(region)) {
    issue(
      ctx,
      ["target", "region"],
      `${region} is not among the ${CLOUD_NAMES[cloud]} regions Meshplane deploys to; choose one of ${regions.join(", ")}`,
    );
    return;
  }
  // A region that cannot hold the tier makes any secondary region moot: report only the region.
  const regionProblem = regionTierProblem(cloud, region, spec.tier);
  if (regionProblem !== undefined) {
    issue(ctx, ["target", "region"], regionProblem);
    return;
  }
  const path = ["target", "secondaryRegion"];
  if (!TIER_POLICIES[spec.tier].geoBackup) {
    if (secondaryRegion !== undefined) {
      issue(
        ctx,
        path,
        `only gold keeps a geo copy; remove secondaryRegion or choose tier gold (this is ${spec.tier})`,
      );
    }
    return;
  }
  const secondaryProblem = secondaryRegionProblem(cloud, region, secondaryRegion);
  if (secondaryProblem !== undefined) issue(ctx, path, secondaryProblem);
}

/**
 * Effective retention and lifecycle after tier defaults are applied. Without a lifecycle of its
 * own a product takes its tier's promised steps and expires at its retention: exactly the days it
 * must keep, whether the spec sets retentionDays or not.
 */
export function effectiveRetention(spec: Pick<SpecShape, "tier" | "retentionDays" | "lifecycle">): {
  retentionDays: number;
  lifecycle: LifecycleDays;
} {
  const policy = TIER_POLICIES[spec.tier];
  const retentionDays = spec.retentionDays ?? policy.defaultRetentionDays;
  const lifecycle = spec.lifecycle ?? {
    ...policy.defaultLifecycle,
    expireAfterDays: retentionDays,
  };
  return { retentionDays, lifecycle };
}

/**
 * A lifecycle the spec writes itself: steps in order, expiry not before the retention, and on a
 * cloud no step that pays an early-deletion charge or breaks the cloud's rules (storage-classes.ts).
 * Tier defaults need no check: the clouds skip the steps that would not pay (plannedTransitions).
 */
function checkLifecycle(spec: SpecShape, ctx: Ctx): void {
  if (spec.lifecycle === undefined) return;
  const { coolAfterDays, archiveAfterDays, expireAfterDays } = spec.lifecycle;
  const { retentionDays } = effectiveRetention(spec);
  const path = (field: keyof LifecycleDays) => ["lifecycle", field];
  if (archiveAfterDays <= coolAfterDays) {
    issue(
      ctx,
      path("archiveAfterDays"),
      `data must move to archive after it moves to cool storage: archiveAfterDays (${archiveAfterDays}) must be greater than coolAfterDays (${coolAfterDays})`,
    );
  }
  if (expireAfterDays < archiveAfterDays) {
    issue(
      ctx,
      path("expireAfterDays"),
      `expireAfterDays (${expireAfterDays}) must be at least archiveAfterDays (${archiveAfterDays}); equal to it, the data expires instead of moving to archive`,
    );
  }
  if (expireAfterDays < retentionDays) {
    const source =
      spec.retentionDays === undefined ? `${spec.tier}'s default retention` : "retentionDays";
    issue(
      ctx,
      path("expireAfterDays"),
      `data would expire after ${expireAfterDays} days, before ${source} of ${retentionDays} days ends`,
    );
  }
  const ordered = coolAfterDays < archiveAfterDays && archiveAfterDays <= expireAfterDays;
  const cloud = spec.target.cloud;
  if (!ordered || cloud === "local") return;
  for (const problem of lifecycleProblems(cloud, spec.lifecycle)) {
    issue(ctx, path(problem.field), problem.message);
  }
}

function checkSla(spec: SpecShape, ctx: Ctx): void {
  const policy = TIER_POLICIES[spec.tier];
  const { rpoMinutes, rtoMinutes, availabilityPercent } = spec.sla;
  if (rpoMinutes < policy.minRpoMinutes) {
    issue(
      ctx,
      ["sla", "rpoMinutes"],
      `${spec.tier} can recover data to within ${policy.minRpoMinutes} minutes at best; raise rpoMinutes or choose a higher tier`,
    );
  }
  if (rtoMinutes < policy.minRtoMinutes) {
    issue(
      ctx,
      ["sla", "rtoMinutes"],
      `${spec.tier} can restore service within ${policy.minRtoMinutes} minutes at best; raise rtoMinutes or choose a higher tier`,
    );
  }
  // Above 100 is already reported by the field itself.
  if (availabilityPercent > policy.maxAvailabilityPercent && availabilityPercent <= 100) {
    issue(
      ctx,
      ["sla", "availabilityPercent"],
      `${spec.tier} supports at most ${policy.maxAvailabilityPercent}% availability; lower it or choose a higher tier`,
    );
  }
}

function checkInference(spec: SpecShape, ctx: Ctx): void {
  const inference = spec.inference;
  if (inference === undefined) return;
  const path = ["inference"];
  switch (spec.target.cloud) {
    case "local":
      issue(
        ctx,
        path,
        "inference functions are not supported on the local target; remove inference or choose a cloud",
      );
      return;
    case "gcp":
      if (isCodePackage(inference))
        issue(
          ctx,
          [...path, "image"],
          "Cloud Run on GCP runs a container image: set image instead of runtime/handler/artifact",
        );
      return;
    case "azure":
      if (!isCodePackage(inference))
        issue(
          ctx,
          [...path, "image"],
          "Azure Flex Consumption functions run code packages, not images: set runtime, handler and artifact",
        );
      if (!(AZURE_FLEX_MEMORY_MB as readonly number[]).includes(inference.memoryMb)) {
        issue(
          ctx,
          [...path, "memoryMb"],
          `Azure Flex Consumption offers ${AZURE_FLEX_MEMORY_MB.join(", ")} MB instances, not ${inference.memoryMb}`,
        );
      }
      if (inference.artifact !== undefined) {
        const artifact = parseAzureArtifactUrl(inference.artifact);
        if (typeof artifact === "string") issue(ctx, [...path, "artifact"], artifact);
      }
      return;
    case "aws":
      if (
        inference.reservedConcurrency !== undefined &&
        inference.reservedConcurrency > AWS_MAX_RESERVED_CONCURRENCY
      ) {
        issue(ctx, [...path, "reservedConcurrency"], AWS_RESERVED_CONCURRENCY_RULE);
      }
      if (inference.artifact?.startsWith("s3://") === false) {
        issue(ctx, [...path, "artifact"], "on AWS the code artifact is an s3:// URL");
      } else if (
        inference.artifact !== undefined &&
        parseS3ObjectUrl(inference.artifact) === undefined
      ) {
        issue(
          ctx,
          [...path, "artifact"],
          "on AWS the code artifact is s3://<bucket>/<key>: a valid bucket name, a slash and the object key",
        );
      }
      if (inference.image !== undefined) {
        const problem = lambdaImageProblem(inference.image, spec.target.region);
        if (problem !== undefined) issue(ctx, [...path, "image"], problem);
      }
      return;
  }
}

function checkInputs(spec: SpecShape, ctx: Ctx): void {
  const self = `${spec.domain}/${spec.name}`;
  const seen = new Set<string>();
  spec.inputs.forEach((input, index) => {
    if (input === self) issue(ctx, ["inputs", index], "a product cannot be its own input");
    else if (seen.has(input)) issue(ctx, ["inputs", index], `${input} is listed twice`);
    seen.add(input);
  });
}

/** Domain/name reference of a spec, as used in `inputs` and lineage. */
export function productRef(spec: Pick<SpecShape, "domain" | "name">): string {
  return `${spec.domain}/${spec.name}`;
}

export type { Tier };
