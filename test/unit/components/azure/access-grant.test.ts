/**
 * Azure access grants (issue #18) over the tier × classification matrix: exactly one Storage Blob
 * Data Reader assignment for the consumer's Entra object, scoped to the product's container (never
 * the account or the group), with the end date as an ABAC condition where the classification
 * requires one, and no key role.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { CLASSIFICATIONS, TIERS } from "#contract";
import { GRANT_END, PRINCIPALS, grantFor, withGrant } from "#test/support/access";
import { runPolicies } from "#test/support/policy-runner";
import { valueOf } from "#test/support/pulumi-mocks";
import { SUBSCRIPTION, caseContext, captureParent, idOf, installAzureMocks } from "./harness";

const recorder = installAzureMocks();
const { deployAzure } = await import("#components/azure/deploy");
const planning = await import("#components/azure/planning/access");
const { azurePolicies } = await import("#components/policy/azure");

const ROLE = "azure-native:authorization:RoleAssignment";
const READER = "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1";
const OBJECT_ID = PRINCIPALS.azure.objectId;

beforeEach(() => {
  recorder.reset();
});

const CASES = TIERS.flatMap((tier) => CLASSIFICATIONS.map((c) => [tier, c] as const));

describe.each(CASES)("%s %s with one grant", (tier, classification) => {
  it("assigns Storage Blob Data Reader on the product's container only", async () => {
    const context = withGrant(caseContext(tier, classification, "none"));
    const { parent, settle } = captureParent(`p-${tier}-${classification}`);
    await valueOf(deployAzure(context, parent, {}));
    await settle();

    const grants = recorder.ofType(ROLE).filter((r) => r.inputs.principalId === OBJECT_ID);
    expect(grants).toHaveLength(1);
    const account = recorder
      .ofType("azure-native:storage:StorageAccount")
      .find((r) => r.inputs.accountName === context.names.azure.storageAccount);
    expect(account).toBeDefined();
    const ended = classification === "confidential" || classification === "restricted";
    expect(grants[0]?.inputs).toEqual({
      principalId: OBJECT_ID,
      principalType: "ServicePrincipal",
      roleDefinitionId: `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/${READER}`,
      scope: `${idOf(account?.name ?? "")}/blobServices/default/containers/${context.names.azure.container}`,
      description: expect.stringMatching(/^meshplane grant g0001; approved by /) as unknown,
      ...(ended
        ? {
            condition: `((!(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read'})) OR (@Environment[UtcNow] DateTimeLessThan '2027-02-01T00:00:00.0Z'))`,
            conditionVersion: "2.0",
          }
        : {}),
    });
    // The whole graph, grant included, passes the azure policy pack (MP-ACC-001/002 too).
    expect(await runPolicies(azurePolicies, recorder.resources)).toEqual([]);
    // The consumer gets no other role: no key role, nothing on the account or group.
    expect(recorder.resources.filter((r) => JSON.stringify(r.inputs).includes(OBJECT_ID))).toEqual(
      grants,
    );
  });
});

describe("planning", () => {
  const grant = grantFor(caseContext("silver", "restricted", "none").spec);

  it("assigns to a group as a group, and states the approval record", () => {
    const plan = planning.grantRoleAssignmentPlan(
      { ...grant, principal: { ...PRINCIPALS.azure, type: "group" } },
      "/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/a",
      "wh",
    );
    expect(plan.principalType).toBe("Group");
    expect(plan.description).toBe(
      `meshplane grant g0001; approved by owner ann, platform-admin root; until ${GRANT_END}`,
    );
  });

  it("refuses a principal of another cloud", () => {
    expect(() =>
      planning.grantRoleAssignmentPlan({ ...grant, principal: PRINCIPALS.gcp }, "/a", "wh"),
    ).toThrow("an Azure product is read by an Entra object, not gcp-service-account");
  });
});
