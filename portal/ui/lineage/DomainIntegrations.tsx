"use client";
/**
 * A domain's OpenLineage API keys and SLA webhooks: issue (the key or secret is shown once), list,
 * revoke or disable, and the recent webhook deliveries.
 */
import { ApiKeys } from "./ApiKeys";
import { Webhooks } from "./Webhooks";

export function DomainIntegrations({ slug }: { slug: string }) {
  return (
    <>
      <ApiKeys slug={slug} />
      <Webhooks slug={slug} />
    </>
  );
}
