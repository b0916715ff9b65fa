/** Products as a table: name (linking to the product), tier, classification, target, owner, status. */
import Link from "next/link";
import type { ProductSummary } from "../shared/api-schemas";
import { Badge, DeprecatedBadge, StatusBadge } from "./StatusBadge";
import { Table } from "./Table";

const COLUMNS = ["Product", "Tier", "Classification", "Target", "Owner", "Status"];

export function ProductTable({
  products,
  label,
}: {
  products: readonly ProductSummary[];
  label: string;
}) {
  return (
    <Table label={label} columns={COLUMNS}>
      {products.map((product) => (
        <tr key={`${product.domain}/${product.name}`}>
          <td>
            <Link href={`/products/${product.domain}/${product.name}`}>{product.displayName}</Link>
            <div className="muted small">
              {product.domain}/{product.name}
            </div>
          </td>
          <td>
            <Badge>{product.tier}</Badge>
          </td>
          <td>{product.classification}</td>
          <td>
            {product.cloud} · {product.region}
          </td>
          <td>{product.ownerTeam}</td>
          <td>
            <StatusBadge status={product.status} />
            {product.deprecated && <DeprecatedBadge sunsetAt={product.sunsetAt} />}
          </td>
        </tr>
      ))}
    </Table>
  );
}
