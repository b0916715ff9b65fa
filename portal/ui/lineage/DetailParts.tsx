/** Parts of the job and dataset pages: a term of a facet list, a list of linked jobs or datasets. */
import type { ReactNode } from "react";
import Link from "next/link";
import { datasetLabel } from "./lineage-detail";

interface NodeRef {
  namespace: string;
  name: string;
}

/** Jobs or datasets, each a link to its page. */
export function NodeRefList({
  label,
  refs,
  href,
}: {
  label: string;
  refs: readonly NodeRef[];
  href: (ref: NodeRef) => string;
}) {
  if (refs.length === 0) return <p className="small">None reported.</p>;
  return (
    <ul aria-label={label}>
      {refs.map((ref) => (
        <li key={datasetLabel(ref)}>
          <Link href={href(ref)}>{datasetLabel(ref)}</Link>
        </li>
      ))}
    </ul>
  );
}

/** One `<dt>`/`<dd>` pair of a `<dl>`; nothing when the facet did not say (null, "", none). */
export function Fact({ term, children }: { term: string; children: ReactNode }) {
  if (children === null || children === undefined || children === "" || children === false)
    return null;
  return (
    <>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </>
  );
}
