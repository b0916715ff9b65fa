"use client";
/**
 * Renders one OpenAPI document with Swagger UI (swagger-ui-dist, Apache-2.0), loaded from the
 * portal's own bundle only when this page mounts: its ~460 KB gzipped never join another route's
 * first load. Its stylesheet is a plain file served from the portal ('self' under the page policy)
 * and it injects no inline script or style element, so it runs under the nonce-based CSP as is.
 */
import "swagger-ui-dist/swagger-ui.css";
import { useEffect, useRef, useState } from "react";

export function ApiReference({ url }: { url: string }) {
  const host = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<"loading" | "ready" | "failed">("loading");
  useEffect(() => {
    let current = true;
    const domNode = host.current;
    if (domNode === null) return;
    setState("loading");
    import("swagger-ui-dist/swagger-ui-es-bundle.js")
      .then(({ default: SwaggerUIBundle }) => {
        if (!current) return;
        SwaggerUIBundle({ url, domNode, validatorUrl: null, docExpansion: "list" });
        setState("ready");
      })
      .catch(() => {
        if (current) setState("failed");
      });
    return () => {
      current = false;
    };
  }, [url]);
  return (
    <>
      {state === "loading" && <p role="status">Loading the API reference…</p>}
      {state === "failed" && (
        <p role="alert">
          The reference viewer did not load. The document itself is at <a href={url}>{url}</a>.
        </p>
      )}
      <div ref={host} className="api-reference" />
    </>
  );
}
