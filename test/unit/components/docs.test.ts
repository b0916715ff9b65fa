import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CAPABILITY_MATRIX } from "#contract";
import {
  COMPONENTS_DOC,
  componentsDocSections,
  renderCapabilityMatrix,
} from "#tools/components/docs";
import { renderGeneratedDoc } from "#tools/docs/render";

const file = join(import.meta.dirname, "..", "..", "..", COMPONENTS_DOC);

describe("docs/components.md", () => {
  it("matches contract/capabilities.ts and the policy applicability (run `npm run docs:capabilities` after changing them)", async () => {
    const current = readFileSync(file, "utf8");
    expect(await renderGeneratedDoc(file, current, componentsDocSections())).toBe(current);
  });

  it("renders each cell from the matrix", () => {
    const matrix = renderCapabilityMatrix();
    expect(matrix).toContain(`✅ ${CAPABILITY_MATRIX.aws.backup.gold.detail}`);
    expect(matrix).toContain(`— ${CAPABILITY_MATRIX.aws.backup.bronze.detail}`);
    const unsupported = "— not supported on the local target";
    expect(matrix).toContain(`| **local** | ${unsupported} | ${unsupported} | ${unsupported} |`);
  });
});
