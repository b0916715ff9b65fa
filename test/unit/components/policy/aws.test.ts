/**
 * Each AWS policy on a passing and a violating resource. The passing graph is what deployAws
 * builds for a gold, restricted product with an HTTP + S3-triggered function (plus a domain's
 * Glue database); each violating case changes one input of one resource of that graph.
 */
import type { Policy } from "@pulumi/policy";
import { beforeAll, describe, expect, it } from "vitest";
import { enforcedOn } from "../../../../components/policy/applicability";
import { policyName, type ControlId } from "../../../../components/policy/controls";
import { runPolicies } from "../../../support/policy-runner";
import { valueOf, type RecordedResource } from "../../../support/pulumi-mocks";
import { caseContext, installAwsMocks } from "../aws/harness";
import { captureParent } from "../azure/harness";

const recorder = installAwsMocks();
const { deployAws, DomainCatalog } = await import("../../../../components/aws");
const { awsPolicies, scopedResource, statementsOf } =
  await import("../../../../components/policy/aws");

let graph: RecordedResource[] = [];
const INFERENCE_ROLE = caseContext("gold", "restricted", "zip").names.aws.inferenceRole;

beforeAll(async () => {
  const context = caseContext("gold", "restricted", "zip");
  const { parent, settle } = captureParent("policy-graph");
  await valueOf(deployAws(context, parent, {}));
  await settle();
  const domain = new DomainCatalog("domain", {
    domain: "payments",
    environment: "prod",
    owner: "payments-data",
    region: "us-east-1",
  });
  await valueOf(domain.urn);
  await valueOf(domain.database.urn);
  graph = structuredClone(recorder.resources);
});

function policy(control: ControlId): Policy {
  const found = awsPolicies.find((p) => p.name === policyName(control, "aws"));
  if (!found) throw new Error(`no policy for ${control}`);
  return found;
}

async function violations(control: ControlId, resources: RecordedResource[]): Promise<string[]> {
  return (await runPolicies([policy(control)], resources)).map((v) => v.message);
}

type Inputs = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests poke arbitrary shapes

function indexOf(resources: RecordedResource[], type: string, name: string): number {
  const index = resources.findIndex((r) => r.type === type && r.name === name);
  if (index < 0) throw new Error(`no ${type} named ${name} in the graph`);
  return index;
}

/** The graph with one resource's inputs changed. */
function changed(type: string, name: string, change: (inputs: Inputs) => void): RecordedResource[] {
  const copy = structuredClone(graph);
  const target = copy[indexOf(copy, type, name)];
  if (target !== undefined) change(target.inputs);
  return copy;
}

/** The graph without one resource. */
function removed(type: string, name: string): RecordedResource[] {
  const copy = structuredClone(graph);
  copy.splice(indexOf(copy, type, name), 1);
  return copy;
}

const T = {
  bucket: "aws:s3/bucket:Bucket",
  sse: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  pab: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  ownership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
  bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
  versioning: "aws:s3/bucketVersioning:BucketVersioning",
  lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
  replication: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
  vault: "aws:backup/vault:Vault",
  plan: "aws:backup/plan:Plan",
  key: "aws:kms/key:Key",
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  fn: "aws:lambda/function:Function",
  url: "aws:lambda/functionUrl:FunctionUrl",
  permission: "aws:lambda/permission:Permission",
  database: "aws:glue/catalogDatabase:CatalogDatabase",
};

function withPolicy(inputs: Inputs, edit: (document: Inputs) => void): void {
  const document = JSON.parse(String(inputs.policy)) as Inputs;
  edit(document);
  inputs.policy = JSON.stringify(document);
}

interface ViolatingCase {
  control: ControlId;
  what: string;
  resources: () => RecordedResource[];
  message: string;
}

const CASES: ViolatingCase[] = [
  {
    control: "MP-ENC-001",
    what: "a bucket without default encryption",
    resources: () => removed(T.sse, "storage-encryption"),
    message: "has no default encryption configuration",
  },
  {
    control: "MP-ENC-001",
    what: "a restricted bucket with SSE-S3",
    resources: () =>
      changed(T.sse, "storage-encryption", (i) => {
        i.rules = [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }];
      }),
    message: "must use SSE-KMS with a KMS key",
  },
  {
    control: "MP-ENC-001",
    what: "a restricted product's vault without a key",
    resources: () =>
      changed(T.vault, "backup-vault", (i) => {
        delete i.kmsKeyArn;
      }),
    message: "the backup vault of a restricted product must set kmsKeyArn",
  },
  {
    control: "MP-NET-001",
    what: "a public access block with one setting off",
    resources: () =>
      changed(T.pab, "storage-public-access-block", (i) => {
        i.restrictPublicBuckets = false;
      }),
    message: "must block public access: restrictPublicBuckets not true",
  },
  {
    control: "MP-NET-001",
    what: "ACLs enabled",
    resources: () =>
      changed(T.ownership, "backup-replica-ownership", (i) => {
        i.rule = { objectOwnership: "ObjectWriter" };
      }),
    message: "must set object ownership BucketOwnerEnforced, not ObjectWriter",
  },
  {
    control: "MP-NET-001",
    what: "a Function URL without auth",
    resources: () =>
      changed(T.url, "inference-url", (i) => {
        i.authorizationType = "NONE";
      }),
    message: "Function URLs must use AWS_IAM auth, not NONE",
  },
  {
    control: "MP-NET-001",
    what: "a Lambda permission for everyone",
    resources: () =>
      changed(T.permission, "inference-s3-invoke", (i) => {
        i.principal = "*";
      }),
    message: "a Lambda permission must not grant the principal *",
  },
  {
    control: "MP-TLS-001",
    what: "a bucket policy whose deny applies only with TLS",
    resources: () =>
      changed(T.bucketPolicy, "storage-tls-only", (i) => {
        withPolicy(i, (d) => {
          d.Statement[0].Condition.Bool["aws:SecureTransport"] = "true";
        });
      }),
    message: "must deny requests without TLS (aws:SecureTransport false)",
  },
  {
    control: "MP-TLS-001",
    what: "a bucket without a policy",
    resources: () => removed(T.bucketPolicy, "backup-replica-tls-only"),
    message: "must deny requests without TLS (aws:SecureTransport false)",
  },
  {
    control: "MP-VER-001",
    what: "suspended versioning",
    resources: () =>
      changed(T.versioning, "storage-versioning", (i) => {
        i.versioningConfiguration = { status: "Suspended" };
      }),
    message: "must enable versioning, not Suspended",
  },
  {
    control: "MP-LIF-001",
    what: "an expiry before the retention",
    resources: () =>
      changed(T.lifecycle, "storage-lifecycle-rules", (i) => {
        i.rules[0].expiration = { days: 365 };
      }),
    message: "rule tier-and-expire expires objects after 365 days, before the 2555-day retention",
  },
  {
    control: "MP-GEO-001",
    what: "a replica in the primary region",
    resources: () =>
      changed(T.bucket, "backup-replica-bucket", (i) => {
        i.region = "us-east-1";
      }),
    message: "must replicate to a bucket in another region",
  },
  {
    control: "MP-GEO-001",
    what: "backups without a copy to another region",
    resources: () =>
      changed(T.plan, "backup-plan", (i) => {
        for (const rule of i.rules) rule.copyActions = [];
      }),
    message: "needs a backup plan copying to a vault in another region",
  },
  {
    control: "MP-KEY-001",
    what: "a key without rotation",
    resources: () =>
      changed(T.key, "storage-key", (i) => {
        i.enableKeyRotation = false;
      }),
    message: "the KMS key must enable automatic rotation",
  },
  {
    control: "MP-KEY-001",
    what: "a restricted bucket on the AWS-managed S3 key",
    resources: () =>
      changed(T.sse, "storage-encryption", (i) => {
        i.rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId = "alias/aws/s3";
      }),
    message: "must be encrypted with a customer-managed KMS key",
  },
  {
    control: "MP-LBL-001",
    what: "a bucket without the owner tag",
    resources: () =>
      changed(T.bucket, "storage-bucket", (i) => {
        delete i.tags.owner;
      }),
    message: "missing mesh labels: owner",
  },
  {
    control: "MP-LBL-001",
    what: "a domain database without the domain tag",
    resources: () =>
      changed(T.database, "domain-database", (i) => {
        delete i.tags.domain;
      }),
    message: "missing mesh labels: domain",
  },
  {
    control: "MP-IAM-001",
    what: "a wildcard action in the function's policy",
    resources: () =>
      changed(T.rolePolicy, "inference-role-policy", (i) => {
        withPolicy(i, (d) => {
          d.Statement[0].Action = ["s3:*"];
        });
      }),
    message: "action s3:* is a wildcard",
  },
  {
    control: "MP-IAM-001",
    what: "an unscoped resource in the function's policy",
    resources: () =>
      changed(T.rolePolicy, "inference-role-policy", (i) => {
        withPolicy(i, (d) => {
          d.Statement[2].Resource = "*";
        });
      }),
    message: "resource * is a wildcard or unscoped",
  },
  {
    control: "MP-IAM-001",
    what: "a managed policy on the function's role",
    resources: () =>
      changed(T.attachment, "backup-backup-role-policy-0", (i) => {
        i.role = INFERENCE_ROLE;
      }),
    message:
      "a function role must not attach arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup",
  },
  {
    control: "MP-FN-001",
    what: "a function without reserved concurrency",
    resources: () =>
      changed(T.fn, "inference-function", (i) => {
        delete i.reservedConcurrentExecutions;
      }),
    message: "the function must reserve concurrency of at least 1, not unset",
  },
  {
    control: "MP-FN-001",
    what: "a function on the unreserved pool (-1)",
    resources: () =>
      changed(T.fn, "inference-function", (i) => {
        i.reservedConcurrentExecutions = -1;
      }),
    message: "the function must reserve concurrency of at least 1, not -1",
  },
];

describe("AWS policy pack", () => {
  it("has one mandatory policy per control, citing it", () => {
    expect(awsPolicies.map((p) => p.name)).toEqual(
      enforcedOn("aws").map((control) => policyName(control, "aws")),
    );
    for (const p of awsPolicies) {
      expect(p.enforcementLevel).toBe("mandatory");
      expect(p.description.startsWith("MP-")).toBe(true);
    }
  });

  it.each(enforcedOn("aws"))("%s passes the graph deployAws builds", async (control) => {
    expect(graph.length).toBeGreaterThan(40);
    expect(await violations(control, graph)).toEqual([]);
  });

  it.each(CASES)("$control reports $what", async (c) => {
    const found = await violations(c.control, c.resources());
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(c.message);
  });

  it("covers every control with a violating case", () => {
    expect(new Set(CASES.map((c) => c.control))).toEqual(new Set(enforcedOn("aws")));
  });
});

describe("scopedResource", () => {
  it.each([
    ["arn:aws:s3:::bucket/iceberg/product/*", true],
    ["arn:aws:s3:::bucket", true],
    ["arn:aws:kms:us-east-1:123456789012:key/abc", true],
    ["arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/fn:log-stream:*", true],
    ["*", false],
    ["arn:aws:s3:::*", false],
    ["arn:aws:s3:::bucket*", false],
    ["arn:aws:kms:*:123456789012:key/abc", false],
    ["arn:aws:kms:us-east-1:123456789012:key/*", false],
    ["arn:aws:logs:us-east-1:123456789012:log-group:*", false],
    ["arn:aws:s3:::", false],
  ])("%s → %s", (arn, expected) => {
    expect(scopedResource(arn)).toBe(expected);
  });
});

describe("statementsOf", () => {
  it("reads JSON text and objects, single statements and lists, and nothing else", () => {
    const statement = { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" };
    expect(statementsOf(JSON.stringify({ Statement: statement }))).toEqual([statement]);
    expect(statementsOf({ Statement: [statement, statement] })).toEqual([statement, statement]);
    expect(statementsOf("{not json")).toBeUndefined();
    expect(statementsOf({ Version: "2012-10-17" })).toBeUndefined();
  });
});
