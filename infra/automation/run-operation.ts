/**
 * Child process entry: runs ONE Pulumi operation (or releases one stack lock) and exits. The
 * worker forks a fresh one per operation because several operations in one Node process have a
 * history of hangs and shared state (pulumi/pulumi #5449, #8186, #20737). Engine events stream
 * to the worker over IPC; the worker masks and stores them.
 *
 * If the worker dies, the IPC channel closes: the operation is interrupted gracefully (SIGINT to
 * the CLI, which finishes the current steps and releases the stack lock) and the process exits.
 */
import {
  CommandError,
  ConcurrentUpdateError,
  type EngineEvent,
  type Stack,
} from "@pulumi/pulumi/automation";
import type { DeploymentOperation } from "#core/deployment-lifecycle";
import { messageOf } from "#lib/errors";
import { changesOf } from "./events";
import { failureText } from "./failure";
import type { ChildMessage, OperationOutcome, ParentMessage } from "./protocol";
import { openStack, resourceCount } from "./stack";

const abort = new AbortController();

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => {
    if (process.send === undefined || !process.connected) {
      resolve();
      return;
    }
    process.send(message, undefined, {}, () => {
      resolve();
    });
  });
}

async function runOperation(
  stack: Stack,
  operation: DeploymentOperation,
  policyPacks: string[],
): Promise<OperationOutcome> {
  const onEvent = (event: EngineEvent) => {
    void send({ kind: "event", event });
  };
  const common = { onEvent, signal: abort.signal };
  switch (operation) {
    case "preview": {
      const result = await stack.preview({ ...common, diff: true, policyPacks });
      return { changes: changesOf({ ...result.changeSummary }), outputs: undefined };
    }
    case "up": {
      const result = await stack.up({ ...common, policyPacks });
      return {
        changes: changesOf({ ...result.summary.resourceChanges }),
        outputs: outputValues(result.outputs),
      };
    }
    case "refresh": {
      const result = await stack.refresh({ ...common, clearPendingCreates: true });
      return { changes: changesOf({ ...result.summary.resourceChanges }), outputs: undefined };
    }
    case "destroy": {
      const result = await stack.destroy(common);
      return { changes: changesOf({ ...result.summary.resourceChanges }), outputs: undefined };
    }
  }
}

function outputValues(
  outputs: Record<string, { value: unknown; secret: boolean }>,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(outputs).map(([key, output]) => [
      key,
      output.secret ? "[secret]" : output.value,
    ]),
  );
}

/**
 * The SDK only listens for aborts that come once the CLI runs (an AbortSignal fires once), so a
 * cancel that arrived while the stack was being opened would be lost: stop before going on.
 */
function stopIfCancelled(): void {
  if (abort.signal.aborted) throw new Error("cancelled before the operation started");
}

function failureMessage(error: unknown): string {
  if (error instanceof CommandError) return failureText(error.message);
  return messageOf(error);
}

async function handle(message: ParentMessage): Promise<void> {
  if (message.kind === "cancel") {
    abort.abort();
    return;
  }
  try {
    if (message.kind === "release-lock") {
      const { stack } = await openStack(message.stackName, message.settings, undefined);
      await stack.cancel();
      await send({ kind: "succeeded", outcome: { changes: {}, outputs: undefined } });
    } else {
      const { stack, created } = await openStack(
        message.stackName,
        message.settings,
        message.config,
        message.fresh,
      );
      stopIfCancelled();
      await send({ kind: "baseline", resources: created ? 0 : await resourceCount(stack) });
      stopIfCancelled();
      await send({
        kind: "succeeded",
        outcome: await runOperation(stack, message.operation, message.settings.policyPacks),
      });
    }
  } catch (error) {
    await send({
      kind: "failed",
      message: failureMessage(error),
      cancelled: abort.signal.aborted,
      locked: error instanceof ConcurrentUpdateError,
    });
  }
  if (process.connected) process.disconnect();
}

process.on("message", (message: ParentMessage) => {
  void handle(message);
});
process.on("disconnect", () => {
  abort.abort();
});
