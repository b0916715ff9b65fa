import { LoadingState } from "../../ui/States";

/** While the list of products to explore loads. */
export default function Loading() {
  return <LoadingState label="Loading lineage…" />;
}
