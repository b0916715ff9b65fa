"use client";
/**
 * Warns before leaving a form with unsaved changes: a reload, closing the tab or typing an address
 * (the browser's own `beforeunload` prompt), and a click on a link inside the portal (Next's
 * client-side navigation fires no `beforeunload`, so link clicks are caught before Next's handler
 * and confirmed).
 */
import { useEffect } from "react";

export const LEAVE_MESSAGE = "You have unsaved changes. Leave this page and lose them?";

/** The link a click would follow in this tab, if any (not a new tab, a download or a hash jump). */
export function followedLink(event: MouseEvent, here: URL): HTMLAnchorElement | undefined {
  if (event.defaultPrevented || event.button !== 0) return undefined;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return undefined;
  const target = event.target instanceof Element ? event.target : null;
  const link = target?.closest("a[href]");
  if (!(link instanceof HTMLAnchorElement)) return undefined;
  if (link.target !== "" && link.target !== "_self") return undefined;
  if (link.hasAttribute("download")) return undefined;
  const to = new URL(link.href, here);
  const samePage = to.pathname === here.pathname && to.search === here.search;
  if (samePage && to.hash !== "") return undefined;
  return link;
}

export function useLeaveGuard(dirty: boolean): void {
  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      // preventDefault alone asks for the browser's prompt (Chromium 119+, Firefox, Safari).
      event.preventDefault();
    };
    const onClick = (event: MouseEvent) => {
      if (followedLink(event, new URL(window.location.href)) === undefined) return;
      if (window.confirm(LEAVE_MESSAGE)) return;
      event.preventDefault();
      event.stopPropagation();
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    // Capture on the document runs before React's (and so Next's <Link>) click handlers.
    document.addEventListener("click", onClick, true);
    return () => {
      window.removeEventListener("beforeunload", onBeforeUnload);
      document.removeEventListener("click", onClick, true);
    };
  }, [dirty]);
}
