/**
 * What can be done to a product from its page: the platform team previews or refreshes its stack;
 * a member of its domain proposes a change to a live product or asks to retire it.
 */
import Link from "next/link";
import type { ProductDetail } from "../../shared/api-schemas";
import { DecommissionForm } from "../DecommissionForm";
import { DeploymentButtons } from "../DeploymentButtons";

export function ProductActions({
  product,
  runsDeployments,
  mayRequestChanges,
}: {
  product: ProductDetail;
  /** The viewer operates stacks (the platform team). */
  runsDeployments: boolean;
  /** The viewer may file requests for the product's domain. */
  mayRequestChanges: boolean;
}) {
  const ref = `${product.domain}/${product.name}`;
  return (
    <>
      {runsDeployments && product.stack !== null && product.status !== "decommissioned" && (
        <DeploymentButtons
          label="Stack operations"
          actions={[
            { label: "Preview", path: `/api/v1/products/${ref}/preview` },
            { label: "Refresh", path: `/api/v1/products/${ref}/refresh` },
          ]}
        />
      )}
      {product.status === "live" && mayRequestChanges && (
        <>
          <p>
            <Link className="button" href={`/requests/new?update=${ref}`}>
              Propose a change
            </Link>
          </p>
          <DecommissionForm product={ref} />
        </>
      )}
    </>
  );
}
