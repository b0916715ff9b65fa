/**
 * The columns a product row copies from its spec, for lists, filters and search: written by the
 * seed, by the portal when a request first creates its product and by every catalog
 * registration. Pure (no client), so the portal's bundle imports it without the seed's files.
 */
import type { DataProductSpec } from "#contract";

export function productColumns(spec: DataProductSpec) {
  return {
    displayName: spec.displayName,
    description: spec.description,
    tier: spec.tier,
    classification: spec.classification,
    cloud: spec.target.cloud,
    region: spec.target.region,
    ownerTeam: spec.owners.team,
    ownerEmails: spec.owners.emails,
    inputs: spec.inputs,
    tags: spec.tags,
    spec: spec as object,
  };
}
