import { LoadingState } from "#portal/ui/States";

/** While a product, its SLAs and its deployment history load. */
export default function Loading() {
  return <LoadingState label="Loading the product…" />;
}
