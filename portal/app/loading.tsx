import { LoadingState } from "../ui/States";

/** Shown (and announced) while a page's server data loads; slow segments have their own. */
export default function Loading() {
  return <LoadingState />;
}
