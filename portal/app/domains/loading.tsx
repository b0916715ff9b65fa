import { LoadingState } from "../../ui/States";

/** While the domains and their owners load. */
export default function Loading() {
  return <LoadingState label="Loading domains…" />;
}
