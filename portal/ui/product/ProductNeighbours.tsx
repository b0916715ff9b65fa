/** Declared lineage between products: the inputs this one names, and the products naming it. */
import Link from "next/link";
import type { ProductDetail } from "../../shared/api-schemas";
import { Section } from "../Section";

export function ProductNeighbours({
  upstream,
  downstream,
}: Pick<ProductDetail, "upstream" | "downstream">) {
  return (
    <div className="grid">
      <Section id="upstream" title="Upstream">
        {upstream.length === 0 ? (
          <p className="muted">No declared inputs.</p>
        ) : (
          <ul aria-label="Upstream products">
            {upstream.map((input) => (
              <li key={input.ref}>
                {input.registered ? (
                  <Link href={`/products/${input.ref}`}>{input.ref}</Link>
                ) : (
                  input.ref
                )}
                {!input.registered && <span className="muted small"> (not in the catalog)</span>}
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section id="downstream" title="Downstream">
        {downstream.length === 0 ? (
          <p className="muted">No product declares this one as input.</p>
        ) : (
          <ul aria-label="Downstream products">
            {downstream.map((ref) => (
              <li key={ref}>
                <Link href={`/products/${ref}`}>{ref}</Link>
              </li>
            ))}
          </ul>
        )}
      </Section>
    </div>
  );
}
