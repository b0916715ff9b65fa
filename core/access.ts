/**
 * Whether a domain may read a product's table through Meshplane's Iceberg REST catalog
 * (issue #18): the decision `mayReadTable` in portal/server/authz.ts makes for `loadTable`, kept
 * pure so the catalog, the product page and the tests read one rule. For local products nothing
 * is provisioned: this record check is the whole grant. Pure and browser-safe.
 *
 * - The owning domain always reads its own products.
 * - Public and internal products are readable by every signed-in domain (their classification
 *   says so); a grant still records who consumes them.
 * - Confidential and restricted products need a grant to the reading domain that is approved by
 *   its classification's rules, not revoked, and not past its end date.
 */
import {
  approvalState,
  grantActive,
  splitProductRef,
  type AccessGrant,
  type Classification,
} from "#contract";

/** Classifications the catalog reads only under a grant. */
export const GRANTED_CLASSIFICATIONS: readonly Classification[] = ["confidential", "restricted"];

/** A grant as the catalog sees it: the stored record, revoked or not. */
export type CatalogGrant = Pick<
  AccessGrant,
  "product" | "consumer" | "classification" | "endsAt" | "approvals"
> & { revokedAt?: string | null | undefined };

export interface ReadTarget {
  /** `domain/name`. */
  ref: string;
  classification: Classification;
}

export function grantAllowsRead(
  grants: readonly CatalogGrant[],
  readerDomain: string,
  product: ReadTarget,
  now: Date,
): boolean {
  if (splitProductRef(product.ref).domain === readerDomain) return true;
  if (!GRANTED_CLASSIFICATIONS.includes(product.classification)) return true;
  return grants.some(
    (grant) =>
      grant.product === product.ref &&
      grant.consumer === readerDomain &&
      // A grant approved under a lower classification does not carry over a reclassification.
      grant.classification === product.classification &&
      (grant.revokedAt === undefined || grant.revokedAt === null) &&
      grantActive(grant, now) &&
      approvalState(grant.classification, grant.approvals).approved,
  );
}
