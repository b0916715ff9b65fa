/** Pure GCP planning: placement, lifecycle, Iceberg → BigQuery types, IAM members, Cloud Run. */
import { describe, expect, it } from "vitest";
import { assertDataProductSpec, parseIcebergType, TIER_POLICIES, type Tier } from "#contract";
import { productContext } from "#components/context";
import { dataStoreOptions } from "#components/checks";
import {
  bigQueryField,
  bigQueryType,
  clusteringColumns,
} from "#components/gcp/planning/bigquery-schema";
import { needsCmek } from "#components/gcp/planning/encryption";
import { checkMembers } from "#components/gcp/planning/iam";
import {
  cloudRunResources,
  cloudRunScaling,
  checkRequestConcurrency,
  runMetricFilter,
} from "#components/gcp/planning/inference";
import {
  archiveStorageClass,
  lifecycleRules,
  softDeleteSeconds,
} from "#components/gcp/planning/lifecycle";
import {
  backupPlacement,
  datasetCanReadBucket,
  dualRegionPlacement,
  regionalPlacement,
  warehousePlacement,
} from "#components/gcp/planning/locations";
import { StorageLifecycle } from "#components/gcp/storage-lifecycle";
import { exampleInput, variant } from "#test/support/specs";

function mustType(text: string) {
  const parsed = parseIcebergType(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.value;
}

describe("bucket placement", () => {
  it.each([
    ["europe-west1", "europe-west4", "EU", "europe"],
    ["us-central1", "us-east1", "US", "us"],
    ["northamerica-northeast1", "northamerica-northeast2", "US", "us"],
    ["asia-northeast1", "asia-northeast2", "ASIA", "asia"],
  ])("%s + %s is a %s dual-region with its KMS key in %s", (a, b, location, kms) => {
    const placement = dualRegionPlacement(a, b);
    expect(placement).toEqual({
      location,
      dataLocations: [a.toUpperCase(), b.toUpperCase()],
      rpo: "ASYNC_TURBO",
      kmsLocation: kms,
      regions: [a, b],
    });
  });

  it("refuses pairs a configurable dual-region cannot hold", () => {
    expect(() => dualRegionPlacement("europe-west1", "europe-west1")).toThrow(/two distinct/);
    expect(() => dualRegionPlacement("europe-west1", "us-east1")).toThrow(/one multi-region/);
    expect(() => dualRegionPlacement("australia-southeast1", "australia-southeast2")).toThrow(
      /US, EU, ASIA multi-regions; australia-southeast1/,
    );
  });

  it("keeps bronze/silver buckets, their keys and the gold backup in one region", () => {
    expect(regionalPlacement("europe-west4")).toEqual({
      location: "EUROPE-WEST4",
      dataLocations: undefined,
      rpo: undefined,
      kmsLocation: "europe-west4",
      regions: ["europe-west4"],
    });
    expect(warehousePlacement("europe-west4", undefined)).toEqual(
      regionalPlacement("europe-west4"),
    );
    expect(warehousePlacement("europe-west1", "europe-west4").location).toBe("EU");
    expect(backupPlacement("europe-west4")).toEqual(regionalPlacement("europe-west4"));
  });

  it.each([
    ["EU", regionalPlacement("europe-west4"), true],
    ["EU", dualRegionPlacement("europe-west1", "europe-west4"), true],
    ["US", regionalPlacement("europe-west4"), false],
    ["europe-west4", regionalPlacement("europe-west4"), true],
    ["europe-west1", regionalPlacement("europe-west4"), false],
    ["asia-northeast1", dualRegionPlacement("asia-northeast1", "asia-northeast2"), true],
  ])("a dataset in %s can read %o: %s", (dataset, placement, expected) => {
    expect(datasetCanReadBucket(dataset, placement)).toBe(expected);
  });
});

describe("lifecycle rules", () => {
  const DATA = "iceberg/p/data/";

  it("tiers and expires the data files only, deletes old versions and aborts stale uploads", () => {
    const rules = lifecycleRules({
      lifecycle: { coolAfterDays: 30, archiveAfterDays: 180, expireAfterDays: 2555 },
      noncurrentDays: 30,
      versioned: true,
      dataPrefix: DATA,
    });
    expect(rules).toEqual([
      {
        action: { type: "SetStorageClass", storageClass: "NEARLINE" },
        condition: { age: 30, matchesStorageClasses: ["STANDARD"], matchesPrefixes: [DATA] },
      },
      {
        action: { type: "SetStorageClass", storageClass: "ARCHIVE" },
        condition: {
          age: 180,
          matchesStorageClasses: ["STANDARD", "NEARLINE"],
          matchesPrefixes: [DATA],
        },
      },
      { action: { type: "Delete" }, condition: { age: 2555, matchesPrefixes: [DATA] } },
      {
        action: { type: "Delete" },
        condition: { daysSinceNoncurrentTime: 30, withState: "ARCHIVED" },
      },
      { action: { type: "AbortIncompleteMultipartUpload" }, condition: { age: 7 } },
    ]);
  });

  it.each([
    ["bronze's old defaults: COLDLINE would hold 30 days of its 90", [30, 60, 90], [30, undefined]],
    ["bronze's promise: archive is expiry", [30, 90, 90], [30, undefined]],
    ["silver", [30, 90, 365], [30, "COLDLINE"]],
    ["gold's promise", [30, 90, 2555], [30, "ARCHIVE"]],
    ["NEARLINE too short before COLDLINE", [30, 50, 365], [undefined, "COLDLINE"]],
  ] as const)("%s", (_label, [cool, archive, expire], [coolDay, archiveClass]) => {
    const rules = lifecycleRules({
      lifecycle: { coolAfterDays: cool, archiveAfterDays: archive, expireAfterDays: expire },
      noncurrentDays: 7,
      versioned: false,
      dataPrefix: DATA,
    });
    const moves = rules.filter((r) => r.action.type === "SetStorageClass");
    expect(moves.map((r) => [r.condition.age, r.action])).toEqual([
      ...(coolDay === undefined
        ? []
        : [[coolDay, { type: "SetStorageClass", storageClass: "NEARLINE" }]]),
      ...(archiveClass === undefined
        ? []
        : [[archive, { type: "SetStorageClass", storageClass: archiveClass }]]),
    ]);
    // Whatever moves or expires by age is a data file; metadata/ never does.
    for (const rule of rules.filter((r) => r.action.type !== "AbortIncompleteMultipartUpload")) {
      if (rule.condition.daysSinceNoncurrentTime === undefined) {
        expect(rule.condition.matchesPrefixes).toEqual([DATA]);
      }
    }
  });

  it.each([
    [{ coolAfterDays: 30, archiveAfterDays: 60, expireAfterDays: 90 }, "COLDLINE"],
    [{ coolAfterDays: 30, archiveAfterDays: 90, expireAfterDays: 365 }, "COLDLINE"],
    [{ coolAfterDays: 30, archiveAfterDays: 90, expireAfterDays: 455 }, "ARCHIVE"],
    [{ coolAfterDays: 30, archiveAfterDays: 180, expireAfterDays: 2555 }, "ARCHIVE"],
  ])("archives %o to %s (ARCHIVE only for a stay of 365 days or more)", (lifecycle, cls) => {
    expect(archiveStorageClass(lifecycle)).toBe(cls);
  });

  it("has no noncurrent rule for an unversioned (retention-locked) bucket", () => {
    const rules = new StorageLifecycle({
      lifecycle: { coolAfterDays: 30, archiveAfterDays: 90, expireAfterDays: 365 },
      noncurrentDays: 14,
      versioned: false,
      dataPrefix: DATA,
    }).rules;
    expect(rules.some((r) => r.condition.daysSinceNoncurrentTime !== undefined)).toBe(false);
    expect(rules).toHaveLength(4);
  });

  it("rejects a bad noncurrent window and a prefix that is no folder", () => {
    const ok = {
      lifecycle: { coolAfterDays: 30, archiveAfterDays: 90, expireAfterDays: 365 },
      noncurrentDays: 7,
      versioned: true,
      dataPrefix: DATA,
    };
    expect(() => lifecycleRules({ ...ok, noncurrentDays: 0 })).toThrow(/noncurrentDays/);
    expect(() => lifecycleRules({ ...ok, dataPrefix: "" })).toThrow(/dataPrefix/);
  });

  it.each([
    [1, 7 * 86_400],
    [7, 7 * 86_400],
    [14, 14 * 86_400],
    [30, 30 * 86_400],
    [365, 90 * 86_400],
  ])("soft delete of %i days is %i seconds (GCS accepts 7-90 days)", (days, seconds) => {
    expect(softDeleteSeconds(days)).toBe(seconds);
  });

  it("uses each tier's soft-delete window for noncurrent versions", () => {
    for (const tier of ["bronze", "silver", "gold"] as Tier[]) {
      const spec = variant("sensor-readings.yaml", (s) => {
        s.tier = tier;
        s.sla = {
          freshnessMinutes: 60,
          availabilityPercent: 99,
          rpoMinutes: 1440,
          rtoMinutes: 2880,
        };
        if (tier === "gold") s.target.secondaryRegion = "europe-west1";
      });
      const rules = StorageLifecycle.forProduct(
        productContext({ spec, environment: "prod" }),
      ).rules;
      expect(
        rules.find((r) => r.condition.daysSinceNoncurrentTime !== undefined)?.condition,
      ).toEqual({
        daysSinceNoncurrentTime: TIER_POLICIES[tier].softDeleteDays,
        withState: "ARCHIVED",
      });
    }
  });
});

describe("Iceberg to BigQuery types", () => {
  it.each([
    ["boolean", { type: "BOOL" }],
    ["int", { type: "INTEGER" }],
    ["long", { type: "INTEGER" }],
    ["float", { type: "FLOAT" }],
    ["double", { type: "FLOAT" }],
    ["date", { type: "DATE" }],
    ["time", { type: "TIME" }],
    ["timestamp", { type: "DATETIME" }],
    ["timestamptz", { type: "TIMESTAMP" }],
    ["string", { type: "STRING" }],
    ["uuid", { type: "STRING" }],
    ["binary", { type: "BYTES" }],
    ["fixed[16]", { type: "BYTES", maxLength: 16 }],
    ["decimal(7,6)", { type: "NUMERIC", precision: 7, scale: 6 }],
    ["decimal(12,2)", { type: "NUMERIC", precision: 12, scale: 2 }],
    ["decimal(38,9)", { type: "NUMERIC", precision: 38, scale: 9 }],
    ["decimal(38,10)", { type: "BIGNUMERIC", precision: 38, scale: 10 }],
    ["decimal(31,1)", { type: "BIGNUMERIC", precision: 31, scale: 1 }],
    ["decimal(30,1)", { type: "NUMERIC", precision: 30, scale: 1 }],
    ["decimal(38,38)", { type: "BIGNUMERIC", precision: 38, scale: 38 }],
  ])("%s → %o", (iceberg, expected) => {
    expect(bigQueryType(mustType(iceberg))).toEqual(expected);
  });

  it("builds schema fields with mode, description and string-typed parameters", () => {
    expect(
      bigQueryField({ name: "fraud_rate", type: "decimal(7,6)", required: false, pii: false }),
    ).toEqual({
      name: "fraud_rate",
      type: "NUMERIC",
      mode: "NULLABLE",
      precision: "7",
      scale: "6",
    });
    expect(
      bigQueryField({ name: "ts", type: "timestamp", required: true, pii: false, doc: "UTC" }),
    ).toEqual({ name: "ts", type: "DATETIME", mode: "REQUIRED", description: "UTC" });
  });

  it("clusters on partition then sort columns, skipping void, unclusterable and duplicate ones", () => {
    const columns = [
      { name: "a", type: "long", required: true, pii: false },
      { name: "b", type: "double", required: false, pii: false },
      { name: "c", type: "timestamptz", required: false, pii: false },
      { name: "d", type: "string", required: false, pii: false },
      { name: "e", type: "date", required: false, pii: false },
      { name: "f", type: "binary", required: false, pii: false },
      { name: "g", type: "boolean", required: false, pii: false },
    ];
    expect(
      clusteringColumns({
        columns,
        partitionSpec: [
          { column: "c", transform: "day" },
          { column: "g", transform: "void" },
          { column: "b", transform: "identity" },
          { column: "f", transform: "bucket[4]" },
        ],
        sortOrder: [
          { column: "c", direction: "asc", nullOrder: "nulls-last" },
          { column: "a", direction: "asc", nullOrder: "nulls-last" },
          { column: "d", direction: "asc", nullOrder: "nulls-last" },
          { column: "e", direction: "asc", nullOrder: "nulls-last" },
          { column: "g", direction: "asc", nullOrder: "nulls-last" },
        ],
      }),
    ).toEqual(["c", "a", "d", "e"]);
  });

  it("clusters the examples by their partition and sort columns", () => {
    const fraud = assertDataProductSpec(exampleInput("fraud-scores.yaml"));
    const sensors = assertDataProductSpec(exampleInput("sensor-readings.yaml"));
    expect(clusteringColumns(fraud.table)).toEqual(["score_date", "merchant_id"]);
    expect(clusteringColumns(sensors.table)).toEqual(["reading_ts", "device_id"]);
  });
});

describe("Cloud Run sizing and scaling", () => {
  it.each([
    [128, "1", "128Mi"],
    [512, "1", "512Mi"],
    [2048, "1", "2048Mi"],
    [4096, "1", "4096Mi"],
    [4097, "2", "4097Mi"],
    [8192, "2", "8192Mi"],
    [10240, "4", "10240Mi"],
  ])("%i MB → %s vCPU, %s", (memoryMb, cpu, memory) => {
    expect(cloudRunResources(memoryMb)).toEqual({ cpu, memory });
  });

  it.each([
    [
      { provisionedConcurrency: 1, reservedConcurrency: 20 },
      { minInstanceCount: 1, maxInstanceCount: 20 },
    ],
    [
      { provisionedConcurrency: 0, reservedConcurrency: undefined },
      { minInstanceCount: 0, maxInstanceCount: 10 },
    ],
    [
      { provisionedConcurrency: 25, reservedConcurrency: undefined },
      { minInstanceCount: 25, maxInstanceCount: 25 },
    ],
  ])("%o scales as %o", (inference, expected) => {
    expect(cloudRunScaling(inference)).toEqual(expected);
  });

  it("rejects impossible sizes and concurrency", () => {
    expect(() => cloudRunResources(64)).toThrow(/memoryMb/);
    expect(() => cloudRunScaling({ provisionedConcurrency: 5, reservedConcurrency: 2 })).toThrow(
      /provisionedConcurrency/,
    );
    expect(() => {
      checkRequestConcurrency(0);
    }).toThrow(/requestConcurrency/);
    expect(() => {
      checkRequestConcurrency(1001);
    }).toThrow(/requestConcurrency/);
  });

  it("filters metrics to one service", () => {
    expect(
      runMetricFilter("svc", "request_count", 'metric.labels.response_code_class = "5xx"'),
    ).toBe(
      'resource.type = "cloud_run_revision" AND resource.labels.service_name = "svc" AND metric.type = "run.googleapis.com/request_count" AND metric.labels.response_code_class = "5xx"',
    );
  });
});

describe("IAM members and data-store options", () => {
  it("refuses public and malformed invokers, naming the arg", () => {
    expect(() => {
      checkMembers(["allUsers"], "invokers");
    }).toThrow(/invokers: allUsers would make the endpoint public/);
    expect(() => {
      checkMembers(["allAuthenticatedUsers"], "invokers");
    }).toThrow(/public/);
    expect(() => {
      checkMembers(["risk@example.com"], "invokers");
    }).toThrow(/not an IAM member/);
    expect(() => {
      checkMembers(["group:a@example.com", "group:a@example.com"], "invokers");
    }).toThrow(/twice/);
    expect(() => {
      checkMembers(["group:risk@example.com", "serviceAccount:x@p.iam.gserviceaccount.com"], "x");
    }).not.toThrow();
  });

  it.each([
    ["public", false],
    ["internal", true],
    ["confidential", true],
    ["restricted", true],
  ] as const)("%s data gets CMEK: %s", (classification, expected) => {
    expect(needsCmek(classification)).toBe(expected);
  });

  it.each([
    ["bronze", false],
    ["silver", false],
    ["gold", true],
  ] as const)("%s data stores are retained on delete, protected: %s", (tier, protect) => {
    const spec = variant("fraud-scores.yaml", (s) => {
      s.tier = tier;
      s.sla = {
        freshnessMinutes: 1440,
        availabilityPercent: 99,
        rpoMinutes: 1440,
        rtoMinutes: 2880,
      };
      if (tier !== "gold") delete s.target.secondaryRegion;
    });
    expect(dataStoreOptions(productContext({ spec, environment: "prod" }).policy)).toEqual({
      retainOnDelete: true,
      protect,
    });
  });
});
