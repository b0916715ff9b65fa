/**
 * Canonical JSON: the text `JSON.stringify` writes, with object keys in sorted order at every
 * depth, so equal values give equal text whatever order their keys came in (a reordered YAML
 * import, a redelivered OpenLineage event). Hashes of it are stored (plan previews' spec hash,
 * lineage events' idempotency key): on values parsed from JSON it must never change. Pure.
 */

/**
 * JSON's own rules apply: `toJSON` is honoured (dates become ISO strings), object members whose
 * value JSON cannot hold (undefined, a function, a symbol) are dropped and such array items become
 * `null`; arrays keep their order (it matters). A top-level value JSON cannot hold is `null` too,
 * so the result is always JSON text.
 */
export function canonicalJson(value: unknown): string {
  // Iterative and linear: the open arrays and objects wait on an explicit stack while the text is
  // written in order, so a value nested 100,000 deep (a hostile OpenLineage facet) costs memory in
  // proportion, never the call stack nor quadratic copying.
  const out: string[] = [];
  const stack: Frame[] = [];
  const open = new Set<object>();
  const emit = (item: string | Frame): void => {
    if (item instanceof Frame) {
      if (open.has(item.source)) throw new TypeError("Converting circular structure to JSON");
      open.add(item.source);
      stack.push(item);
      out.push(item.keys === undefined ? "[" : "{");
    } else out.push(item);
  };
  const first = begin(value, "");
  emit(first ?? "null");
  for (let top = stack.at(-1); top !== undefined; top = stack.at(-1)) {
    const index = top.index;
    if (index >= top.values.length) {
      stack.pop();
      open.delete(top.source);
      out.push(top.keys === undefined ? "]" : "}");
      continue;
    }
    top.index += 1;
    const name = top.keys?.[index];
    const item = begin(top.values[index], name ?? String(index));
    if (item === undefined && name !== undefined) continue; // an object drops the member
    if (top.written > 0) out.push(",");
    top.written += 1;
    if (name !== undefined) out.push(`${JSON.stringify(name)}:`);
    emit(item ?? "null");
  }
  return out.join("");
}

/** A member's text, or the array or object to write; undefined when JSON cannot hold it. */
type Item = string | Frame | undefined;

/** An array or object being written: its members in order (object keys sorted). */
class Frame {
  index = 0;
  written = 0;
  constructor(
    readonly source: object,
    readonly keys: readonly string[] | undefined,
    readonly values: readonly unknown[],
  ) {}
}

function begin(value: unknown, key: string): Item {
  const json = toJsonValue(value, key);
  if (json === undefined || typeof json === "function" || typeof json === "symbol")
    return undefined;
  if (Array.isArray(json)) return new Frame(json, undefined, json as readonly unknown[]);
  if (json !== null && typeof json === "object") {
    const members = Object.entries(json).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return new Frame(
      json,
      members.map(([name]) => name),
      members.map(([, item]) => item as unknown),
    );
  }
  return JSON.stringify(json);
}

function toJsonValue(value: unknown, key: string): unknown {
  if (value !== null && typeof value === "object" && "toJSON" in value) {
    const toJSON: unknown = value.toJSON;
    if (typeof toJSON === "function") return (toJSON as (key: string) => unknown).call(value, key);
  }
  return value;
}
