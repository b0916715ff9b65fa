/** `npm run docs:contract`: rewrites the generated tables of docs/contract.md from the contract. */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { renderGeneratedDoc } from "../docs/render";
import { CONTRACT_DOC, contractDocSections } from "./docs";

const file = join(import.meta.dirname, "..", "..", CONTRACT_DOC);
const current = await readFile(file, "utf8");
const next = await renderGeneratedDoc(file, current, contractDocSections());
if (next === current) {
  console.log(`${CONTRACT_DOC}: up to date`);
} else {
  await writeFile(file, next);
  console.log(`${CONTRACT_DOC}: updated`);
}
