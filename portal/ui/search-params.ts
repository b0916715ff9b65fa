/** Reading a page's search params and writing the links that keep them (pagination, filters). */

export type SearchParams = Record<string, string | string[] | undefined>;

const MAX_PAGE = 10_000;

/** The params with one non-empty value each: an empty form field means "no filter". */
export function searchParamStrings(params: SearchParams): Record<string, string> {
  return Object.fromEntries(
    Object.entries(params).filter(
      (entry): entry is [string, string] => typeof entry[1] === "string" && entry[1] !== "",
    ),
  );
}

/** A page number from the address: 1 for anything that is not a whole number from 1 up. */
export function pageParam(value: string | string[] | undefined): number {
  const page = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : 1;
  return Math.min(Math.max(page, 1), MAX_PAGE);
}

/**
 * Links to the pages of a list at `path`: the other params are kept (empty ones dropped) and
 * `key` is set to the page, left out for the first so that page has one address.
 */
export function pageHref(
  path: string,
  params: Record<string, string | undefined>,
  key = "page",
): (page: number) => string {
  return (page) => {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(params)) {
      if (name !== key && value !== undefined && value !== "") query.set(name, value);
    }
    if (page > 1) query.set(key, String(page));
    const search = query.toString();
    return search === "" ? path : `${path}?${search}`;
  };
}
