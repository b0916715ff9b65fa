/** StorageLifecycle under Pulumi mocks: one `default` policy per account, on the data files. */
import { beforeEach, describe, expect, it } from "vitest";
import type { ProductContext } from "#components/context";
import {
  captureParent,
  exampleContext,
  installAzureMocks,
  inputsOf,
  variantContext,
} from "./harness";

const recorder = installAzureMocks();
const { StorageLifecycle } = await import("#components/azure/storage-lifecycle");

const RG = "rg-test";

beforeEach(() => {
  recorder.reset();
});

interface Case {
  label: string;
  context: () => ProductContext;
  /** Day of Cool, day of Cold (undefined: skipped), day of deletion. */
  days: [cool: number | undefined, cold: number | undefined, expire: number];
}

const CASES: Case[] = [
  {
    label: "bronze defaults: Cold would hold files under its 90-day minimum, so they stay Cool",
    context: () => exampleContext("country-codes.yaml"),
    days: [30, undefined, 90],
  },
  {
    label: "silver defaults",
    context: () =>
      variantContext("country-codes.yaml", (s) => {
        s.tier = "silver";
        s.sla.rpoMinutes = 60;
        s.sla.rtoMinutes = 480;
      }),
    days: [30, 90, 365],
  },
  {
    label:
      "gold defaults: the tier's promise, cool at 30 days, cold at 90, deleted at the retention",
    context: () => exampleContext("customer-360.yaml"),
    days: [30, 90, 2555],
  },
  {
    label: "bronze with a lifecycle and retention of its own",
    context: () =>
      variantContext("country-codes.yaml", (s) => {
        s.retentionDays = 400;
        s.lifecycle = { coolAfterDays: 10, archiveAfterDays: 200, expireAfterDays: 400 };
      }),
    days: [10, 200, 400],
  },
];

describe("StorageLifecycle", () => {
  it.each(CASES)("$label", async (c) => {
    const context = c.context();
    const [cool, cold, expire] = c.days;
    const { parent, settle } = captureParent(`p-${c.label}`);
    new StorageLifecycle(
      "lifecycle",
      {
        context,
        resourceGroupName: RG,
        accountName: "stacct",
        containerName: "wh",
        tablePath: "domain/name",
      },
      { parent },
    );
    await settle();

    const after = (days: number) => ({ daysAfterModificationGreaterThan: days });
    expect(inputsOf(recorder, "azure-native:storage:ManagementPolicy")).toEqual({
      managementPolicyName: "default",
      accountName: "stacct",
      resourceGroupName: RG,
      policy: {
        rules: [
          {
            name: "tier-and-expire-data-files",
            enabled: true,
            type: "Lifecycle",
            definition: {
              // The table's data files only: metadata/ never moves and never expires.
              filters: { blobTypes: ["blockBlob"], prefixMatch: ["wh/domain/name/data/"] },
              actions: {
                baseBlob: {
                  ...(cool === undefined ? {} : { tierToCool: after(cool) }),
                  ...(cold === undefined ? {} : { tierToCold: after(cold) }),
                  delete: after(expire),
                },
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
          containerName: "wh",
          tablePath: "d/n",
        }),
    ).toThrow(/StorageLifecycle: args.accountName must not be empty/);
  });
});
