/**
 * Validates spec files the way the portal and the Pulumi program do:
 *   npm run spec:validate -- path/to/spec.yaml [more.yaml ...]
 * Prints file:line:column for each problem; exits 1 when any file is invalid.
 */
import { readFileSync } from "node:fs";
import { parseDataProductSpecText } from "#contract/parse-text";

function validate(file: string): boolean {
  const result = parseDataProductSpecText(readFileSync(file, "utf8"));
  if (result.success) {
    console.log(`${file}: ok (${result.spec.domain}/${result.spec.name}, ${result.spec.tier})`);
    return true;
  }
  for (const issue of result.issues) {
    const where = issue.line === undefined ? file : `${file}:${issue.line}:${issue.column ?? 1}`;
    console.error(`${where}: ${issue.path === "" ? "" : `${issue.path}: `}${issue.message}`);
  }
  return false;
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: npm run spec:validate -- <spec.yaml> [...]");
  process.exit(2);
}
const results = files.map(validate);
process.exit(results.every(Boolean) ? 0 : 1);
