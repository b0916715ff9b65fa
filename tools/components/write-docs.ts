/** `npm run docs:capabilities`: rewrites the generated sections of docs/components.md. */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { renderGeneratedDoc } from "../docs/render";
import { COMPONENTS_DOC, componentsDocSections } from "./docs";

const file = join(import.meta.dirname, "..", "..", COMPONENTS_DOC);
const current = await readFile(file, "utf8");
const next = await renderGeneratedDoc(file, current, componentsDocSections());
if (next === current) {
  console.log(`${COMPONENTS_DOC}: up to date`);
} else {
  await writeFile(file, next);
  console.log(`${COMPONENTS_DOC}: updated`);
}
