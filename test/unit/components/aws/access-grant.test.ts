/**
 * AWS access grants (issue #18) over the tier × classification matrix: the bucket policy gains
 * exactly the grant's read and list statements on the table prefix (in the one policy document,
 * after the TLS-only deny), CMK products a KMS Decrypt grant bound to the bucket's encryption
 * context, and Lake Formation SELECT/DESCRIBE on the product's table; nothing broader.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { CLASSIFICATIONS, TIERS, usesCustomerManagedKey } from "#contract";
import { GRANT_END, NOW, PRINCIPALS, grantFor, withGrant } from "#test/support/access";
import { runPolicies } from "#test/support/policy-runner";
import { valueOf } from "#test/support/pulumi-mocks";
import { captureParent } from "../azure/harness";
import { caseContext, databaseOf, installAwsMocks } from "./harness";

const recorder = installAwsMocks();
const { deployAws } = await import("#components/aws/index");
const { productGrants } = await import("#components/access-grants");
const planning = await import("#components/aws/planning/access");
const { awsPolicies } = await import("#components/policy/aws");

const T = {
  bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
  kmsGrant: "aws:kms/grant:Grant",
  lf: "aws:lakeformation/permissions:Permissions",
};
const PREFIX = "iceberg/card-transactions";
const ROLE = PRINCIPALS.aws.arn;

beforeEach(() => {
  recorder.reset();
});

const CASES = TIERS.flatMap((tier) => CLASSIFICATIONS.map((c) => [tier, c] as const));

describe.each(CASES)("%s %s with one grant", (tier, classification) => {
  it("provisions exactly the grant's read access", async () => {
    const context = withGrant(caseContext(tier, classification, "none"));
    const bucketName = context.names.aws.warehouseBucket;
    const bucketArn = `arn:aws:s3:::${bucketName}`;
    const { parent, settle } = captureParent(`p-${tier}-${classification}`);
    await valueOf(deployAws(context, parent, {}));
    await settle();

    const warehousePolicy = recorder
      .ofType(T.bucketPolicy)
      .find((r) => r.inputs.bucket === bucketName);
    const statements = (
      JSON.parse(String(warehousePolicy?.inputs.policy)) as { Statement: { Sid: string }[] }
    ).Statement;
    const expiry =
      classification === "confidential" || classification === "restricted"
        ? { DateLessThan: { "aws:CurrentTime": GRANT_END } }
        : undefined;
    expect(statements.map((s) => s.Sid)).toEqual([
      "DenyInsecureTransport",
      "MeshGrantg0001Read",
      "MeshGrantg0001List",
    ]);
    expect(statements.slice(1)).toEqual([
      {
        Sid: "MeshGrantg0001Read",
        Effect: "Allow",
        Principal: { AWS: ROLE },
        Action: ["s3:GetObject", "s3:GetObjectVersion"],
        Resource: [`${bucketArn}/${PREFIX}/*`],
        ...(expiry === undefined ? {} : { Condition: expiry }),
      },
      {
        Sid: "MeshGrantg0001List",
        Effect: "Allow",
        Principal: { AWS: ROLE },
        Action: ["s3:ListBucket"],
        Resource: [bucketArn],
        Condition: { StringLike: { "s3:prefix": [PREFIX, `${PREFIX}/*`] }, ...expiry },
      },
    ]);
    // No other bucket (access logs, gold replica) grants the consumer anything.
    for (const policy of recorder.ofType(T.bucketPolicy)) {
      if (policy === warehousePolicy) continue;
      expect(String(policy.inputs.policy)).not.toContain(ROLE);
    }

    const keyGrants = recorder.ofType(T.kmsGrant);
    if (usesCustomerManagedKey(classification)) {
      expect(keyGrants).toHaveLength(1);
      const inputs = keyGrants[0]?.inputs;
      expect(inputs).toMatchObject({
        granteePrincipal: ROLE,
        operations: ["Decrypt"],
        constraints: [{ encryptionContextSubset: { "aws:s3:arn": bucketArn } }],
        retireOnDelete: true,
        region: context.spec.target.region,
      });
      expect(String(inputs?.keyId)).toMatch(/^arn:aws:kms:[a-z0-9-]+:\d{12}:key\/.*storage-key$/);
      expect(inputs?.name).toBe(planning.kmsGrantName(grantFor(context.spec)));
    } else {
      expect(keyGrants).toEqual([]);
    }

    // The whole graph, grant included, passes the aws policy pack (MP-ACC-001/002 too).
    expect(await runPolicies(awsPolicies, recorder.resources)).toEqual([]);
    const lf = recorder.one(T.lf).inputs;
    expect(lf).toEqual({
      principal: ROLE,
      permissions: ["SELECT", "DESCRIBE"],
      table: { databaseName: databaseOf("payments"), name: context.names.aws.glueTable },
      region: context.spec.target.region,
    });
  });
});

describe("planning", () => {
  const context = caseContext("silver", "restricted", "none");
  const grant = grantFor(context.spec);

  it("names the KMS grant with its approval record and end date", () => {
    expect(planning.kmsGrantName(grant)).toBe(
      "meshplane/g0001/restricted/owner:ann/platform-admin:root/until:2027-02-01T00:00:00Z",
    );
    expect(
      planning.kmsGrantName({
        ...grant,
        approvals: grant.approvals.slice(0, 1).map((a) => ({ ...a, by: "ann@example.com" })),
      }),
    ).toBe("meshplane/g0001/restricted/owner:ann_example_com/until:2027-02-01T00:00:00Z");
  });

  it("refuses a principal of another cloud", () => {
    expect(() =>
      planning.grantBucketStatements(
        { ...grant, principal: { kind: "domain" } },
        "arn:aws:s3:::b",
        "p",
      ),
    ).toThrow("an AWS product is read by an IAM role, not domain");
  });
});

describe("productGrants", () => {
  const context = caseContext("silver", "restricted", "none");

  it("leaves out a grant past its end date, so the next up removes it", () => {
    const ended = grantFor(context.spec, { endsAt: "2026-12-01T00:00:00.000Z" });
    expect(productGrants(context.spec, [ended], NOW)).toEqual([]);
  });

  it("fails on a grant for another product, naming it", () => {
    const other = grantFor(context.spec, { product: "payments/other-product" });
    expect(() => productGrants(context.spec, [other], NOW)).toThrow(
      "grants[0]: grant g0001 is for payments/other-product, not payments/card-transactions",
    );
  });

  it("fails on an unapproved restricted grant and on a repeated id", () => {
    const grant = grantFor(context.spec);
    const unapproved = { ...grant, approvals: grant.approvals.slice(0, 1) };
    expect(() => productGrants(context.spec, [unapproved], NOW)).toThrow(
      "grants[0].approvals: a restricted grant needs a platform admin's approval",
    );
    expect(() => productGrants(context.spec, [grant, grant], NOW)).toThrow(
      "grants[1]: grant g0001 is listed twice",
    );
  });
});
