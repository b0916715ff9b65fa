/**
 * Managed identities and the built-in roles granted to them: every Azure component grants access
 * the same way (a built-in role, to a service principal, at the narrowest scope), so the
 * principal type, the role id's form and the check for a missing identity are written once.
 */
import * as authorization from "@pulumi/azure-native/authorization";
import type * as pulumi from "@pulumi/pulumi";
import { roleDefinitionId, type BuiltInRole } from "./planning/roles";

export interface RoleGrant {
  /** The managed identity's principal id. */
  principalId: pulumi.Input<string>;
  role: BuiltInRole;
  scope: pulumi.Input<string>;
}

/** Assigns `grant.role` at `grant.scope`; the role id is that of the deploying subscription. */
export function grantBuiltInRole(
  name: string,
  grant: RoleGrant,
  parent: pulumi.Resource,
): authorization.RoleAssignment {
  const client = authorization.getClientConfigOutput({ parent });
  return new authorization.RoleAssignment(
    name,
    {
      principalId: grant.principalId,
      principalType: "ServicePrincipal",
      roleDefinitionId: client.subscriptionId.apply((id) => roleDefinitionId(id, grant.role)),
      scope: grant.scope,
    },
    { parent },
  );
}

/**
 * The principal id of a resource's system-assigned identity; fails naming `owner` (e.g.
 * "GeoBackup: Backup vault <name>") when Azure returned none.
 */
export function systemAssignedPrincipalId(
  identity: pulumi.Output<{ principalId?: string } | undefined>,
  owner: string,
): pulumi.Output<string> {
  return identity.apply((found) => {
    if (found?.principalId === undefined) {
      throw new Error(`${owner} has no system-assigned identity`);
    }
    return found.principalId;
  });
}
