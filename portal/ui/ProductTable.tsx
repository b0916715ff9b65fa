import Link from "next/link";
import type { ProductSummary } from "../shared/api-schemas";
import { Badge, StatusBadge } from "./StatusBadge";

export function ProductTable({
  products,
  label,
}: {
  products: readonly ProductSummary[];
  label: string;
}) {
  return (
    <div className="table-wrap">
      <table aria-label={label}>
        <thead>
          <tr>
            <th scope="col">Product</th>
            <th scope="col">Tier</th>
            <th scope="col">Classification</th>
            <th scope="col">Target</th>
            <th scope="col">Owner</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {products.map((product) => (
            <tr key={`${product.domain}/${product.name}`}>
              <td>
                <Link href={`/products/${product.domain}/${product.name}`}>
                  {product.displayName}
                </Link>
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
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
