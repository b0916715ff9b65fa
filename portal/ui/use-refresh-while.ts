/**
 * Refreshes the page's server data every `intervalMs` while `active`: how a page follows work
 * running elsewhere (a plan preview, a grant's `up`) without a client-side copy of its state.
 */
import { useRouter } from "next/navigation";
import { useEffect } from "react";

export function useRefreshWhile(active: boolean, intervalMs: number): void {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      router.refresh();
    }, intervalMs);
    return () => {
      clearInterval(timer);
    };
  }, [active, intervalMs, router]);
}
