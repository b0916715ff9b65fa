/**
 * The statuses of an SLA check, apart from sla-rules.ts (which re-exports them) so that browser
 * code listing them (the catalog's health and freshness facets) does not load the contract.
 */
export const SLA_STATUSES = ["met", "at_risk", "breached", "unknown"] as const;
export type SlaStatus = (typeof SLA_STATUSES)[number];
