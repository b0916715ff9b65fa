/** Regenerates contract/data-product.schema.json from the zod contract (npm run contract:schema). */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { dataProductJsonSchema } from "#contract";

export const JSON_SCHEMA_FILE = join(
  import.meta.dirname,
  "../../contract/data-product.schema.json",
);

export function renderJsonSchema(): string {
  return `${JSON.stringify(dataProductJsonSchema(), null, 2)}\n`;
}

if (import.meta.main) {
  writeFileSync(JSON_SCHEMA_FILE, renderJsonSchema());
  console.log(`wrote ${JSON_SCHEMA_FILE}`);
}
