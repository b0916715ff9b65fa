/** Example specs (contract/examples) as the journeys use them: renamed, as YAML or as objects. */
import { parse, stringify } from "yaml";
import { loadExampleSpecs } from "#contract/examples";

export function exampleSpec(
  file: string,
  changes: Record<string, unknown>,
): Record<string, unknown> {
  const example = loadExampleSpecs().find((candidate) => candidate.file === file);
  if (example === undefined) throw new Error(`no example ${file}`);
  return { ...(parse(example.text) as Record<string, unknown>), ...changes };
}

export function exampleYaml(file: string, changes: Record<string, unknown>): string {
  return stringify(exampleSpec(file, changes));
}
