/**
 * Worker side of run-operation.ts: forks the child, relays its messages, resolves with the end.
 * Each child leads a session of its own (forked detached), which the CLI, its language host, the
 * program and its providers belong to: when the child dies without a result (killed, out of
 * memory), the whole session is killed before the result is given, so no orphaned CLI keeps
 * changing the stack or holding its lock, and no plugin is left running.
 */
import { fork, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { sessionMembers } from "./processes";
import type { ChildMessage, OperationOutcome, ParentMessage } from "./protocol";

const ENTRY = join(import.meta.dirname, "run-operation.ts");

export type ChildResult =
  | { ok: true; outcome: OperationOutcome }
  | { ok: false; message: string; cancelled: boolean; locked: boolean };

export interface ChildHandlers {
  onEvent?: (event: EngineEvent) => void;
  onBaseline?: (resources: number) => void;
}

export interface ChildRun {
  result: Promise<ChildResult>;
  /**
   * Asks the child to stop gracefully (SIGINT to the CLI). True when this call asked; false when
   * it was asked before or has ended.
   */
  cancel: () => boolean;
}

function forkOperationChild(): ChildProcess {
  return fork(ENTRY, [], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    detached: true,
  });
}

/** How long the rest of a dead child's session gets to vanish after SIGKILL. */
const SESSION_EXIT_MS = 5_000;

/**
 * SIGKILLs every process of the session `sid` (the dead child's: it was its leader) and waits,
 * briefly, until none is left. The session, not the process group: the CLI starts its language
 * host and providers in process groups of their own, and they would outlive it.
 */
async function killSession(sid: number): Promise<void> {
  const deadline = Date.now() + SESSION_EXIT_MS;
  for (;;) {
    // Without /proc (macOS), the child's process group stands for its session.
    const members = sessionMembers(sid) ?? (groupAlive(sid) ? [-sid] : []);
    if (members.length === 0 || Date.now() > deadline) return;
    for (const pid of members) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // ESRCH: it ended meanwhile
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * One operation process started ahead of use: Node, tsx and the Automation API take about a second
 * to load, which an admin would otherwise wait for after clicking Deploy. A used process is never
 * reused (one operation per process); the next spare is started once the operation ended, so it
 * does not compete with it for the CPU.
 */
export class SpareChild {
  private spare: ChildProcess | undefined;
  private closed = false;

  prepare(): void {
    if (this.closed || this.spare !== undefined) return;
    const child = forkOperationChild();
    child.once("exit", () => {
      if (this.spare === child) this.spare = undefined;
    });
    this.spare = child;
  }

  /** The spare if it is ready, else a process started now. */
  take(): ChildProcess {
    const child = this.spare;
    this.spare = undefined;
    return child?.connected === true && child.exitCode === null ? child : forkOperationChild();
  }

  close(): void {
    this.closed = true;
    this.spare?.kill();
    this.spare = undefined;
  }
}

export function runInChild(
  message: Exclude<ParentMessage, { kind: "cancel" }>,
  handlers: ChildHandlers = {},
  child: ChildProcess = forkOperationChild(),
): ChildRun {
  let final: ChildResult | undefined;
  const result = new Promise<ChildResult>((resolve) => {
    child.on("message", (received: ChildMessage) => {
      if (received.kind === "event") handlers.onEvent?.(received.event);
      else if (received.kind === "baseline") handlers.onBaseline?.(received.resources);
      else if (received.kind === "succeeded") final = { ok: true, outcome: received.outcome };
      else final = { ok: false, ...omitKind(received) };
    });
    child.on("exit", (code, signal) => {
      if (final !== undefined) {
        resolve(final);
        return;
      }
      const how = signal ?? `exit code ${String(code)}`;
      const ended = () => {
        resolve({
          ok: false,
          message:
            `the operation process ended without a result (${how}); the Pulumi CLI and ` +
            "everything it had started were stopped with it",
          cancelled: false,
          locked: false,
        });
      };
      if (child.pid === undefined) ended();
      else void killSession(child.pid).then(ended);
    });
    child.on("error", (error) => {
      final ??= { ok: false, message: error.message, cancelled: false, locked: false };
    });
  });
  child.send(message);
  let cancelSent = false;
  return {
    result,
    cancel: () => {
      if (cancelSent || !child.connected) return false;
      cancelSent = true;
      child.send({ kind: "cancel" } satisfies ParentMessage);
      return true;
    },
  };
}

function omitKind<T extends { kind: string }>(value: T): Omit<T, "kind"> {
  const { kind: _kind, ...rest } = value;
  return rest;
}
