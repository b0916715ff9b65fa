/** Spec fixtures for tests: a valid base and a helper that derives variants from it. */
import { loadExampleSpecs } from "#contract/examples";
import type { DataProductSpecInput } from "#contract";
import { parse } from "yaml";

/** Raw (unparsed) copy of an example, so tests mutate exactly what a user would write. */
export function exampleInput(file: string): DataProductSpecInput {
  const example = loadExampleSpecs().find((e) => e.file === file);
  if (!example) throw new Error(`no example ${file}`);
  return parse(example.text) as DataProductSpecInput;
}

export function variant(
  file: string,
  change: (spec: Record<string, any>) => void, // eslint-disable-line @typescript-eslint/no-explicit-any -- tests poke arbitrary, even invalid, shapes
): unknown {
  const spec = structuredClone(exampleInput(file)) as Record<string, unknown>;
  change(spec);
  return spec;
}
