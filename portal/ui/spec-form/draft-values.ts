/**
 * Reading the draft's values the way the sections need them, and the list edits they make. The
 * draft is whatever the user (or an imported file) wrote, so a list may be missing or not a list:
 * the sections show what is there and the contract's issues say what is wrong. Pure.
 */
import { CLOUDS, type Cloud } from "#contract/regions";
import { getIn, type Draft, type FieldPath } from "../../shared/spec-draft";

/** The list at `path`, or none when there is no list there. */
export function listAt(draft: unknown, path: FieldPath): unknown[] {
  const value = getIn(draft, path);
  return Array.isArray(value) ? (value as unknown[]) : [];
}

/** The list without the item at `index` (a removed column, partition field or input). */
export function removeAt<T>(items: readonly T[], index: number): T[] {
  return items.filter((_, i) => i !== index);
}

/** The list with one item moved from one index to another. */
export function move<T>(items: readonly T[], from: number, to: number): T[] {
  const next = [...items];
  const [item] = next.splice(from, 1);
  if (item !== undefined) next.splice(to, 0, item);
  return next;
}

/** The object at `path` (tags), or an empty one when there is no object there. */
export function recordAt(draft: unknown, path: FieldPath): Record<string, unknown> {
  const value = getIn(draft, path);
  return value !== null && typeof value === "object" ? (value as Record<string, unknown>) : {};
}

/** The draft's target cloud; AWS (the new draft's default) until a known cloud is chosen. */
export function cloudOf(draft: Draft): Cloud {
  const value = getIn(draft, ["target", "cloud"]);
  return (CLOUDS as readonly unknown[]).includes(value) ? (value as Cloud) : "aws";
}

/** The named keys of an object (kept when the inference source switches), or none. */
export function pick(value: unknown, keys: readonly string[]): Record<string, unknown> {
  if (value === null || typeof value !== "object") return {};
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).filter(([key]) => keys.includes(key)),
  );
}
