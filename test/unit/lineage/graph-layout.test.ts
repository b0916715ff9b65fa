// @vitest-environment happy-dom
/**
 * The lineage graph's layout worker lives as long as the page (graph-layout.ts): closing and
 * reopening the graph lays out in the same, warm worker; a failed layout replaces it; and a
 * graph that changed before its layout's turn is never sent. The hook runs in React DOM (in
 * happy-dom) against a fake Worker that answers elkjs's messages and counts what it was asked.
 */
import type { ElkNode } from "elkjs/lib/elk-api";
import { act, createElement } from "react";
import { createRoot, type Root } from "react-dom/client";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { GraphData } from "../../../portal/ui/lineage/graph-model";

interface Message {
  id: number;
  cmd: string;
  graph?: ElkNode;
}

class FakeWorker {
  static created = 0;
  static terminated = 0;
  static layouts: string[][] = [];
  static failing = false;
  /** Replies wait in `held` until `release()` while true. */
  static holding = false;
  static held: (() => void)[] = [];

  onmessage: ((event: { data: unknown }) => void) | null = null;

  constructor() {
    FakeWorker.created += 1;
  }

  postMessage(message: Message): void {
    let data: unknown = true;
    if (message.cmd === "layout") {
      const children = message.graph?.children ?? [];
      FakeWorker.layouts.push(children.map((child) => child.id));
      data = { ...message.graph, children: children.map((child, i) => ({ ...child, x: i, y: 0 })) };
    }
    const reply =
      message.cmd === "layout" && FakeWorker.failing
        ? { id: message.id, error: new Error("the worker broke") }
        : { id: message.id, data };
    const send = () => this.onmessage?.({ data: reply });
    if (FakeWorker.holding && message.cmd === "layout") FakeWorker.held.push(send);
    else queueMicrotask(send);
  }

  terminate(): void {
    FakeWorker.terminated += 1;
  }

  static release(): void {
    const held = FakeWorker.held.splice(0);
    for (const send of held) send();
  }
}

const graphOf = (...ids: number[]): GraphData =>
  ({ nodes: ids.map((id) => ({ id })), edges: [] }) as unknown as GraphData;

/**
 * Lets the fake worker's replies and elkjs's `setTimeout(0)` hop per reply run, inside act. Each
 * round's timer fires after the timers scheduled before it, so ten rounds flush a chain of ten
 * hops however loaded the machine is (a fixed delay would not).
 */
async function settle(): Promise<void> {
  for (let round = 0; round < 10; round += 1)
    await act(() => new Promise((resolve) => setTimeout(resolve, 0)));
}

let useGraphLayout: typeof import("../../../portal/ui/lineage/graph-layout").useGraphLayout;
const seen: { positions: string[] | undefined }[] = [];
const errors: string[] = [];
const onError = (message: string) => errors.push(message);

function Probe({ graph }: { graph: GraphData }) {
  const laidOut = useGraphLayout(graph, onError);
  seen.push({ positions: laidOut && [...laidOut.positions.keys()] });
  return null;
}

function mount(graph: GraphData): Root {
  const root = createRoot(document.createElement("div"));
  act(() => {
    root.render(createElement(Probe, { graph }));
  });
  return root;
}

function unmount(root: Root): void {
  act(() => {
    root.unmount();
  });
}

beforeEach(async () => {
  Object.assign(globalThis, { IS_REACT_ACT_ENVIRONMENT: true });
  vi.stubGlobal("Worker", FakeWorker);
  Object.assign(FakeWorker, { created: 0, terminated: 0, layouts: [], failing: false });
  Object.assign(FakeWorker, { holding: false, held: [] });
  seen.length = 0;
  errors.length = 0;
  vi.resetModules(); // the page's worker is module state: each test starts with a new page
  ({ useGraphLayout } = await import("../../../portal/ui/lineage/graph-layout"));
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("lineage graph layout worker", () => {
  it("keeps one worker across two mounts and unmounts of the graph", async () => {
    for (const graph of [graphOf(1, 2), graphOf(3)]) {
      const root = mount(graph);
      await settle();
      unmount(root);
    }
    expect(seen.at(-1)?.positions).toEqual(["3"]);
    expect(FakeWorker.layouts).toEqual([["1", "2"], ["3"]]);
    expect(FakeWorker.created).toBe(1);
    expect(FakeWorker.terminated).toBe(0);
  });

  it("replaces the worker after a failed layout", async () => {
    FakeWorker.failing = true;
    const first = mount(graphOf(1));
    await settle();
    unmount(first);
    expect(errors).toEqual(["layout failed: the worker broke"]);
    expect(FakeWorker.terminated).toBe(1);

    FakeWorker.failing = false;
    const second = mount(graphOf(2));
    await settle();
    unmount(second);
    expect(seen.at(-1)?.positions).toEqual(["2"]);
    expect(FakeWorker.created).toBe(2);
  });

  it("never sends a layout whose graph changed before its turn", async () => {
    FakeWorker.holding = true;
    const root = mount(graphOf(1));
    await settle();
    act(() => {
      root.render(createElement(Probe, { graph: graphOf(2) }));
    });
    act(() => {
      root.render(createElement(Probe, { graph: graphOf(3) }));
    });
    await settle();
    expect(FakeWorker.layouts).toEqual([["1"]]); // 2 and 3 wait for 1
    FakeWorker.holding = false;
    FakeWorker.release();
    await settle();
    expect(FakeWorker.layouts).toEqual([["1"], ["3"]]);
    expect(seen.at(-1)?.positions).toEqual(["3"]);
    expect(FakeWorker.created).toBe(1);
    unmount(root);
  });
});
