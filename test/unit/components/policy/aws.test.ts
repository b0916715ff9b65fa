/**
 * Each AWS policy on a passing and a violating resource. The passing graph is what deployAws
 * builds for a gold, restricted product with an HTTP + S3-triggered function (plus a domain's
 * Glue database); each violating case changes one input of one resource of that graph.
 */
import type { Policy } from "@pulumi/policy";
import { beforeAll, describe, expect, it } from "vitest";
import { CONTROL_IDS, coverageOf, policyName, type ControlId } from "#components/policy/controls";
import { withGrant } from "#test/support/access";
import { runPolicies } from "#test/support/policy-runner";
import { valueOf, type RecordedResource } from "#test/support/pulumi-mocks";
import { caseContext, installAwsMocks } from "../aws/harness";
import { captureParent } from "../azure/harness";

const recorder = installAwsMocks();
const { deployAws, DomainCatalog } = await import("#components/aws/index");
const { awsPolicies, runsAtLeastDaily, scopedResource, statementsOf } =
  await import("#components/policy/aws");

/** The controls a policy enforces on AWS (met in the control list). */
const ENFORCED = CONTROL_IDS.filter((control) => coverageOf(control, "aws").status === "met");

let graph: RecordedResource[] = [];
const INFERENCE_ROLE = caseContext("gold", "restricted", "zip").names.aws.inferenceRole;

beforeAll(async () => {
  // With a consumer's grant, so the access-grant controls (MP-ACC-*) have resources to check.
  const context = withGrant(caseContext("gold", "restricted", "zip"));
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
  table: "aws:glue/catalogTable:CatalogTable",
  logging: "aws:s3/bucketLogging:BucketLogging",
  selection: "aws:backup/selection:Selection",
  vaultLock: "aws:backup/vaultLockConfiguration:VaultLockConfiguration",
  topic: "aws:sns/topic:Topic",
  queue: "aws:sqs/queue:Queue",
  invokeConfig: "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  kmsGrant: "aws:kms/grant:Grant",
  lakeFormation: "aws:lakeformation/permissions:Permissions",
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
  /** Violations the change causes; 1 unless it breaks a second resource's case too. */
  count?: number;
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
    what: "an alarm topic without a key",
    resources: () =>
      changed(T.topic, "inference-alarms", (i) => {
        delete i.kmsMasterKeyId;
      }),
    message: "must set kmsMasterKeyId",
  },
  {
    control: "MP-ENC-001",
    what: "an unencrypted failure queue",
    resources: () =>
      changed(T.queue, "inference-failures", (i) => {
        delete i.kmsMasterKeyId;
      }),
    message: "must be encrypted at rest",
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
    control: "MP-KEY-001",
    what: "a restricted bucket with SSE-S3",
    resources: () =>
      changed(T.sse, "backup-replica-encryption", (i) => {
        i.rules = [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }];
      }),
    message: "restricted bucket",
  },
  {
    control: "MP-KEY-001",
    what: "a restricted product's vault without a key",
    resources: () =>
      changed(T.vault, "backup-vault", (i) => {
        delete i.kmsKeyArn;
      }),
    message: "the backup vault of a restricted product must set kmsKeyArn",
  },
  {
    control: "MP-KEY-002",
    what: "a key deleted after 7 days",
    resources: () =>
      changed(T.key, "storage-key", (i) => {
        i.deletionWindowInDays = 7;
      }),
    message: "deletionWindowInDays 7 is shorter than 30 days",
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
    control: "MP-NET-002",
    what: "a Function URL without auth",
    resources: () =>
      changed(T.url, "inference-url", (i) => {
        i.authorizationType = "NONE";
      }),
    message: "Function URLs must use AWS_IAM auth, not NONE",
  },
  {
    control: "MP-NET-002",
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
    message:
      "rule tier-and-expire-data expires objects after 365 days, before the 2555-day retention",
  },
  {
    control: "MP-LIF-002",
    what: "tiering and expiry over the whole bucket",
    resources: () =>
      changed(T.lifecycle, "storage-lifecycle-rules", (i) => {
        i.rules[0].filter = { prefix: "" };
      }),
    message: "rule tier-and-expire-data applies to the whole bucket, Iceberg metadata included",
  },
  {
    control: "MP-LIF-002",
    what: "expiry of the table's metadata",
    resources: () =>
      changed(T.lifecycle, "storage-lifecycle-rules", (i) => {
        i.rules[0].filter = { prefix: "iceberg/card-transactions/metadata/" };
      }),
    message: "filters on iceberg/card-transactions/metadata/, not a table's data/ folder",
  },
  {
    control: "MP-LIF-002",
    what: "live data moved to Glacier Flexible Retrieval (offline)",
    resources: () =>
      changed(T.lifecycle, "storage-lifecycle-rules", (i) => {
        i.rules[0].transitions[1].storageClass = "GLACIER";
      }),
    message: "GLACIER is offline",
  },
  {
    control: "MP-LIF-002",
    what: "live data moved to Deep Archive (offline)",
    resources: () =>
      changed(T.lifecycle, "storage-lifecycle-rules", (i) => {
        const rule = (i.rules as Inputs[])[0];
        if (rule !== undefined) {
          rule.transitions = [
            ...(rule.transitions as Inputs[]),
            { days: 500, storageClass: "DEEP_ARCHIVE" },
          ];
        }
      }),
    message: "DEEP_ARCHIVE is offline",
  },
  {
    control: "MP-LIF-002",
    what: "Glacier IR left before its 90-day minimum",
    resources: () =>
      changed(T.lifecycle, "storage-lifecycle-rules", (i) => {
        i.rules[0].transitions[1].days = 2500;
      }),
    message: "GLACIER_IR at day 2500 is left at day 2555, before its 90-day minimum",
  },
  {
    control: "MP-LIF-002",
    what: "Standard-IA before day 30",
    resources: () =>
      changed(T.lifecycle, "storage-lifecycle-rules", (i) => {
        i.rules[0].transitions[0].days = 10;
      }),
    message: "STANDARD_IA at day 10 is before day 30",
  },
  {
    control: "MP-LIF-002",
    what: "a log bucket expiring outside its log prefix",
    resources: () =>
      changed(T.lifecycle, "storage-logs-lifecycle-rules", (i) => {
        i.rules[0].filter = { prefix: "" };
      }),
    message: "filters on the whole bucket, not the log prefix access/",
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
    control: "MP-BAK-001",
    what: "the warehouse left out of the backup selection",
    resources: () =>
      changed(T.selection, "backup-selection", (i) => {
        i.resources = [];
      }),
    message: "is in no AWS Backup selection",
  },
  {
    control: "MP-BAK-001",
    what: "daily backups kept 7 days",
    resources: () =>
      changed(T.plan, "backup-plan", (i) => {
        i.rules[0].lifecycle = { deleteAfter: 7 };
      }),
    message: "backup rule daily keeps backups less than 30 days",
  },
  {
    control: "MP-BAK-001",
    what: "no backup at least daily",
    resources: () =>
      changed(T.plan, "backup-plan", (i) => {
        i.rules[0].schedule = "cron(0 3 ? * 1 *)";
      }),
    message: "gold data needs a backup rule scheduled at least daily",
  },
  {
    control: "MP-BAK-002",
    what: "an unlocked replica vault",
    resources: () => removed(T.vaultLock, "backup-replica-vault-lock"),
    message: "has no vault lock",
  },
  {
    control: "MP-BAK-002",
    what: "a vault lock in governance mode",
    resources: () =>
      changed(T.vaultLock, "backup-vault-lock", (i) => {
        delete i.changeableForDays;
      }),
    message: "is in governance mode",
  },
  {
    control: "MP-PITR-001",
    what: "no continuous backup",
    resources: () =>
      changed(T.plan, "backup-plan", (i) => {
        i.rules = (i.rules as Inputs[]).filter((rule) => rule.enableContinuousBackup !== true);
      }),
    message: "needs a continuous backup rule (point-in-time restore)",
  },
  {
    control: "MP-PITR-001",
    what: "continuous backup kept 40 days (AWS allows 35)",
    resources: () =>
      changed(T.plan, "backup-plan", (i) => {
        i.rules[2].lifecycle = { deleteAfter: 40 };
      }),
    message: "continuous backup rule continuous keeps 40 days, not 30 to 35",
  },
  {
    control: "MP-CAT-001",
    what: "an Iceberg v1 table",
    resources: () =>
      changed(T.table, "catalog-table", (i) => {
        i.openTableFormatInput.icebergInput.version = "1";
      }),
    message: "must be registered as Iceberg version 2, not version 1",
  },
  {
    control: "MP-CAT-001",
    what: "a partition field numbered like a column",
    resources: () =>
      changed(T.table, "catalog-table", (i) => {
        i.openTableFormatInput.icebergInput.icebergTableInput.partitionSpec.fields[1].fieldId = 5;
      }),
    message: "has id 5: ids start at 1000 and never repeat",
  },
  {
    control: "MP-CAT-001",
    what: "a partition of a column the schema lacks",
    resources: () =>
      changed(T.table, "catalog-table", (i) => {
        i.openTableFormatInput.icebergInput.icebergTableInput.partitionSpec.fields[0].sourceId = 42;
      }),
    message: "partitions column id 42, not in the schema",
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
    what: "a queue without tags",
    resources: () =>
      changed(T.queue, "inference-failures", (i) => {
        delete i.tags;
      }),
    message: "missing mesh labels: domain, product",
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
    what: "a write to the product's data",
    resources: () =>
      changed(T.rolePolicy, "inference-role-policy", (i) => {
        withPolicy(i, (d) => {
          d.Statement[0].Action = ["s3:PutObject"];
        });
      }),
    message: "action s3:PutObject is not read-only",
  },
  {
    control: "MP-IAM-001",
    what: "reads of every object of the bucket",
    resources: () =>
      changed(T.rolePolicy, "inference-role-policy", (i) => {
        withPolicy(i, (d) => {
          const [bucketArn] = d.Statement[1].Resource as string[];
          d.Statement[0].Resource = [`${bucketArn ?? ""}/*`];
        });
      }),
    message: "is every object of the bucket, not the product's prefix",
  },
  {
    control: "MP-IAM-001",
    what: "Resource * for an action that takes a resource",
    resources: () =>
      changed(T.rolePolicy, "inference-role-policy", (i) => {
        withPolicy(i, (d) => {
          const traces = (d.Statement as Inputs[]).find((st) => st.Sid === "WriteTraces");
          if (traces !== undefined)
            traces.Action = [...(traces.Action as string[]), "sqs:SendMessage"];
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
  {
    control: "MP-FN-001",
    what: "a reservation the default quota cannot grant",
    resources: () =>
      changed(T.fn, "inference-function", (i) => {
        i.reservedConcurrentExecutions = 950;
      }),
    message: "reserves 950 concurrent executions, more than 900",
  },
  {
    control: "MP-DLQ-001",
    what: "S3 events without an on-failure destination",
    resources: () => removed(T.invokeConfig, "inference-async-invoke"),
    message: "takes S3 events without an on-failure destination",
  },
  {
    control: "MP-DLQ-001",
    what: "an on-failure destination outside the stack",
    resources: () =>
      changed(T.invokeConfig, "inference-async-invoke", (i) => {
        i.destinationConfig.onFailure.destination = "arn:aws:sqs:us-east-1:123456789012:elsewhere";
      }),
    message: "on-failure destination must be an SQS queue of the stack",
  },
  {
    control: "MP-TRC-001",
    what: "a function without active tracing",
    resources: () =>
      changed(T.fn, "inference-function", (i) => {
        delete i.tracingConfig;
      }),
    message: "must trace requests (tracingConfig.mode Active), not unset",
  },
  {
    control: "MP-MON-001",
    what: "a latency alarm at 2 seconds",
    resources: () =>
      changed(T.alarm, "inference-latency-alarm", (i) => {
        i.threshold = 2000;
      }),
    message: "p99 duration alarms above the platform threshold",
  },
  {
    control: "MP-MON-001",
    what: "no alarm on the failure queue",
    resources: () => removed(T.alarm, "inference-failed-events-alarm"),
    message: "has no alarm",
  },
  {
    control: "MP-MON-001",
    what: "an error alarm that notifies nobody",
    resources: () =>
      changed(T.alarm, "inference-error-alarm", (i) => {
        i.alarmActions = [];
      }),
    message: "error rate's alarm notifies no SNS topic of the stack",
  },
  {
    control: "MP-LOG-001",
    what: "a log bucket in another region than its source",
    resources: () =>
      changed(T.bucket, "backup-replica-logs-bucket", (i) => {
        i.region = "us-east-1";
      }),
    message: "not a log bucket of the stack in its region",
  },
  {
    control: "MP-LOG-001",
    what: "a warehouse without access logging (its log bucket then counts as data, unlogged)",
    resources: () => removed(T.logging, "storage-access-logging"),
    message: "must log data access (BucketLogging)",
    count: 2,
  },
  {
    control: "MP-LOG-002",
    what: "function logs kept 14 days",
    resources: () =>
      changed(T.logGroup, "inference-logs", (i) => {
        i.retentionInDays = 14;
      }),
    message: "keeps logs 14 days, less than 365",
  },
  {
    control: "MP-LOG-002",
    what: "function logs under the service key",
    resources: () =>
      changed(T.logGroup, "inference-logs", (i) => {
        delete i.kmsKeyId;
      }),
    message: "must be encrypted with a KMS key (kmsKeyId)",
  },
  {
    control: "MP-ACC-001",
    what: "a grant's KMS grant to every principal",
    resources: () =>
      changed(T.kmsGrant, "grant-g0001-decrypt", (i) => {
        i.granteePrincipal = "*";
      }),
    message: "KMS grant to * is a wildcard",
  },
  {
    control: "MP-ACC-001",
    what: "a Lake Formation grant to a whole account",
    resources: () =>
      changed(T.lakeFormation, "grant-g0001-select", (i) => {
        i.principal = "210987654321";
      }),
    message: "210987654321 is a whole account",
  },
  {
    control: "MP-ACC-002",
    what: "a restricted grant recorded without its platform admin",
    resources: () =>
      changed(T.kmsGrant, "grant-g0001-decrypt", (i) => {
        i.name = "meshplane/g0001/restricted/owner:ann/until:2027-02-01T00:00:00Z";
      }),
    message: "needs a platform admin's approval",
  },
];

describe("AWS policy pack", () => {
  it("has one mandatory policy per control met on AWS, citing it", () => {
    expect(awsPolicies.map((p) => p.name)).toEqual(
      ENFORCED.map((control) => policyName(control, "aws")),
    );
    for (const p of awsPolicies) {
      expect(p.enforcementLevel).toBe("mandatory");
      expect(p.description).toMatch(/^MP-[A-Z]+-\d{3}: /);
    }
  });

  it.each(ENFORCED)("%s passes the graph deployAws builds", async (control) => {
    expect(graph.length).toBeGreaterThan(40);
    expect(await violations(control, graph)).toEqual([]);
  });

  it.each(CASES)("$control reports $what", async (c) => {
    const found = await violations(c.control, c.resources());
    expect(found, found.join("; ")).toHaveLength(c.count ?? 1);
    expect(
      found.some((message) => message.includes(c.message)),
      found.join("; "),
    ).toBe(true);
  });

  it("covers every control it enforces with a violating case", () => {
    expect(new Set(CASES.map((c) => c.control))).toEqual(new Set(ENFORCED));
  });
});

describe("runsAtLeastDaily", () => {
  it.each([
    ["cron(0 3 * * ? *)", true],
    ["cron(0 */6 ? * * *)", true],
    ["rate(12 hours)", true],
    ["rate(1 day)", true],
    ["cron(0 4 1 * ? *)", false],
    ["cron(0 3 ? * 1 *)", false],
    ["rate(2 days)", false],
    [undefined, false],
  ])("%s → %s", (schedule, expected) => {
    expect(runsAtLeastDaily(schedule)).toBe(expected);
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
