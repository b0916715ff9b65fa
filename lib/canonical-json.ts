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
  return canonical(value, "") ?? "null";
}

function canonical(value: unknown, key: string): string | undefined {
  const json = toJsonValue(value, key);
  if (json === undefined || typeof json === "function" || typeof json === "symbol")
    return undefined;
  if (Array.isArray(json))
    return `[${json.map((item, index) => canonical(item, String(index)) ?? "null").join(",")}]`;
  if (json !== null && typeof json === "object") {
    const members = Object.entries(json)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .flatMap(([name, item]) => {
        const text = canonical(item, name);
        return text === undefined ? [] : [`${JSON.stringify(name)}:${text}`];
      });
    return `{${members.join(",")}}`;
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
