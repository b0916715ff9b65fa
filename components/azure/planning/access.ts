/**
 * What an access grant (contract/access.ts) becomes on Azure, as plain data: `Storage Blob Data
 * Reader` for the consumer's Entra object on the product's own container, never the account, with
 * the grant's end date as an ABAC condition Azure evaluates on every blob read, and the approval
 * record as the assignment's description. Pure.
 *
 * No key role: with a customer-managed key, Azure Storage wraps and unwraps data keys with the
 * account's own identity (customer-managed-key.ts grants it); a reader never calls Key Vault, so
 * `Key Vault Crypto Service Encryption User` for a consumer would grant more than reading needs.
 */
import { approvalSummary, type AccessGrant } from "#contract";
import { containerScope, type BuiltInRole } from "./roles";

export const GRANT_ROLE: BuiltInRole = "Storage Blob Data Reader";

/** The data action the end-date condition gates: reading a blob's content. */
export const BLOB_READ_ACTION =
  "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read";

/** Descriptions of grant assignments start so: how the policy pack tells grants from the platform's. */
export const GRANT_DESCRIPTION_PREFIX = "meshplane grant ";

export interface RoleAssignmentPlan {
  principalId: string;
  principalType: "ServicePrincipal" | "Group";
  role: BuiltInRole;
  scope: string;
  description: string;
  condition?: string;
  conditionVersion?: "2.0";
}

/** An ABAC condition: blob reads are allowed only before `endsAt` (UTC). */
export function untilCondition(endsAt: string): string {
  const at = new Date(endsAt).toISOString().replace(/\.\d{3}Z$/, ".0Z");
  return `((!(ActionMatches{'${BLOB_READ_ACTION}'})) OR (@Environment[UtcNow] DateTimeLessThan '${at}'))`;
}

export function grantRoleAssignmentPlan(
  grant: AccessGrant,
  storageAccountId: string,
  container: string,
): RoleAssignmentPlan {
  if (grant.principal.kind !== "azure-entra") {
    throw new Error(
      `grant ${grant.id}: an Azure product is read by an Entra object, not ${grant.principal.kind}`,
    );
  }
  return {
    principalId: grant.principal.objectId,
    // A managed identity is a service principal to Azure RBAC.
    principalType: grant.principal.type === "group" ? "Group" : "ServicePrincipal",
    role: GRANT_ROLE,
    scope: containerScope(storageAccountId, container),
    description: approvalSummary(grant),
    ...(grant.endsAt === undefined
      ? {}
      : { condition: untilCondition(grant.endsAt), conditionVersion: "2.0" as const }),
  };
}
