/** The example specs shipped in contract/examples (Node only: reads the files). */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { SpecValidationError } from "./errors";
import { parseDataProductSpecText } from "./parse-text";
import type { DataProductSpec } from "./spec";

export const EXAMPLES_DIR = join(import.meta.dirname, "examples");

export interface ExampleSpec {
  file: string;
  text: string;
  spec: DataProductSpec;
}

export function loadExampleSpecs(dir: string = EXAMPLES_DIR): ExampleSpec[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith(".yaml"))
    .sort()
    .map((file) => {
      const text = readFileSync(join(dir, file), "utf8");
      const result = parseDataProductSpecText(text);
      if (!result.success) throw new SpecValidationError(result.issues, `example ${file}`);
      return { file, text, spec: result.spec };
    });
}
