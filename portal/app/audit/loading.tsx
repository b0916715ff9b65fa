import { LoadingState } from "../../ui/States";

/** While the audit log loads. */
export default function Loading() {
  return <LoadingState label="Loading the audit log…" />;
}
