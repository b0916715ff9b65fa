/**
 * The access-grant policies (MP-ACC-001, MP-ACC-002) on each cloud: a graph built by the grant
 * planners passes, and each violation — a wildcard, public or whole-account principal; a
 * restricted grant without an end date or without its approval record — is caught by name.
 */
import { describe, expect, it } from "vitest";
import type { AccessGrant } from "#contract";
import { grantBucketStatements, kmsGrantPlan } from "#components/aws/planning/access";
import { policyJson, tlsOnlyBucketPolicy } from "#components/aws/planning/iam";
import { grantRoleAssignmentPlan } from "#components/azure/planning/access";
import { roleDefinitionId } from "#components/azure/planning/roles";
import { grantBucketMemberPlan, grantTableMemberPlan } from "#components/gcp/planning/access";
import { grantFor } from "#test/support/access";
import { runPolicies } from "#test/support/policy-runner";
import type { RecordedResource } from "#test/support/pulumi-mocks";

const { awsPolicies } = await import("#components/policy/aws");
const { azurePolicies } = await import("#components/policy/azure");
const { gcpPolicies } = await import("#components/policy/gcp");

const ACC = ["mp-acc-001", "mp-acc-002"];

function resource(type: string, name: string, inputs: Record<string, unknown>): RecordedResource {
  return { type, name, inputs, provider: undefined };
}

async function accViolations(
  policies: Parameters<typeof runPolicies>[0],
  graph: RecordedResource[],
): Promise<string[]> {
  const found = await runPolicies(
    policies.filter((p) => ACC.some((id) => p.name.startsWith(id))),
    graph,
  );
  return found.map((v) => `${v.policy}: ${v.message}`);
}

const spec = (cloud: "aws" | "azure" | "gcp", classification: "restricted" | "internal") => ({
  domain: "payments",
  name: "card-transactions",
  classification,
  target: { cloud, region: { aws: "eu-west-1", azure: "eastasia", gcp: "europe-west1" }[cloud] },
});

describe("AWS", () => {
  const BUCKET = "mp-payments-card-transactions-prod";
  const ARN = `arn:aws:s3:::${BUCKET}`;
  const PREFIX = "iceberg/card-transactions";

  function graph(grant: AccessGrant, classification = grant.classification) {
    const statements = grantBucketStatements(grant, ARN, PREFIX);
    const key = kmsGrantPlan(grant, ARN);
    return {
      statements,
      resources: [
        resource("aws:s3/bucket:Bucket", "wh", { bucket: BUCKET, tags: { classification } }),
        resource("aws:s3/bucketPolicy:BucketPolicy", "wh-tls-only", {
          bucket: BUCKET,
          policy: policyJson(tlsOnlyBucketPolicy(ARN, statements)),
        }),
        resource("aws:kms/grant:Grant", "g-decrypt", {
          name: key.name,
          keyId: "arn:aws:kms:eu-west-1:123456789012:key/k",
          granteePrincipal: key.granteePrincipal,
          operations: key.operations,
        }),
        resource("aws:lakeformation/permissions:Permissions", "g-select", {
          principal: key.granteePrincipal,
          permissions: ["SELECT", "DESCRIBE"],
          table: { databaseName: "db", name: "t" },
        }),
      ],
    };
  }

  it("passes a restricted grant as planned, and an internal one without an end date", async () => {
    expect(
      await accViolations(awsPolicies, graph(grantFor(spec("aws", "restricted"))).resources),
    ).toEqual([]);
    expect(
      await accViolations(awsPolicies, graph(grantFor(spec("aws", "internal"))).resources),
    ).toEqual([]);
  });

  it.each([
    ["*", "statement MeshGrantg0001Read allows * is a wildcard"],
    ["arn:aws:iam::210987654321:root", "whole account"],
    ["210987654321", "whole account"],
  ])("MP-ACC-001 catches the principal %s in a bucket policy", async (principal, message) => {
    const { resources, statements } = graph(grantFor(spec("aws", "internal")));
    const broad = statements.map((s) => ({ ...s, Principal: { AWS: principal } }));
    resources[1] = resource("aws:s3/bucketPolicy:BucketPolicy", "wh-tls-only", {
      bucket: BUCKET,
      policy: policyJson(tlsOnlyBucketPolicy(ARN, broad)),
    });
    const found = await accViolations(awsPolicies, resources);
    expect(found).toHaveLength(2);
    expect(found[0]).toContain(`mp-acc-001-aws: `);
    expect(found[0]).toContain(message);
  });

  it("MP-ACC-001 catches a public Principal and broad KMS and Lake Formation grantees", async () => {
    const { resources } = graph(grantFor(spec("aws", "internal")));
    resources[1] = resource("aws:s3/bucketPolicy:BucketPolicy", "p", {
      bucket: BUCKET,
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Sid: "Open", Effect: "Allow", Principal: "*", Action: "s3:GetObject" }],
      }),
    });
    resources[2] = resource("aws:kms/grant:Grant", "k", { name: "x", granteePrincipal: "*" });
    resources[3] = resource("aws:lakeformation/permissions:Permissions", "l", {
      principal: "IAM_ALLOWED_PRINCIPALS",
    });
    expect(await accViolations(awsPolicies, resources)).toEqual([
      "mp-acc-001-aws: statement Open allows * is a wildcard",
      "mp-acc-001-aws: KMS grant to * is a wildcard",
      "mp-acc-001-aws: Lake Formation permission to IAM_ALLOWED_PRINCIPALS is every IAM principal",
    ]);
  });

  it("MP-ACC-002 catches a restricted grant without an end date", async () => {
    const grant = grantFor(spec("aws", "restricted"));
    const { endsAt: _, ...open } = grant;
    // Built as if the contract had let it through: internal rules, restricted bucket.
    const { resources } = graph(open, "restricted");
    expect(await accViolations(awsPolicies, resources)).toEqual([
      "mp-acc-002-aws: restricted grant g0001: statement MeshGrantg0001Read has no end date (DateLessThan aws:CurrentTime)",
      "mp-acc-002-aws: restricted grant g0001: no end date (KMS grant meshplane/g0001/…)",
      "mp-acc-002-aws: restricted grant g0001: statement MeshGrantg0001List has no end date (DateLessThan aws:CurrentTime)",
    ]);
  });

  it("MP-ACC-002 catches a restricted grant without its admin's approval or any record", async () => {
    const grant = grantFor(spec("aws", "restricted"));
    const ownerOnly = graph({ ...grant, approvals: grant.approvals.slice(0, 1) }).resources;
    expect(await accViolations(awsPolicies, ownerOnly)).toEqual([
      "mp-acc-002-aws: restricted grant g0001: needs a platform admin's approval (KMS grant meshplane/g0001/…)",
    ]);
    const noRecord = graph(grant).resources.filter((r) => r.type !== "aws:kms/grant:Grant");
    expect(await accViolations(awsPolicies, noRecord)).toEqual([
      "mp-acc-002-aws: restricted grant g0001: no approval record (KMS grant meshplane/g0001/…)",
    ]);
  });
});

describe("Azure", () => {
  const ACCOUNT_ID =
    "/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/stx";

  function graph(grant: AccessGrant, classification = grant.classification) {
    const plan = grantRoleAssignmentPlan(grant, ACCOUNT_ID, "wh");
    return [
      resource("azure-native:storage:StorageAccount", "st", {
        accountName: "stx",
        tags: { classification },
      }),
      resource("azure-native:authorization:RoleAssignment", "g-reader", {
        principalId: plan.principalId,
        principalType: plan.principalType,
        roleDefinitionId: roleDefinitionId("s", plan.role),
        scope: plan.scope,
        description: plan.description,
        ...(plan.condition === undefined
          ? {}
          : { condition: plan.condition, conditionVersion: plan.conditionVersion }),
      }),
    ];
  }

  it("passes grants as planned", async () => {
    expect(
      await accViolations(azurePolicies, graph(grantFor(spec("azure", "restricted")))),
    ).toEqual([]);
    expect(await accViolations(azurePolicies, graph(grantFor(spec("azure", "internal"))))).toEqual(
      [],
    );
  });

  it("MP-ACC-001 catches a non-object principal, a user, and an account-wide scope", async () => {
    const resources = graph(grantFor(spec("azure", "internal")));
    const [, assignment] = resources;
    if (assignment === undefined) throw new Error("no role assignment");
    assignment.inputs = {
      ...assignment.inputs,
      principalId: "*",
      principalType: "User",
      scope: ACCOUNT_ID,
    };
    expect(await accViolations(azurePolicies, resources)).toEqual([
      "mp-acc-001-azure: grant principal * is not one Entra object id",
      "mp-acc-001-azure: grant principalType User must be ServicePrincipal or Group",
      `mp-acc-001-azure: grant scope ${ACCOUNT_ID} must be one blob container`,
    ]);
  });

  it("MP-ACC-002 catches a restricted grant without an end date or an admin's approval", async () => {
    const grant = grantFor(spec("azure", "restricted"));
    const { endsAt: _, ...open } = grant;
    const found = await accViolations(
      azurePolicies,
      graph({ ...open, approvals: grant.approvals.slice(0, 1) }, "restricted"),
    );
    expect(found.map((f) => f.replace(/ \(meshplane grant.*\)$/, ""))).toEqual([
      "mp-acc-002-azure: restricted grant: no end-date condition",
      "mp-acc-002-azure: restricted grant: needs a platform admin's approval",
      "mp-acc-002-azure: restricted grant: no end date",
    ]);
  });
});

describe("GCP", () => {
  const BUCKET = "mp-payments-card-transactions-prod";

  function graph(grant: AccessGrant, classification = grant.classification) {
    const objects = grantBucketMemberPlan(grant, BUCKET, "iceberg/card-transactions");
    const table = grantTableMemberPlan(grant);
    return [
      resource("gcp:storage/bucket:Bucket", "wh", { name: BUCKET, labels: { classification } }),
      resource("gcp:storage/bucketIAMMember:BucketIAMMember", "g-objects", {
        bucket: BUCKET,
        ...objects,
      }),
      resource("gcp:bigquery/iamMember:IamMember", "g-table", {
        datasetId: "d",
        tableId: "t",
        ...table,
      }),
    ];
  }

  it("passes grants as planned", async () => {
    expect(await accViolations(gcpPolicies, graph(grantFor(spec("gcp", "restricted"))))).toEqual(
      [],
    );
    expect(await accViolations(gcpPolicies, graph(grantFor(spec("gcp", "internal"))))).toEqual([]);
  });

  it.each(["allUsers", "allAuthenticatedUsers", "domain:example.com", "projectViewer:acme-data"])(
    "MP-ACC-001 catches the member %s",
    async (member) => {
      const resources = graph(grantFor(spec("gcp", "internal")));
      const [, , table] = resources;
      if (table === undefined) throw new Error("no table member");
      table.inputs = { ...table.inputs, member };
      const found = await accViolations(gcpPolicies, resources);
      expect(found).toHaveLength(1);
      expect(found[0]).toMatch(new RegExp(`^mp-acc-001-gcp: IAM member ${member}`));
    },
  );

  it("MP-ACC-002 catches a restricted grant without an end date or any approval", async () => {
    const grant = grantFor(spec("gcp", "restricted"));
    const resources = graph({ ...grant, approvals: [] }, "restricted");
    const [, objects] = resources;
    if (objects === undefined) throw new Error("no bucket member");
    const condition = objects.inputs.condition as { expression: string };
    objects.inputs = {
      ...objects.inputs,
      condition: { ...condition, expression: condition.expression.split(" && ")[0] },
    };
    expect(await accViolations(gcpPolicies, resources)).toEqual([
      "mp-acc-002-gcp: restricted meshplane grant g0001: the condition has no end date",
      "mp-acc-002-gcp: restricted meshplane grant g0001: needs an owner's approval",
      "mp-acc-002-gcp: restricted meshplane grant g0001: needs a platform admin's approval",
      "mp-acc-002-gcp: restricted meshplane grant g0001: needs an owner's approval",
      "mp-acc-002-gcp: restricted meshplane grant g0001: needs a platform admin's approval",
    ]);
  });
});
