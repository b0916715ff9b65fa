/**
 * The operation child with the real CLI: a cancel that arrives while the child is still opening
 * the stack ends it before the operation starts. The SDK only listens for aborts to come, so
 * without the child's own check the operation would run to its end.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { runInChild, SpareChild } from "../../../infra/automation/child";
import { automationSettings } from "../../../infra/automation/settings";
import { cliMissing, lockFiles, removeStackConfigs, uniqueEnvironment } from "./support";

vi.mock("server-only", () => ({}));

const ENVIRONMENT = uniqueEnvironment();
const STACK = `payments.cancel-early.${ENVIRONMENT}`;

describe.skipIf(cliMissing())("the operation child", { timeout: 120_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), "meshplane-child-"));
  afterAll(() => {
    removeStackConfigs(ENVIRONMENT);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("ends as cancelled, running nothing, when cancelled while it opens the stack", async () => {
    const events: unknown[] = [];
    const settings = automationSettings({ MESHPLANE_DATA_DIR: dataDir });
    const run = runInChild(
      { kind: "run", operation: "preview", stackName: STACK, config: undefined, settings },
      { onEvent: (event) => events.push(event) },
    );
    // Delivered right after `run`, so while the child awaits the CLI to open the stack.
    run.cancel();
    expect(await run.result).toEqual({
      ok: false,
      message: "cancelled before the operation started",
      cancelled: true,
      locked: false,
    });
    expect(events).toEqual([]);
    expect(lockFiles(dataDir, STACK)).toEqual([]);
  });

  // The stack exists now (the test above created it): `fresh` guesses wrong and falls back.
  it("runs an operation in the process a SpareChild started ahead, on a stack thought fresh", async () => {
    const spare = new SpareChild();
    spare.prepare();
    const ahead = spare.take();
    spare.close();
    const settings = automationSettings({ MESHPLANE_DATA_DIR: dataDir });
    const run = runInChild(
      {
        kind: "run",
        operation: "preview",
        stackName: STACK,
        config: undefined,
        fresh: true,
        settings,
      },
      {},
      ahead,
    );
    run.cancel();
    expect(await run.result).toEqual({
      ok: false,
      message: "cancelled before the operation started",
      cancelled: true,
      locked: false,
    });
    expect(ahead.exitCode).not.toBeNull();
  });
});
