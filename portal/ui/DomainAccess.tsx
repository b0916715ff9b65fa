"use client";
/**
 * A domain's access both ways (issue #18): "What we consume" — its requests and grants on other
 * domains' products — and "Who consumes ours" — other domains' on its products, with the
 * decisions the viewer may take there (portal/server/access.ts `domainAccessPage`).
 */
import type { DomainAccessView } from "../shared/access-schemas";
import { AccessTable } from "./product/AccessPanel";
import { Section } from "./Section";

export function DomainAccess({
  slug,
  view,
  linkDeployments,
}: {
  slug: string;
  view: DomainAccessView;
  /** The viewer may open deployment pages (the platform team). */
  linkDeployments: boolean;
}) {
  return (
    <>
      <Section id="what-we-consume" title="What we consume">
        {view.consumes.length === 0 ? (
          <p className="muted">
            {slug} holds no grants on other domains&apos; products and has no open request. Ask for
            access on a product&apos;s page.
          </p>
        ) : (
          <AccessTable
            label={`Products ${slug} reads`}
            rows={view.consumes}
            people={view.people}
            column="product"
            linkDeployments={linkDeployments}
          />
        )}
      </Section>
      <Section id="who-consumes-ours" title="Who consumes ours">
        {view.consumedBy.length === 0 ? (
          <p className="muted">
            No other domain holds or asks for a grant on {slug}&apos;s products.
          </p>
        ) : (
          <AccessTable
            label={`Grants on ${slug}'s products`}
            rows={view.consumedBy}
            people={view.people}
            column="both"
            linkDeployments={linkDeployments}
          />
        )}
      </Section>
    </>
  );
}
