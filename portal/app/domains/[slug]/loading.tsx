import { LoadingState } from "#portal/ui/States";

/** While a domain and its members load. */
export default function Loading() {
  return <LoadingState label="Loading the domain…" />;
}
