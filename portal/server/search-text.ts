import "server-only";

/** Lower-case letters and digits only, so `cc-5200` and `card_token` index and query alike. */
export function searchWords(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== "");
}

/**
 * One word of a search as it is looked up: as typed, a prefix (`cust` finds customer); when it
 * matched nothing, the catalog's words close to it, each exactly (typo tolerance).
 */
export interface SearchTerm {
  typed: string;
  prefix: string | undefined;
  exact: readonly string[];
}

export function typedTerm(word: string): SearchTerm {
  return { typed: word, prefix: word, exact: [] };
}

/** The tsquery of terms (all required). Words hold only letters and digits: nothing to escape. */
export function termsQuery(terms: readonly SearchTerm[]): string | undefined {
  const parts = terms.map((term) => {
    const options = [
      ...(term.prefix === undefined ? [] : [`${term.prefix}:*`]),
      ...term.exact.filter(isSearchWord),
    ];
    return options.length === 1 ? options[0] : `(${options.join(" | ")})`;
  });
  return parts.length === 0 || parts.some((part) => part === "()") ? undefined : parts.join(" & ");
}

function isSearchWord(word: string): boolean {
  const [only, ...rest] = searchWords(word);
  return only === word && rest.length === 0;
}

/** Whether a word of a document satisfies the term, as the tsquery does. */
export function termMatches(term: SearchTerm, word: string): boolean {
  return (term.prefix !== undefined && word.startsWith(term.prefix)) || term.exact.includes(word);
}

/** Edits (insert, delete, substitute, swap two neighbours) allowed in a typed word of this length. */
export function allowedEdits(length: number): number {
  if (length < 4) return 0;
  return length < 8 ? 1 : 2;
}

/** Optimal string alignment distance: Levenshtein plus the swap of two neighbours as one edit. */
export function editDistance(a: string, b: string): number {
  const [x, y] = [Array.from(a), Array.from(b)];
  const rows = Array.from({ length: x.length + 1 }, (_, i) =>
    Array.from({ length: y.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => rows[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= x.length; i++) {
    const row = rows[i];
    if (row === undefined) continue;
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1])
        best = Math.min(best, at(i - 2, j - 2) + 1);
      row[j] = best;
    }
  }
  return at(x.length, y.length);
}

/**
 * How far `typed` is from `word` or from the start of it (someone still typing `fruad` means
 * fraud and fraudulent alike): the smallest distance to the word or to a prefix of it about as
 * long as what was typed.
 */
export function typoDistance(typed: string, word: string): number {
  const lengths = [typed.length - 1, typed.length, typed.length + 1].filter(
    (length) => length > 0 && length < word.length,
  );
  return Math.min(
    editDistance(typed, word),
    ...lengths.map((length) => editDistance(typed, word.slice(0, length))),
  );
}

/** At most this many corrections per word. */
const MAX_CORRECTIONS = 5;

/** Of candidate words (pg_trgm's similar ones), those within the typed word's allowed edits. */
export function withinEdits(typed: string, candidates: readonly string[]): string[] {
  return scoredWithinEdits(typed, candidates).map((entry) => entry.word);
}

function scoredWithinEdits(typed: string, candidates: readonly string[]) {
  const allowed = allowedEdits(typed.length);
  if (allowed === 0) return [];
  return candidates
    .filter((word) => word !== typed && isSearchWord(word))
    .map((word) => ({ word, distance: typoDistance(typed, word) }))
    .filter((entry) => entry.distance <= allowed);
}

/**
 * Of candidate words, those within the typed word's allowed edits, the closest first (then the
 * shortest): what the word is searched for instead.
 */
export function corrections(typed: string, candidates: readonly string[]): string[] {
  const scored = scoredWithinEdits(typed, candidates);
  const best = Math.min(...scored.map((entry) => entry.distance));
  return scored
    .filter((entry) => entry.distance === best)
    .sort((a, b) => a.word.length - b.word.length || a.word.localeCompare(b.word))
    .slice(0, MAX_CORRECTIONS)
    .map((entry) => entry.word);
}
