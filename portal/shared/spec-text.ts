/**
 * A draft spec as a file: YAML or JSON out, either in. Apart from spec-draft.ts so the request
 * form loads the YAML library only when someone imports or exports a file.
 */
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { orderedSpec, type Draft } from "./spec-draft";

export function draftToYaml(draft: Draft): string {
  return stringifyYaml(orderedSpec(draft), { lineWidth: 100 });
}

export function draftToJson(draft: Draft): string {
  return `${JSON.stringify(orderedSpec(draft), null, 2)}\n`;
}

export type ImportResult = { ok: true; draft: Draft } | { ok: false; message: string };

/** YAML or JSON (JSON is YAML). */
export function importDraft(text: string): ImportResult {
  try {
    const value: unknown = parseYaml(text);
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      return { ok: false, message: "the file must contain one DataProduct object" };
    }
    return { ok: true, draft: value as Draft };
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0] : undefined;
    return { ok: false, message: `not valid YAML/JSON: ${message ?? "unreadable"}` };
  }
}
