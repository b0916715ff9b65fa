/**
 * Building blocks of the per-cloud policy files: typed resource checks and policy constructors
 * that cite their control. Azure keeps its own label check: its taggable classes differ in args.
 *
 * `ofType` is `@pulumi/policy`'s `validateResourceOfType` without `args.notApplicable()`:
 * resources of other types are skipped silently, which test/support/policy-runner.ts supports.
 */
import type {
  PolicyResource,
  ReportViolation,
  ResourceValidation,
  ResourceValidationPolicy,
  StackValidationPolicy,
  TypedResourceValidation,
} from "@pulumi/policy";
import type * as pulumi from "@pulumi/pulumi";
import { REQUIRED_LABELS, policyName, type ControlId } from "./controls";

export type Props<TArgs> = pulumi.Unwrap<NonNullable<TArgs>>;

export type ResourceClass<TArgs> = new (
  name: string,
  args: TArgs,
  opts?: pulumi.CustomResourceOptions,
) => pulumi.Resource;

export type PolicyCloud = Parameters<typeof policyName>[1];

export function ofType<TArgs>(
  resourceClass: ResourceClass<TArgs>,
  validate: TypedResourceValidation<Props<TArgs>>,
): ResourceValidation {
  return (args, report) => {
    if (!args.isType(resourceClass)) return;
    // The props of a resource of this class are its args, resolved: what the SDK itself assumes.
    return validate(args.props as Props<TArgs>, args, report);
  };
}

/** The resources of one class in a stack, with their props typed as that class's args. */
export function resourcesOf<TArgs>(
  all: readonly PolicyResource[],
  resourceClass: ResourceClass<TArgs>,
): { resource: PolicyResource; props: Props<TArgs> }[] {
  return all
    .filter((resource) => resource.isType(resourceClass))
    .map((resource) => ({ resource, props: resource.props as Props<TArgs> }));
}

export function resourcePolicy(
  cloud: PolicyCloud,
  control: ControlId,
  description: string,
  validateResource: ResourceValidation | ResourceValidation[],
): ResourceValidationPolicy {
  return {
    name: policyName(control, cloud),
    description: `${control}: ${description}`,
    enforcementLevel: "mandatory",
    validateResource,
  };
}

export function stackPolicy(
  cloud: PolicyCloud,
  control: ControlId,
  description: string,
  validateStack: StackValidationPolicy["validateStack"],
): StackValidationPolicy {
  return {
    name: policyName(control, cloud),
    description: `${control}: ${description}`,
    enforcementLevel: "mandatory",
    validateStack,
  };
}

export type Labels = Readonly<Record<string, string>> | undefined;

/** Domain-scoped resources (a domain's catalog database) carry no product, tier or classification. */
export const DOMAIN_LABELS = ["domain", "owner", "managed-by"] as const;

export function checkLabels(
  labels: Labels,
  required: readonly string[],
  report: ReportViolation,
): void {
  const missing = required.filter((key) => labels?.[key] === undefined || labels[key] === "");
  if (missing.length > 0) report(`missing mesh labels: ${missing.join(", ")}`);
}

/** A check that resources of a class carry the required labels, read by `labelsOf`. */
export function labelled<TArgs>(
  resourceClass: ResourceClass<TArgs>,
  labelsOf: (props: Props<TArgs>) => Labels,
  required: readonly string[] = REQUIRED_LABELS,
): ResourceValidation {
  return ofType(resourceClass, (props, _args, report) => {
    checkLabels(labelsOf(props), required, report);
  });
}
