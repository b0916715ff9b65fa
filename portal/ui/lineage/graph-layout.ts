"use client";
/**
 * The layered layout of the lineage graph, computed off the main thread: elkjs's API talks to a
 * Web Worker (layout.worker.ts) that runs the layout, so a graph of hundreds or thousands of
 * nodes never freezes the page while it is laid out. Recomputed whenever the shown graph changes;
 * a layout still running when the graph changes again is abandoned by terminating its worker (the
 * next layout starts a fresh one) rather than queued behind. The canvas waits for the positions
 * of the graph it shows, then fits the view.
 */
import ELK, { type ELK as ElkApi } from "elkjs/lib/elk-api";
import { useEffect, useRef, useState } from "react";
import { messageOf } from "#lib/errors";
import type { GraphData } from "./graph-model";
import { elkInput, positionsOf, type Positions } from "./layout-input";

export { NODE_WIDTH } from "./layout-input";

function layoutEngine(): ElkApi {
  return new ELK({
    workerFactory: () =>
      new Worker(new URL("./layout.worker.ts", import.meta.url), { name: "lineage-layout" }),
  });
}

/** Positions with the graph they were computed for; `round` counts layouts (a new canvas each). */
interface LaidOut {
  for: GraphData;
  positions: Positions;
  round: number;
  /** Milliseconds the layout took, worker round trip included. */
  took: number;
}

export function useGraphLayout(
  graph: GraphData,
  onError: (message: string) => void,
): LaidOut | undefined {
  const [laidOut, setLaidOut] = useState<LaidOut>();
  const engine = useRef<ElkApi | undefined>(undefined);
  useEffect(() => {
    let settled = false;
    const elk = (engine.current ??= layoutEngine());
    const started = performance.now();
    elk.layout(elkInput(graph)).then(
      (result) => {
        if (settled) return;
        settled = true;
        const positions = positionsOf(result);
        setLaidOut((previous) => ({
          for: graph,
          positions,
          round: (previous?.round ?? 0) + 1,
          took: performance.now() - started,
        }));
      },
      (reason: unknown) => {
        if (settled) return;
        settled = true;
        onError(`layout failed: ${messageOf(reason)}`);
      },
    );
    return () => {
      if (settled) return;
      settled = true;
      elk.terminateWorker();
      engine.current = undefined;
    };
  }, [graph, onError]);
  useEffect(
    () => () => {
      engine.current?.terminateWorker();
    },
    [],
  );
  return laidOut;
}
