/**
 * Every example's ODCS export passes `datacontract lint` (datacontract-cli from PyPI, in the
 * Python clients' virtualenv): a third-party reading of the standard, next to the unit test's
 * validation against the vendored JSON Schema. A broken contract must fail the same lint, so a
 * lint that passes everything cannot pass this test.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { z } from "zod";
import { exampleExports } from "../../support/odcs";
import { pythonVenvMissing, runPythonTool } from "../../support/python";

const LintReport = z.object({
  result: z.string(),
  checks: z.array(
    z.object({ name: z.string(), result: z.string(), reason: z.string().nullable() }),
  ),
});

const dir = mkdtempSync(join(tmpdir(), "meshplane-odcs-lint-"));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Lints one contract; the run is bounded (a hung CLI fails the test, it does not stall it). */
function lint(name: string, contract: unknown) {
  const file = join(dir, `${name}.odcs.yaml`);
  const report = join(dir, `${name}.lint.json`);
  writeFileSync(file, stringify(contract));
  const run = runPythonTool(
    "datacontract",
    ["lint", "--all-errors", "--output-format", "json", "--output", report, file],
    60_000,
  );
  const parsed = LintReport.parse(JSON.parse(readFileSync(report, "utf8")));
  return { status: run.status, output: `${run.stdout}${run.stderr}`, ...parsed };
}

describe.skipIf(pythonVenvMissing("datacontract lint of the ODCS exports"))(
  "datacontract lint",
  { timeout: 180_000 },
  () => {
    it("passes every example's ODCS export with zero errors", () => {
      for (const { file, contract } of exampleExports()) {
        const result = lint(file.replace(/\.yaml$/, ""), contract);
        expect(
          result.checks.filter((check) => check.result !== "passed"),
          result.output,
        ).toEqual([]);
        expect(result.result, file).toBe("passed");
        expect(result.status, result.output).toBe(0);
      }
    });

    it("fails a contract without its id (so a pass above means something)", () => {
      const [example] = exampleExports();
      const { id: _id, ...withoutId } = example?.contract ?? {};
      const result = lint("broken", withoutId);
      expect(result.result).toBe("failed");
      expect(result.checks.map((check) => check.reason)).toEqual([
        "data: 'id' is a required property",
      ]);
      expect(result.status).not.toBe(0);
    });
  },
);
