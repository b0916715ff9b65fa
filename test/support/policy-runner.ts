/**
 * Runs policy-pack policies against resources recorded under Pulumi mocks, the way the Pulumi
 * analyzer would call them: `validateResource` per resource, `validateStack` once for all.
 */
import type {
  Policy,
  PolicyResource,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from "@pulumi/policy";
import type { RecordedResource } from "./pulumi-mocks";

export interface Violation {
  policy: string;
  resource: string | undefined;
  message: string;
}

interface TypedClass {
  __pulumiType?: string;
}

function isTypeOf(type: string) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- mirrors the policy SDK's own signature
  return (resourceClass: new (...rest: any[]) => unknown) =>
    (resourceClass as unknown as TypedClass).__pulumiType === type;
}

function resourceArgs(resource: RecordedResource): ResourceValidationArgs & PolicyResource {
  const isType = isTypeOf(resource.type);
  const urn = `urn:pulumi:test::meshplane::${resource.type}::${resource.name}`;
  return {
    type: resource.type,
    props: resource.inputs,
    urn,
    name: resource.name,
    opts: { protect: false, ignoreChanges: [], aliases: [], customTimeouts: {} } as never,
    stackTags: new Map(),
    dependencies: [],
    propertyDependencies: {},
    isType,
    asType: ((cls: never) => (isType(cls) ? resource.inputs : undefined)) as never,
    getConfig: () => ({}) as never,
  } as unknown as ResourceValidationArgs & PolicyResource;
}

export async function runPolicies(
  policies: readonly Policy[],
  resources: readonly RecordedResource[],
): Promise<Violation[]> {
  const violations: Violation[] = [];
  for (const policy of policies) {
    const report = (resource: string | undefined) => (message: string, urn?: string) => {
      violations.push({ policy: policy.name, resource: urn ?? resource, message });
    };
    const resourcePolicy = policy as ResourceValidationPolicy;
    if (resourcePolicy.validateResource) {
      const validators = [resourcePolicy.validateResource].flat();
      for (const resource of resources) {
        for (const validate of validators)
          await validate(resourceArgs(resource), report(resource.name));
      }
    }
    const stackPolicy = policy as StackValidationPolicy;
    if (typeof stackPolicy.validateStack === "function") {
      await stackPolicy.validateStack(
        { resources: resources.map(resourceArgs), getConfig: () => ({}) as never } as never,
        report(undefined),
      );
    }
  }
  return violations;
}
