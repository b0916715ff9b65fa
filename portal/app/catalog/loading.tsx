import { LoadingState } from "../../ui/States";

/** While the first catalog search runs on the server. */
export default function Loading() {
  return <LoadingState label="Searching the catalog…" />;
}
