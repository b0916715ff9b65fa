/**
 * How the product's KMS keys are kept. Which classifications get one is the contract's
 * encryption policy (`usesCustomerManagedKey`, contract/encryption.ts): a dedicated key per product
 * lets access be revoked or audited through one key, and the inference function's decrypt grant
 * names that key only. Public data is encrypted with S3-managed keys (SSE-S3). Pure.
 */

/** Days a scheduled key deletion waits: the longest AWS allows, to undo a mistaken delete. */
export const KEY_DELETION_WINDOW_DAYS = 30;
/** Automatic rotation period (AWS allows 90 to 2560; 365 is the AWS default). */
export const KEY_ROTATION_DAYS = 365;
