/**
 * The access requests' API bodies and parameters (docs/access.md): one zod schema each, for the
 * route handlers, the pages and the OpenAPI document. Browser-safe.
 */
import { z } from "zod";
import { AccessRequestInput, DomainSlug } from "#contract";

/**
 * POST /products/{d}/{n}/access-requests: who asks (the consuming domain), the principal that
 * will read, the purpose and the end date. Checked against the product (its cloud, partition and
 * classification: contract/access.ts `accessRequestSchema`) once it is loaded.
 */
export const AccessRequestBody = AccessRequestInput.extend({
  consumer: DomainSlug.describe(
    "The consuming domain the access is asked for; you are its member.",
  ),
}).meta({ id: "AccessRequestBody" });
export type AccessRequestBody = z.output<typeof AccessRequestBody>;

export const AccessRequestParams = z.object({
  id: z.string().regex(/^[a-z0-9]{3,40}$/, "must be an access request id"),
});

/** approve, deny, revoke: why. */
export const AccessDecisionBody = z
  .strictObject({
    reason: z
      .string()
      .trim()
      .min(1, "give a reason for the decision")
      .max(500, "the reason is at most 500 characters"),
  })
  .meta({ id: "AccessDecisionBody" });
export type AccessDecisionBody = z.output<typeof AccessDecisionBody>;
