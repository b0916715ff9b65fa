/**
 * Which key encrypts a product's data at rest. Pure.
 *
 * Every classification except public gets a dedicated customer-managed KMS key (rotation on):
 * access to the data can then be revoked or audited through one key, and the inference function's
 * decrypt grant names that key only. Confidential and restricted data must have one (MP-KEY-001
 * and MP-ENC-001 check it). Public data is encrypted with S3-managed keys (SSE-S3): it has no
 * confidentiality to protect, so a key would only add cost and a KMS request quota to the read path.
 */
import type { Classification } from "#contract";

export function usesCustomerManagedKey(classification: Classification): boolean {
  return classification !== "public";
}

/** Days a scheduled key deletion waits: the longest AWS allows, to undo a mistaken delete. */
export const KEY_DELETION_WINDOW_DAYS = 30;
/** Automatic rotation period (AWS allows 90 to 2560; 365 is the AWS default). */
export const KEY_ROTATION_DAYS = 365;
