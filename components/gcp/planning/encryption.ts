/**
 * Encryption choices. Cloud Storage encrypts every object at rest with Google-managed keys; for
 * the classifications of the contract's encryption policy (contract/encryption.ts) Meshplane adds
 * a customer-managed Cloud KMS key (CMEK) as the bucket's default key, so the domain can revoke
 * access to the data by disabling the key.
 */
import { usesCustomerManagedKey, type Classification } from "#contract";

/** Exactly the classifications the contract's encryption policy gives a customer-managed key. */
export function needsCmek(classification: Classification): boolean {
  return usesCustomerManagedKey(classification);
}

/** Key rotation: a new primary key version every 90 days (the usual compliance ceiling). */
export const KEY_ROTATION_DAYS = 90;
export const KEY_ROTATION_PERIOD = `${KEY_ROTATION_DAYS * 86_400}s`;
