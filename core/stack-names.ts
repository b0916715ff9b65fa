/**
 * A product stack's name: the portal names the stack when it first queues an operation on it; the
 * worker runs the Pulumi program under that name. (Domain stacks are named by hand, as
 * docs/operations.md says.) Pure.
 */
import { resourceNames, type DataProductSpec } from "#contract";

/** The product stack's name: the contract's naming rule (`<domain>.<name>.<environment>`). */
export function productStackName(
  spec: Pick<DataProductSpec, "domain" | "name">,
  environment: string,
): string {
  return resourceNames({ domain: spec.domain, name: spec.name, environment }).stack;
}
