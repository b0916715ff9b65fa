import { LoadingState } from "../../ui/States";

/** While the review queue loads each request's plan preview. */
export default function Loading() {
  return <LoadingState label="Loading the review queue…" />;
}
