/**
 * Table locations as storage URIs (`file://`, `abfss://`, `s3://`, `gs://`): whether one lies
 * under another. Pure; the rule that uses it (a table's files stay under its product's storage)
 * is portal/server/authz.ts `mayUseTableLocation`.
 */

/** `.` and `..` path segments, also percent-encoded (`%2e%2E`): a URI parser resolves them. */
function hasDotSegment(path: string): boolean {
  return path.split("/").some((segment) => /^(\.|%2e){1,2}$/i.test(segment));
}

/** The URI without a query, fragment or trailing slash; undefined when it is no URI at all. */
function canonical(location: string): { origin: string; path: string } | undefined {
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    return undefined;
  }
  if (url.search !== "" || url.hash !== "") return undefined;
  const user = url.username === "" ? "" : `${url.username}@`;
  return {
    origin: `${url.protocol}//${user}${url.host}`.toLowerCase(),
    path: url.pathname.replace(/\/+$/, ""),
  };
}

/**
 * Whether `location` is `root` or lies below it: the same scheme, container and host, and a path
 * that continues `root`'s at a segment boundary (`…/orders-2` is not under `…/orders`). A location
 * with `.` or `..` segments, a query or a fragment is under nothing: stores do not agree on what
 * they mean.
 */
export function isWithinLocation(root: string, location: string): boolean {
  const rawPath = location.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, "");
  if (hasDotSegment(rawPath)) return false;
  const base = canonical(root);
  const candidate = canonical(location);
  if (base === undefined || candidate === undefined) return false;
  if (candidate.origin !== base.origin) return false;
  return candidate.path === base.path || candidate.path.startsWith(`${base.path}/`);
}
