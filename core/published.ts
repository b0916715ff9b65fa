/**
 * Statuses of a product the catalog has published: live, or retired after being live. A product
 * that was requested but never went live (requested, deploying, failed) is its domain's business:
 * who may see it is portal/server/authz.ts's to say; a notice, which reaches many domains in the
 * same words, names only published products.
 */
export const PUBLISHED_PRODUCT_STATUSES = ["live", "decommissioned"] as const;

export function isPublished(status: string): boolean {
  return (PUBLISHED_PRODUCT_STATUSES as readonly string[]).includes(status);
}
