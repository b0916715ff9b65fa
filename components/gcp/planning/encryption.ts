/**
 * Encryption choices. Cloud Storage encrypts every object at rest with Google-managed keys; for
 * every classification but public (internal, confidential, restricted: the same rule on every
 * cloud, policy/controls.ts) Meshplane adds a customer-managed Cloud KMS key (CMEK) as the
 * bucket's default key, so the domain can revoke access to the data by disabling the key.
 */
import type { Classification } from "#contract";
import { requiresCustomerKey } from "../../policy/controls";

/** Exactly the classifications the mesh controls require a customer-managed key for. */
export function needsCmek(classification: Classification): boolean {
  return requiresCustomerKey(classification);
}

/** Key rotation: a new primary key version every 90 days (the usual compliance ceiling). */
export const KEY_ROTATION_DAYS = 90;
export const KEY_ROTATION_PERIOD = `${KEY_ROTATION_DAYS * 86_400}s`;
