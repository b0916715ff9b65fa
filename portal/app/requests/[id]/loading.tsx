import { LoadingState } from "#portal/ui/States";

/** While a request, its plan preview and its deployments load (and its edit form). */
export default function Loading() {
  return <LoadingState label="Loading the request…" />;
}
