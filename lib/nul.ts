/**
 * NUL characters (U+0000) in JSON values. PostgreSQL refuses NUL in `text` and in `jsonb` (keys
 * and strings alike), so a value carrying one would fail at the database as a 500. Callers either
 * refuse it up front (`nulPath`, for identifiers and anything a person typed) or neutralise it
 * (`replaceNul`, for machine-written free text worth keeping, such as an error message inside an
 * OpenLineage facet). Pure and iterative: depth is bounded elsewhere, but a walk must not recurse.
 */

const NUL = "\u0000";

/** What `replaceNul` writes instead of a NUL: U+FFFD, the replacement character. */
export const NUL_REPLACEMENT = "\uFFFD";

/** A step of the walk: its key and the step it came from (paths are built only when needed). */
interface Step {
  key: PropertyKey;
  parent: Step | undefined;
}

function pathOf(step: Step | undefined): PropertyKey[] {
  const path: PropertyKey[] = [];
  for (let at = step; at !== undefined; at = at.parent) path.push(at.key);
  return path.reverse();
}

/** The path of the first string or object key holding a NUL, or undefined when there is none. */
export function nulPath(value: unknown): PropertyKey[] | undefined {
  const stack: { value: unknown; step: Step | undefined }[] = [{ value, step: undefined }];
  while (stack.length > 0) {
    const next = stack.pop();
    if (next === undefined) break;
    const { value: current, step } = next;
    if (typeof current === "string") {
      if (current.includes(NUL)) return pathOf(step);
    } else if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index -= 1)
        stack.push({ value: current[index] as unknown, step: { key: index, parent: step } });
    } else if (current !== null && typeof current === "object") {
      const entries = Object.entries(current);
      for (let index = entries.length - 1; index >= 0; index -= 1) {
        const [key, child] = entries[index] as [string, unknown];
        if (key.includes(NUL)) return pathOf({ key, parent: step });
        stack.push({ value: child, step: { key, parent: step } });
      }
    }
  }
  return undefined;
}

/** A copy of a JSON value with every NUL in its strings and keys replaced by U+FFFD. */
export function replaceNul<T>(value: T): T {
  if (nulPath(value) === undefined) return value;
  const replace = (text: string) => text.replaceAll(NUL, NUL_REPLACEMENT);
  const root: { value: unknown } = { value: undefined };
  const stack: { from: unknown; assign: (copy: unknown) => void }[] = [
    { from: value, assign: (copy) => (root.value = copy) },
  ];
  while (stack.length > 0) {
    const next = stack.pop();
    if (next === undefined) break;
    const { from, assign } = next;
    if (typeof from === "string") assign(replace(from));
    else if (Array.isArray(from)) {
      const copy: unknown[] = new Array<unknown>(from.length);
      assign(copy);
      from.forEach((child: unknown, index) => {
        stack.push({ from: child, assign: (c) => (copy[index] = c) });
      });
    } else if (from !== null && typeof from === "object") {
      const copy: Record<string, unknown> = {};
      assign(copy);
      for (const [key, child] of Object.entries(from)) {
        const name = replace(key);
        stack.push({ from: child, assign: (c) => (copy[name] = c) });
      }
    } else assign(from);
  }
  return root.value as T;
}
