/** Declared lineage (the contract's `inputs`) against observed lineage (events). Pure. */
export interface LineageComparison {
  /** Declared and observed. */
  confirmed: string[];
  /** Declared in the contract but never seen in an event. */
  declaredOnly: string[];
  /** Seen in events but not declared in the contract. */
  observedOnly: string[];
}

export function compareLineage(
  declared: readonly string[],
  observed: readonly string[],
): LineageComparison {
  const seen = new Set(observed);
  const promised = new Set(declared);
  const sorted = (values: Iterable<string>) => [...new Set(values)].sort();
  return {
    confirmed: sorted(declared.filter((ref) => seen.has(ref))),
    declaredOnly: sorted(declared.filter((ref) => !seen.has(ref))),
    observedOnly: sorted(observed.filter((ref) => !promised.has(ref))),
  };
}
