/** The production policy runner on a small Azure graph: passes, violations, stack policies. */
import type {
  Policy,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import { azurePolicies } from "#components/policy/azure";
import { CONTROLS } from "#components/policy/controls";
import {
  controlIdOf,
  notApplicableResults,
  runPolicies,
  type GraphResource,
} from "#infra/plan/policy-runner";

function account(overrides: Record<string, unknown> = {}): GraphResource {
  return {
    type: "azure-native:storage:StorageAccount",
    name: "lake",
    parent: "country-codes",
    protect: false,
    // Only what the two policies under test read.
    props: {
      accountName: "stlake",
      allowBlobPublicAccess: false,
      networkRuleSet: { defaultAction: "Deny", bypass: "AzureServices" },
      encryption: { keySource: "Microsoft.Storage", requireInfrastructureEncryption: true },
      ...overrides,
    },
  };
}

const component: GraphResource = {
  type: "meshplane:azure:IcebergStorage",
  name: "country-codes",
  parent: null,
  protect: false,
  props: {},
};

const byName = (name: string) => azurePolicies.filter((policy) => policy.name === name);

const run = (policies: readonly Policy[], resources: GraphResource[]) =>
  runPolicies({ policies, resources, controls: CONTROLS, project: "meshplane", stack: "preview" });

describe("runPolicies", () => {
  it("reports one pass for a policy that finds nothing wrong", async () => {
    const results = await run(byName("mp-net-001-azure"), [component, account()]);
    expect(results).toEqual([
      {
        controlId: "MP-NET-001",
        control: CONTROLS["MP-NET-001"],
        policy: "mp-net-001-azure",
        resource: null,
        outcome: "pass",
        message: byName("mp-net-001-azure")[0]?.description,
      },
    ]);
  });

  it("reports a violation on the offending resource by its logical name", async () => {
    const results = await run(byName("mp-net-001-azure"), [
      component,
      account({ allowBlobPublicAccess: true }),
    ]);
    expect(results).toEqual([
      {
        controlId: "MP-NET-001",
        control: CONTROLS["MP-NET-001"],
        policy: "mp-net-001-azure",
        resource: "lake",
        outcome: "violation",
        message: "allowBlobPublicAccess must be false",
      },
    ]);
  });

  it("runs resource validators by Pulumi type token and skips other types", async () => {
    const results = await run(byName("mp-enc-001-azure"), [
      component,
      account({ encryption: undefined }),
    ]);
    expect(results.map((r) => [r.outcome, r.resource, r.message])).toEqual([
      ["violation", "lake", "the storage account sets no encryption settings"],
    ]);
  });

  it("treats notApplicable() as no finding and reports stack-wide findings without a resource", async () => {
    const notApplicableHere: ResourceValidationPolicy = {
      name: "mp-x-001-azure",
      description: "not applicable here",
      validateResource: (args: ResourceValidationArgs) => args.notApplicable("no such resources"),
    };
    const stackWide: StackValidationPolicy = {
      name: "mp-y-001-azure",
      description: "needs two resources",
      validateStack: (args: StackValidationArgs, report: ReportViolation) => {
        if (args.resources.length < 3) report(`only ${args.resources.length} resources`);
      },
    };
    const results = await run([notApplicableHere, stackWide], [component, account()]);
    expect(results.map((r) => [r.controlId, r.outcome, r.resource, r.message])).toEqual([
      ["MP-X-001", "pass", null, "not applicable here"],
      ["MP-Y-001", "violation", null, "only 2 resources"],
    ]);
  });

  it("gives policies parent links and URNs with the parent's type chain", async () => {
    const seen: string[] = [];
    const policy: StackValidationPolicy = {
      name: "probe",
      description: "records URNs",
      validateStack: (args: StackValidationArgs) => {
        for (const resource of args.resources)
          seen.push(`${resource.urn} <- ${resource.parent?.name ?? "-"}`);
      },
    };
    await run([policy], [component, account()]);
    expect(seen).toEqual([
      "urn:pulumi:preview::meshplane::meshplane:azure:IcebergStorage::country-codes <- -",
      "urn:pulumi:preview::meshplane::meshplane:azure:IcebergStorage$azure-native:storage:StorageAccount::lake <- country-codes",
    ]);
  });
});

describe("controlIdOf and notApplicableResults", () => {
  it("derives the control id from the policy name", () => {
    expect(controlIdOf("mp-enc-001-aws")).toBe("MP-ENC-001");
    expect(controlIdOf("custom")).toBe("CUSTOM");
  });

  it("lists the controls a target does not enforce, with the reason", () => {
    expect(
      notApplicableResults(
        { "MP-TLS-001": "HTTPS only", "MP-GEO-001": undefined },
        { "MP-TLS-001": "TLS only" },
      ),
    ).toEqual([
      {
        controlId: "MP-TLS-001",
        control: "TLS only",
        policy: "",
        resource: null,
        outcome: "not-applicable",
        message: "HTTPS only",
      },
    ]);
  });
});
