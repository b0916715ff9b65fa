import "server-only";

/** Lower-case letters and digits only, so `cc-5200` and `card_token` index and query alike. */
export function searchWords(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== "");
}
