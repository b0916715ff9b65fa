import { LoadingState } from "../../ui/States";

/** While a requests page (the list, the form) loads. */
export default function Loading() {
  return <LoadingState label="Loading requests…" />;
}
