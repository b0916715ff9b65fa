/** Renders a resource's inputs for display: short JSON per top-level key, secrets and labels out. */
import { canonicalJson } from "#lib/canonical-json";

const OMITTED = new Set(["tags", "tagsAll", "labels", "effectiveLabels", "__provider"]);
const SECRET = /token|secret|password|passphrase|connectionstring|privatekey/i;
const MAX_LENGTH = 160;

function shortJson(value: unknown): string {
  const json = typeof value === "string" ? value : canonicalJson(value);
  return json.length <= MAX_LENGTH ? json : `${json.slice(0, MAX_LENGTH - 1)}…`;
}

export function keyInputs(inputs: Readonly<Record<string, unknown>>): Record<string, string> {
  const rendered: Record<string, string> = {};
  for (const key of Object.keys(inputs).sort()) {
    const value = inputs[key];
    if (value === undefined || OMITTED.has(key)) continue;
    rendered[key] = SECRET.test(key) ? "[secret]" : shortJson(value);
  }
  return rendered;
}
