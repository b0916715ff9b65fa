/**
 * The per-request security headers of pages, which portal/proxy.ts sends; the static ones every
 * response carries are in next.config.ts (its loader cannot import TypeScript modules).
 *
 * Pages get a nonce-based policy, Next.js's documented way for the App Router: Next reads the
 * nonce from the request's policy and puts it on its own inline and bundle scripts, and
 * 'strict-dynamic' lets those load the chunks they need, so no other script runs. Styles follow
 * the same nonce, except style attributes ('unsafe-inline' for style-src-attr only): React
 * renders `style={…}` props as attributes on the server, and React Flow positions its nodes that
 * way. Attributes cannot run script.
 */

export interface PagePolicyOptions {
  /** Fresh per response, unguessable (16 random bytes, base64). */
  nonce: string;
  /**
   * `next dev`: React reconstructs server error stacks with eval, and the dev server injects
   * styles without the nonce.
   */
  development: boolean;
  /** The public URL is https: plain-http subresources are upgraded. */
  https: boolean;
}

export function pageContentSecurityPolicy({ nonce, development, https }: PagePolicyOptions) {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    // `next dev` injects its CSS as style elements without the nonce.
    `style-src 'self' ${development ? "'unsafe-inline'" : `'nonce-${nonce}'`}`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/**
 * Sent when the portal is served over https (a year; not for subdomains, which the portal does
 * not own). Browsers ignore it over plain http anyway.
 */
export const STRICT_TRANSPORT_SECURITY = "max-age=31536000";
