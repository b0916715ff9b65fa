/**
 * A decommission's sunset (docs/notifications.md): the product stays live and readable, shown
 * deprecated, until the sunset; then the destroy is queued by the portal's sunset task. The rules
 * here are pure and shared by the API's validation, the deploy guard and the pages.
 */

/** A sunset is at most this far ahead: consumers get a date, not an open end. */
export const MAX_SUNSET_DAYS = 365;
const DAY_MS = 86_400_000;

/** Why a requested sunset is not acceptable at `now`, or undefined when it is. */
export function sunsetIssue(sunsetAt: Date, now: Date): string | undefined {
  if (Number.isNaN(sunsetAt.getTime())) return "is not a date";
  if (sunsetAt.getTime() <= now.getTime()) return "must be in the future";
  if (sunsetAt.getTime() - now.getTime() > MAX_SUNSET_DAYS * DAY_MS)
    return `must be at most ${String(MAX_SUNSET_DAYS)} days ahead`;
  return undefined;
}

/** Whether a decommission with this sunset may be carried out at `now` (no sunset: at once). */
export function sunsetReached(sunsetAt: Date | null, now: Date): boolean {
  return sunsetAt === null || sunsetAt.getTime() <= now.getTime();
}

/** A live product with a scheduled sunset is deprecated. */
export function isDeprecated(product: { status: string; sunsetAt: Date | string | null }): boolean {
  return product.status === "live" && product.sunsetAt !== null;
}
