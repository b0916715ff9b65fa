/** Each GCP policy on a passing and a violating resource (or stack). */
import type { Policy } from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import { CONTROLS, policyName, type ControlId } from "../../../../components/policy/controls";
import { gcpPolicies } from "../../../../components/policy/gcp";
import { runPolicies } from "../../../support/policy-runner";
import type { RecordedResource } from "../../../support/pulumi-mocks";

const LABELS = {
  domain: "payments",
  product: "fraud-scores",
  tier: "silver",
  classification: "internal",
  owner: "payments-data",
  environment: "prod",
  "retention-days": "365",
  "managed-by": "meshplane",
};

function resource(type: string, inputs: Record<string, unknown>, name = "r"): RecordedResource {
  return { type, name, inputs, provider: undefined };
}

function bucket(change: Record<string, unknown> = {}, labels: Record<string, string> = {}) {
  return resource("gcp:storage/bucket:Bucket", {
    name: "warehouse",
    location: "EUROPE-WEST4",
    uniformBucketLevelAccess: true,
    publicAccessPrevention: "enforced",
    versioning: { enabled: true },
    lifecycleRules: [
      { action: { type: "SetStorageClass", storageClass: "NEARLINE" }, condition: { age: 30 } },
      { action: { type: "Delete" }, condition: { age: 365 } },
      {
        action: { type: "Delete" },
        condition: { daysSinceNoncurrentTime: 14, withState: "ARCHIVED" },
      },
      { action: { type: "AbortIncompleteMultipartUpload" }, condition: { age: 7 } },
    ],
    labels: { ...LABELS, ...labels },
    ...change,
  });
}

const GOLD = { tier: "gold", "retention-days": "2555" };
const dual = {
  location: "EU",
  customPlacementConfig: { dataLocations: ["EUROPE-WEST1", "EUROPE-WEST4"] },
};

function policy(control: ControlId): Policy {
  const found = gcpPolicies.find((p) => p.name === policyName(control, "gcp"));
  if (!found) throw new Error(`no policy for ${control}`);
  return found;
}

async function violations(control: ControlId, resources: RecordedResource[]): Promise<string[]> {
  return (await runPolicies([policy(control)], resources)).map((v) => v.message);
}

interface PolicyCase {
  control: ControlId;
  passing: RecordedResource[];
  violating: RecordedResource[];
  message: RegExp;
}

const key = (change: Record<string, unknown> = {}) =>
  resource("gcp:kms/cryptoKey:CryptoKey", {
    name: "k",
    keyRing: "ring",
    purpose: "ENCRYPT_DECRYPT",
    rotationPeriod: "7776000s",
    labels: LABELS,
    ...change,
  });

const iam = (type: string, role: string, member: string) =>
  resource(type, { role, member, bucket: "warehouse", project: "p", cryptoKeyId: "k", name: "s" });

const service = (scaling: Record<string, unknown> | undefined) =>
  resource("gcp:cloudrunv2/service:Service", {
    name: "svc",
    location: "europe-west1",
    labels: LABELS,
    template: { ...(scaling === undefined ? {} : { scaling }), containers: [{ image: "i" }] },
  });

const CASES: PolicyCase[] = [
  {
    control: "MP-ENC-001",
    passing: [
      bucket({}, { classification: "public" }),
      bucket(
        { encryption: { defaultKmsKeyName: "projects/p/locations/l/keyRings/r/cryptoKeys/k" } },
        { classification: "confidential" },
      ),
    ],
    violating: [bucket({}, { classification: "internal" })],
    message: /internal bucket must set encryption.defaultKmsKeyName/,
  },
  {
    control: "MP-NET-001",
    passing: [bucket()],
    violating: [bucket({ publicAccessPrevention: "inherited", uniformBucketLevelAccess: false })],
    message: /publicAccessPrevention must be enforced, not inherited/,
  },
  {
    control: "MP-VER-001",
    passing: [
      bucket(),
      bucket({
        versioning: undefined,
        retentionPolicy: { retentionPeriod: "31536000", isLocked: false },
      }),
    ],
    violating: [bucket({ versioning: { enabled: false } })],
    message: /enable versioning or set a retention policy/,
  },
  {
    control: "MP-LIF-001",
    passing: [bucket(), bucket({ lifecycleRules: [] }, { "retention-days": "abc" })],
    violating: [bucket({}, { "retention-days": "400" })],
    message: /Delete rule at age 365 days comes before the 400-day retention/,
  },
  {
    control: "MP-GEO-001",
    passing: [
      bucket(dual, GOLD),
      bucket({ name: "backup" }, GOLD),
      resource("gcp:storage/transferJob:TransferJob", {
        transferSpec: {
          gcsDataSource: { bucketName: "warehouse" },
          gcsDataSink: { bucketName: "backup" },
        },
      }),
      bucket({ name: "silver" }),
    ],
    violating: [
      bucket(
        {
          location: "EU",
          customPlacementConfig: { dataLocations: ["EUROPE-WEST1", "europe-west1"] },
        },
        GOLD,
      ),
    ],
    message: /gold bucket warehouse must be a dual-region/,
  },
  {
    control: "MP-KEY-001",
    passing: [
      key(),
      bucket({ encryption: { defaultKmsKeyName: "k" } }, { classification: "restricted" }),
      bucket({}, { classification: "confidential" }),
    ],
    violating: [key({ rotationPeriod: "31536000s" })],
    message: /rotationPeriod 31536000s is longer than 90 days/,
  },
  {
    control: "MP-LBL-001",
    passing: [
      bucket(),
      key(),
      resource("gcp:bigquery/dataset:Dataset", {
        datasetId: "d",
        labels: { domain: "payments", owner: "payments-data", "managed-by": "meshplane" },
      }),
      resource("gcp:monitoring/alertPolicy:AlertPolicy", { userLabels: LABELS }),
    ],
    violating: [
      resource("gcp:bigquery/table:Table", { tableId: "t", labels: { domain: "payments" } }),
    ],
    message: /missing mesh labels: product, tier, classification, owner, managed-by/,
  },
  {
    control: "MP-IAM-001",
    passing: [
      iam(
        "gcp:storage/bucketIAMMember:BucketIAMMember",
        "roles/storage.objectViewer",
        "serviceAccount:a@p.iam.gserviceaccount.com",
      ),
      iam(
        "gcp:cloudrunv2/serviceIamMember:ServiceIamMember",
        "roles/run.invoker",
        "group:risk@example.com",
      ),
    ],
    violating: [
      iam("gcp:cloudrunv2/serviceIamMember:ServiceIamMember", "roles/run.invoker", "allUsers"),
    ],
    message: /roles\/run.invoker is granted to allUsers \(public\)/,
  },
  {
    control: "MP-FN-001",
    passing: [service({ minInstanceCount: 0, maxInstanceCount: 20 })],
    violating: [service(undefined)],
    message: /maximum instance count/,
  },
];

describe("GCP policy pack", () => {
  it("has one mandatory policy per applicable control, citing it", () => {
    const applicable = Object.keys(CONTROLS).filter((c) => c !== "MP-TLS-001");
    expect(gcpPolicies.map((p) => p.name).sort()).toEqual(
      applicable.map((c) => policyName(c as ControlId, "gcp")).sort(),
    );
    for (const p of gcpPolicies) {
      expect(p.enforcementLevel).toBe("mandatory");
      expect(p.description).toMatch(/^MP-[A-Z]+-\d{3}: /);
    }
  });

  it.each(CASES)("$control passes compliant resources", async ({ control, passing }) => {
    expect(await violations(control, passing)).toEqual([]);
  });

  it.each(CASES)("$control reports a violation", async ({ control, violating, message }) => {
    const found = await violations(control, violating);
    expect(found.length).toBeGreaterThan(0);
    expect(found.join("\n")).toMatch(message);
  });

  it.each([
    [
      "gcp:storage/bucketIAMMember:BucketIAMMember",
      "roles/storage.objectViewer",
      "allAuthenticatedUsers",
      /allAuthenticatedUsers \(public\)/,
    ],
    [
      "gcp:projects/iAMMember:IAMMember",
      "roles/editor",
      "serviceAccount:fn@p.iam.gserviceaccount.com",
      /roles\/editor is a basic role/,
    ],
    [
      "gcp:projects/iAMMember:IAMMember",
      "roles/owner",
      "serviceAccount:fn@p.iam.gserviceaccount.com",
      /roles\/owner is a basic role/,
    ],
    [
      "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember",
      "roles/cloudkms.cryptoKeyDecrypter",
      "allUsers",
      /allUsers \(public\)/,
    ],
  ])("MP-IAM-001 refuses %s granting %s to %s", async (type, role, member, message) => {
    expect((await violations("MP-IAM-001", [iam(type, role, member)])).join("\n")).toMatch(message);
  });

  it("MP-IAM-001 checks bindings' member lists too", async () => {
    const binding = resource("gcp:storage/bucketIAMBinding:BucketIAMBinding", {
      bucket: "b",
      role: "roles/storage.objectViewer",
      members: ["group:a@example.com", "allUsers"],
    });
    expect(await violations("MP-IAM-001", [binding])).toEqual([
      "roles/storage.objectViewer is granted to allUsers (public)",
    ]);
  });

  it("MP-KEY-001 requires CMEK on restricted buckets and a rotation on every key", async () => {
    expect(await violations("MP-KEY-001", [bucket({}, { classification: "restricted" })])).toEqual([
      "restricted data must be encrypted with a customer-managed key (encryption.defaultKmsKeyName)",
    ]);
    expect(await violations("MP-KEY-001", [key({ rotationPeriod: undefined })])).toEqual([
      "the key must set rotationPeriod",
    ]);
    expect(await violations("MP-KEY-001", [key({ purpose: "ASYMMETRIC_SIGN" })])).toEqual([
      "the key's purpose must be ENCRYPT_DECRYPT, not ASYMMETRIC_SIGN",
    ]);
  });

  it("MP-LIF-001 needs a retention-days label to check an age-based Delete rule", async () => {
    const { "retention-days": _omit, ...withoutRetention } = LABELS;
    const unlabelled = bucket({ labels: withoutRetention });
    expect(await violations("MP-LIF-001", [unlabelled])).toEqual([
      "the bucket deletes data by age but has no numeric retention-days label to check against",
    ]);
  });

  it("MP-GEO-001 does not exempt a gold bucket that only looks like a backup", async () => {
    const orphanBackup = bucket({ name: "backup" }, GOLD);
    expect(await violations("MP-GEO-001", [orphanBackup])).toHaveLength(1);
  });
});
