/**
 * Runs policy-pack policies over a planned resource graph the way the Pulumi analyzer calls them:
 * `validateResource` once per resource, `validateStack` once with every resource, `isType` by the
 * class's Pulumi type token, `notApplicable()` as "this policy does not apply". Results are per
 * control: one `pass` for a policy that reported nothing, one `violation` per report.
 */
import type {
  Policy,
  PolicyResource,
  PolicyResourceOptions,
  ResourceValidation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import type { PolicyResult } from "#core/plan-result";

/** A resource as the policies see it: resolved inputs and the options that matter to them. */
export interface GraphResource {
  type: string;
  name: string;
  /** Logical name of the parent; null for a root. */
  parent: string | null;
  props: Record<string, unknown>;
  protect: boolean;
}

export interface PolicyRun {
  policies: readonly Policy[];
  resources: readonly GraphResource[];
  /** Control id → what it promises (components/policy/controls.ts CONTROLS). */
  controls: Readonly<Record<string, string>>;
  project: string;
  stack: string;
}

class NotApplicable extends Error {}

function notApplicable(reason?: string): never {
  throw new NotApplicable(reason);
}

/** The mesh policies take no configuration (`getConfig` exists for packs that do). */
function noConfig(): never {
  throw new Error("the mesh policies take no configuration");
}

/** What `@pulumi/policy` itself compares: the `__pulumiType` static of generated resource classes. */
function pulumiTypeOf(resourceClass: unknown): string | undefined {
  const type: unknown =
    typeof resourceClass === "function" ? Reflect.get(resourceClass, "__pulumiType") : undefined;
  return typeof type === "string" ? type : undefined;
}

/** `MP-ENC-001` from a policy named `mp-enc-001-aws`; the whole name when it has no such prefix. */
export function controlIdOf(policyName: string): string {
  const match = /^([a-z]+-[a-z]+-\d{3})\b/.exec(policyName);
  return (match?.[1] ?? policyName).toUpperCase();
}

function urnsOf(run: PolicyRun): Map<string, string> {
  const byName = new Map(run.resources.map((resource) => [resource.name, resource]));
  const typeChain = (resource: GraphResource): string => {
    const parent = resource.parent === null ? undefined : byName.get(resource.parent);
    return parent === undefined || parent === resource
      ? resource.type
      : `${typeChain(parent)}$${resource.type}`;
  };
  return new Map(
    run.resources.map((resource) => [
      resource.name,
      `urn:pulumi:${run.stack}::${run.project}::${typeChain(resource)}::${resource.name}`,
    ]),
  );
}

function policyResources(run: PolicyRun): PolicyResource[] {
  const urns = urnsOf(run);
  const built = new Map<string, PolicyResource>();
  for (const resource of run.resources) {
    const parentUrn = resource.parent === null ? undefined : urns.get(resource.parent);
    const opts: PolicyResourceOptions = {
      protect: resource.protect,
      ignoreChanges: [],
      aliases: [],
      customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
      additionalSecretOutputs: [],
      ...(parentUrn === undefined ? {} : { parent: parentUrn }),
    };
    const isType = (resourceClass: unknown) => pulumiTypeOf(resourceClass) === resource.type;
    built.set(resource.name, {
      type: resource.type,
      name: resource.name,
      urn: urns.get(resource.name) ?? resource.name,
      props: resource.props,
      opts,
      dependencies: [],
      propertyDependencies: {},
      isType,
      // The SDK's own contract: for a matching class the props are that class's resolved args.
      asType: ((resourceClass: unknown) =>
        isType(resourceClass) ? resource.props : undefined) as PolicyResource["asType"],
    });
  }
  for (const resource of run.resources) {
    const parent = resource.parent === null ? undefined : built.get(resource.parent);
    const self = built.get(resource.name);
    if (self !== undefined && parent !== undefined && parent !== self) self.parent = parent;
  }
  return [...built.values()];
}

function resourceArgs(resource: PolicyResource): ResourceValidationArgs {
  return {
    type: resource.type,
    props: resource.props,
    urn: resource.urn,
    name: resource.name,
    opts: resource.opts,
    stackTags: new Map(),
    isType: (resourceClass) => resource.isType(resourceClass),
    // The SDK's own contract: for a matching class the props are that class's resolved args.
    asType: ((resourceClass: unknown) =>
      resource.isType(resourceClass as never)
        ? resource.props
        : undefined) as ResourceValidationArgs["asType"],
    getConfig: noConfig,
    notApplicable,
  };
}

function isResourcePolicy(policy: Policy): policy is ResourceValidationPolicy {
  return "validateResource" in policy;
}

function isStackPolicy(policy: Policy): policy is StackValidationPolicy {
  return "validateStack" in policy && typeof policy.validateStack === "function";
}

function resourceValidators(policy: Policy): ResourceValidation[] {
  if (!isResourcePolicy(policy)) return [];
  const validate = policy.validateResource;
  if (validate === undefined) return [];
  return Array.isArray(validate) ? validate : [validate];
}

interface Report {
  resource: string | null;
  message: string;
}

async function reportsOf(policy: Policy, resources: readonly PolicyResource[]): Promise<Report[]> {
  const byUrn = new Map(resources.map((resource) => [resource.urn, resource.name]));
  const reports: Report[] = [];
  const reporter = (fallback: string | null) => (message: string, urn?: string) => {
    reports.push({ resource: urn === undefined ? fallback : (byUrn.get(urn) ?? urn), message });
  };
  const attempt = async (check: () => unknown) => {
    try {
      await check();
    } catch (error) {
      if (!(error instanceof NotApplicable)) throw error;
    }
  };
  const validators = resourceValidators(policy);
  for (const resource of resources) {
    for (const validate of validators) {
      await attempt(() => validate(resourceArgs(resource), reporter(resource.name)));
    }
  }
  if (isStackPolicy(policy)) {
    const validateStack = policy.validateStack;
    const args: StackValidationArgs = {
      resources: [...resources],
      stackTags: new Map(),
      getConfig: noConfig,
      notApplicable,
    };
    await attempt(() => validateStack(args, reporter(null)));
  }
  return reports;
}

/** A result per control the target's cloud does not enforce, with the reason. */
export function notApplicableResults(
  reasons: Readonly<Record<string, string | undefined>>,
  controls: Readonly<Record<string, string>>,
): PolicyResult[] {
  return Object.entries(reasons).flatMap(([controlId, reason]) =>
    reason === undefined
      ? []
      : [
          {
            controlId,
            control: controls[controlId] ?? controlId,
            policy: "",
            resource: null,
            outcome: "not-applicable" as const,
            message: reason,
          },
        ],
  );
}

export async function runPolicies(run: PolicyRun): Promise<PolicyResult[]> {
  const resources = policyResources(run);
  const results: PolicyResult[] = [];
  for (const policy of run.policies) {
    const controlId = controlIdOf(policy.name);
    const base = {
      controlId,
      control: run.controls[controlId] ?? policy.description,
      policy: policy.name,
    };
    const reports = await reportsOf(policy, resources);
    if (reports.length === 0) {
      results.push({ ...base, resource: null, outcome: "pass", message: policy.description });
    }
    for (const report of reports) results.push({ ...base, ...report, outcome: "violation" });
  }
  return results;
}
