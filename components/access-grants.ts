/**
 * The access grants a product's stack provisions (issue #18): the shared part of every cloud's
 * AccessGrant. Each grant is validated with the contract (approved by its classification's rules,
 * an end date where one is required) and against the product it is provisioned for (its ref,
 * classification and principal kind); a grant past its end date is left out, so the next `up`
 * removes its resources. Anything else wrong fails the deployment with every problem named,
 * before a resource registers. Pure.
 */
import {
  AccessGrant,
  grantActive,
  grantProblems,
  productRef,
  type DataProductSpec,
} from "#contract";

export function productGrants(
  spec: DataProductSpec,
  raw: readonly unknown[] | undefined,
  now: Date,
): AccessGrant[] {
  const problems: string[] = [];
  const grants: AccessGrant[] = [];
  const seen = new Set<string>();
  const product = {
    ref: productRef(spec),
    cloud: spec.target.cloud,
    region: spec.target.region,
    classification: spec.classification,
  };
  (raw ?? []).forEach((input, index) => {
    const parsed = AccessGrant.safeParse(input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        problems.push(`grants[${index}].${issue.path.join(".")}: ${issue.message}`);
      }
      return;
    }
    const grant = parsed.data;
    if (seen.has(grant.id)) problems.push(`grants[${index}]: grant ${grant.id} is listed twice`);
    seen.add(grant.id);
    if (!grantActive(grant, now)) return;
    const mismatches = grantProblems(grant, product, now);
    problems.push(...mismatches.map((p) => `grants[${index}]: ${p}`));
    if (mismatches.length === 0) grants.push(grant);
  });
  if (problems.length > 0) {
    throw new Error(`access grants of ${product.ref}:\n  ${problems.join("\n  ")}`);
  }
  return grants;
}
