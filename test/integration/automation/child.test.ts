/**
 * The operation child with the real CLI: a cancel that arrives while the child is still opening
 * the stack ends it before the operation starts. The SDK only listens for aborts to come, so
 * without the child's own check the operation would run to its end.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import type { ChildProcess } from "node:child_process";
import { runInChild, SpareChild, type ChildResult } from "#infra/automation/child";
import { parseWorkerConfig } from "#config";
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

  /** A preview of STACK cancelled right after it was sent, so while the child opens the stack. */
  function cancelledPreview(
    options: { fresh?: boolean; child?: ChildProcess; events?: unknown[] } = {},
  ): Promise<ChildResult> {
    const settings = parseWorkerConfig({ MESHPLANE_DATA_DIR: dataDir });
    const run = runInChild(
      {
        kind: "run",
        operation: "preview",
        stackName: STACK,
        config: undefined,
        ...(options.fresh === undefined ? {} : { fresh: options.fresh }),
        settings,
      },
      { onEvent: (event) => options.events?.push(event) },
      options.child,
    );
    run.cancel();
    return run.result;
  }

  const CANCELLED_EARLY = {
    ok: false,
    message: "cancelled before the operation started",
    cancelled: true,
    locked: false,
  };

  it("ends as cancelled, running nothing, when cancelled while it opens the stack", async () => {
    const events: unknown[] = [];
    expect(await cancelledPreview({ events })).toEqual(CANCELLED_EARLY);
    expect(events).toEqual([]);
    expect(lockFiles(dataDir, STACK)).toEqual([]);
  });

  // The stack exists now (the test above created it): `fresh` guesses wrong and falls back.
  it("runs an operation in the process a SpareChild started ahead, on a stack thought fresh", async () => {
    const spare = new SpareChild();
    spare.prepare();
    const ahead = spare.take();
    spare.close();
    expect(await cancelledPreview({ fresh: true, child: ahead })).toEqual(CANCELLED_EARLY);
    expect(ahead.exitCode).not.toBeNull();
  });
});
