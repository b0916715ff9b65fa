import { join } from "node:path";
import { cruise, type IViolation } from "dependency-cruiser";
import { describe, expect, it } from "vitest";
import config from "../../../.dependency-cruiser.mjs";

/** A tree of deliberately wrong imports, laid out like the repository (test/fixtures/layers). */
const FIXTURES = join(import.meta.dirname, "..", "..", "fixtures", "layers");

async function violations(): Promise<string[]> {
  const result = await cruise(["."], {
    ...config.options,
    baseDir: FIXTURES,
    tsConfig: undefined,
    validate: true,
    ruleSet: { forbidden: config.forbidden },
  });
  if (typeof result.output === "string") throw new Error("expected a cruise result");
  return result.output.summary.violations
    .map((violation: IViolation) => `${violation.rule.name}: ${violation.from} → ${violation.to}`)
    .sort();
}

describe("the layer rules (npm run check)", () => {
  it("refuse each deliberately wrong import and nothing else", async () => {
    expect(await violations()).toEqual([
      "browser-code-imports-no-server-code: portal/ui/Widget.ts → db/client.ts",
      "components-import-only-contract-and-lib: components/bucket.ts → workflow/a.ts",
      "infra-never-imports-portal: infra/worker.ts → portal/app/page.ts",
      "no-cycles: workflow/a.ts → workflow/b.ts",
      "pure-layers-without-node: core/clock.ts → process",
    ]);
  });
});
