/** StorageLifecycle under Pulumi mocks: one `default` policy per account, tiering by SKU. */
import { beforeEach, describe, expect, it } from "vitest";
import type { ProductContext } from "../../../../components/context";
import {
  captureParent,
  exampleContext,
  installAzureMocks,
  inputsOf,
  variantContext,
} from "./harness";

const recorder = installAzureMocks();
const { StorageLifecycle } = await import("../../../../components/azure/storage-lifecycle");
const { STORAGE_SKUS } = await import("../../../../components/azure/planning/storage");

const RG = "rg-test";

beforeEach(() => {
  recorder.reset();
});

interface Case {
  label: string;
  context: () => ProductContext;
  cold: "tierToArchive" | "tierToCold";
  days: [cool: number, archive: number, expire: number];
}

const CASES: Case[] = [
  {
    label: "bronze defaults (LRS: archive)",
    context: () => exampleContext("country-codes.yaml"),
    cold: "tierToArchive",
    days: [30, 90, 90],
  },
  {
    label: "silver defaults (ZRS: cold)",
    context: () =>
      variantContext("country-codes.yaml", (s) => {
        s.tier = "silver";
        s.sla.rpoMinutes = 60;
        s.sla.rtoMinutes = 480;
      }),
    cold: "tierToCold",
    days: [30, 90, 365],
  },
  {
    label: "gold defaults (RA-GZRS: cold)",
    context: () => exampleContext("customer-360.yaml"),
    cold: "tierToCold",
    days: [30, 90, 2555],
  },
  {
    label: "bronze with a lifecycle and retention of its own",
    context: () =>
      variantContext("country-codes.yaml", (s) => {
        s.retentionDays = 400;
        s.lifecycle = { coolAfterDays: 10, archiveAfterDays: 200, expireAfterDays: 400 };
      }),
    cold: "tierToArchive",
    days: [10, 200, 400],
  },
];

describe("StorageLifecycle", () => {
  it.each(CASES)("$label", async (c) => {
    const context = c.context();
    const [cool, archive, expire] = c.days;
    const { parent, settle } = captureParent(`p-${c.label}`);
    const lifecycle = new StorageLifecycle(
      "lifecycle",
      {
        context,
        resourceGroupName: RG,
        accountName: "stacct",
        skuName: STORAGE_SKUS[context.spec.tier],
        containerName: "wh",
        tablePath: "domain/name",
      },
      { parent },
    );
    await settle();

    expect(lifecycle.coldestTier).toBe(c.cold === "tierToArchive" ? "archive" : "cold");
    expect(inputsOf(recorder, "azure-native:storage:ManagementPolicy")).toEqual({
      managementPolicyName: "default",
      accountName: "stacct",
      resourceGroupName: RG,
      policy: {
        rules: [
          {
            name: "tier-data-files",
            enabled: true,
            type: "Lifecycle",
            definition: {
              filters: { blobTypes: ["blockBlob"], prefixMatch: ["wh/domain/name/data/"] },
              actions: {
                baseBlob: {
                  tierToCool: { daysAfterModificationGreaterThan: cool },
                  [c.cold]: { daysAfterModificationGreaterThan: archive },
                },
                snapshot: {
                  tierToCool: { daysAfterCreationGreaterThan: cool },
                  [c.cold]: { daysAfterCreationGreaterThan: archive },
                },
              },
            },
          },
          {
            name: "expire",
            enabled: true,
            type: "Lifecycle",
            definition: {
              filters: { blobTypes: ["blockBlob"], prefixMatch: ["wh/"] },
              actions: {
                baseBlob: { delete: { daysAfterModificationGreaterThan: expire } },
                snapshot: { delete: { daysAfterCreationGreaterThan: expire } },
              },
            },
          },
        ],
      },
    });
  });

  it("names the empty arg it cannot work without", () => {
    const context = exampleContext("country-codes.yaml");
    expect(
      () =>
        new StorageLifecycle("bad", {
          context,
          resourceGroupName: RG,
          accountName: "",
          skuName: "Standard_LRS",
          containerName: "wh",
          tablePath: "d/n",
        }),
    ).toThrow(/StorageLifecycle: args.accountName must not be empty/);
  });
});
