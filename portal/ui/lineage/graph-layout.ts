"use client";
/**
 * The layered layout of the lineage graph, computed off the main thread: elkjs's API talks to a
 * Web Worker (layout.worker.ts) that runs the layout, so a graph of hundreds or thousands of
 * nodes never freezes the page while it is laid out. Recomputed whenever the shown graph changes;
 * the canvas waits for the positions of the graph it shows, then fits the view.
 *
 * One worker serves the page for its whole life: created for the first layout and kept when the
 * graph closes. elkjs is GWT output that V8 makes fast only over its first few layouts, so a
 * fresh worker lays a 2,000-node graph out in 5.6 s and a warm one in 3.0 s (docs/performance.md
 * §8): reopening the graph must not start cold. The worker runs one layout at a time; a layout
 * asked for while another runs waits its turn, and one whose graph changed or closed before its
 * turn is never sent, so quick changes leave at most one stale layout ahead of the current one.
 * A failed layout terminates the worker (it may be broken); the next layout starts a fresh one.
 */
import ELK, { type ELK as ElkApi, type ElkNode } from "elkjs/lib/elk-api";
import { useEffect, useState } from "react";
import { messageOf } from "#lib/errors";
import type { GraphData } from "./graph-model";
import { elkInput, positionsOf, type Positions } from "./layout-input";

export { NODE_WIDTH } from "./layout-input";

let engine: ElkApi | undefined;
/** Settles when the worker has finished the last layout it was given (or that was skipped). */
let idle: Promise<unknown> = Promise.resolve();

function pageEngine(): ElkApi {
  engine ??= new ELK({
    workerFactory: () =>
      new Worker(new URL("./layout.worker.ts", import.meta.url), { name: "lineage-layout" }),
  });
  return engine;
}

function discard(elk: ElkApi): void {
  if (engine !== elk) return;
  engine = undefined;
  elk.terminateWorker();
}

/** Lays `input` out once the worker is free; undefined when `wanted()` is false by then. */
function layoutInTurn(input: ElkNode, wanted: () => boolean): Promise<ElkNode | undefined> {
  const turn = idle.then(async () => {
    if (!wanted()) return undefined;
    const elk = pageEngine();
    try {
      return await elk.layout(input);
    } catch (error) {
      discard(elk);
      throw error;
    }
  });
  idle = turn.catch(() => undefined);
  return turn;
}

/** Positions with the graph they were computed for; `round` counts layouts (a new canvas each). */
interface LaidOut {
  for: GraphData;
  positions: Positions;
  round: number;
  /** Milliseconds from asking to positions: the worker round trip and any wait for its turn. */
  took: number;
}

export function useGraphLayout(
  graph: GraphData,
  onError: (message: string) => void,
): LaidOut | undefined {
  const [laidOut, setLaidOut] = useState<LaidOut>();
  useEffect(() => {
    let current = true;
    const started = performance.now();
    layoutInTurn(elkInput(graph), () => current).then(
      (result) => {
        if (!current || result === undefined) return;
        const positions = positionsOf(result);
        setLaidOut((previous) => ({
          for: graph,
          positions,
          round: (previous?.round ?? 0) + 1,
          took: performance.now() - started,
        }));
      },
      (reason: unknown) => {
        if (current) onError(`layout failed: ${messageOf(reason)}`);
      },
    );
    return () => {
      current = false;
    };
  }, [graph, onError]);
  return laidOut;
}
