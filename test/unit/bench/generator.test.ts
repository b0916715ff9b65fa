import { describe, expect, it } from "vitest";
import { DataProductSpec } from "#contract";
import { loadExampleSpecs } from "#contract/examples";
import { generateLineage, runEvent, type LineageGraph } from "../../../bench/generate/lineage";
import { generateDomains, generateSpecs } from "../../../bench/generate/specs";
import { seededRandom } from "../../../bench/random";

const templates = loadExampleSpecs();
const domains = generateDomains(30);
const specsOf = (seed: number, count = 200) =>
  generateSpecs(count, { random: seededRandom(seed), templates, domains });

/** Kahn's algorithm: true when every node can be ordered, i.e. there is no cycle. */
function isAcyclic(graph: LineageGraph): boolean {
  const size = graph.datasets.length + graph.jobs.length;
  const indegree = new Array<number>(size).fill(0);
  const out = new Map<number, number[]>();
  for (const edge of graph.edges) {
    indegree[edge.target] = (indegree[edge.target] ?? 0) + 1;
    out.set(edge.source, [...(out.get(edge.source) ?? []), edge.target]);
  }
  const ready = indegree.flatMap((d, node) => (d === 0 ? [node] : []));
  let seen = 0;
  while (ready.length > 0) {
    const node = ready.pop() as number;
    seen += 1;
    for (const next of out.get(node) ?? []) {
      indegree[next] = (indegree[next] ?? 0) - 1;
      if (indegree[next] === 0) ready.push(next);
    }
  }
  return seen === size;
}

describe("seededRandom", () => {
  it("gives the same sequence for a seed and another for another seed", () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const first = [a.next(), a.next(), a.next()];
    expect([b.next(), b.next(), b.next()]).toEqual(first);
    expect(seededRandom(43).next()).not.toBe(first[0]);
  });

  it("samples distinct items and never more than there are", () => {
    const picked = seededRandom(1).sample([1, 2, 3, 4, 5], 9);
    expect([...picked].sort()).toEqual([1, 2, 3, 4, 5]);
  });
});

describe("generateDomains", () => {
  it("makes unique slugs, suffixing a round number once the words run out", () => {
    const slugs = generateDomains(30).map((d) => d.slug);
    expect(new Set(slugs).size).toBe(30);
    expect(slugs.slice(0, 2)).toEqual(["payments", "customer"]);
    expect(slugs[25]).toBe("payments-1");
  });
});

describe("generateSpecs", () => {
  it("is deterministic for a seed", () => {
    expect(specsOf(7)).toEqual(specsOf(7));
    expect(specsOf(7)).not.toEqual(specsOf(8));
  });

  it("makes specs the contract accepts, with unique addresses and inputs that point backwards", () => {
    const specs = specsOf(3, 500);
    const refs = specs.map((spec) => `${spec.domain}/${spec.name}`);
    expect(new Set(refs).size).toBe(500);
    specs.forEach((spec, index) => {
      expect(DataProductSpec.parse(spec)).toEqual(spec);
      for (const input of spec.inputs) expect(refs.indexOf(input)).toBeLessThan(index);
    });
  });
});

describe("generateLineage", () => {
  const specs = specsOf(5, 300);

  it("has the requested number of edges (one fewer when the remainder is odd)", () => {
    expect(generateLineage(specs, 3_000, seededRandom(1)).edges).toHaveLength(2_999);
    expect(generateLineage(specs, 3_001, seededRandom(1)).edges).toHaveLength(3_001);
  });

  it("forms a DAG: one writer job per dataset after the first, and no cycle", () => {
    const graph = generateLineage(specs, 3_000, seededRandom(2));
    expect(graph.jobs).toHaveLength(299);
    expect(graph.edges.filter((e) => e.kind === "writes")).toHaveLength(299);
    expect(isAcyclic(graph)).toBe(true);
    for (const edge of graph.edges.filter((e) => e.kind === "derives"))
      expect(edge.source).toBeLessThan(edge.target);
  });

  it("is deterministic for a seed", () => {
    expect(generateLineage(specs, 1_000, seededRandom(9))).toEqual(
      generateLineage(specs, 1_000, seededRandom(9)),
    );
  });
});

describe("runEvent", () => {
  const graph = generateLineage(specsOf(5, 50), 400, seededRandom(1));

  it("pairs a START and a COMPLETE of one run an hour apart", () => {
    const start = runEvent(graph, 1, 10);
    const complete = runEvent(graph, 1, 11);
    expect([start.eventType, complete.eventType]).toEqual(["START", "COMPLETE"]);
    expect(complete.run.runId).toBe(start.run.runId);
    expect(complete.job).toEqual(start.job);
    expect(Date.parse(complete.eventTime) - Date.parse(start.eventTime)).toBe(3_600_000);
    expect(start.run.runId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it("makes the same event for the same seed and index, and another run for another seed", () => {
    expect(runEvent(graph, 1, 4)).toEqual(runEvent(graph, 1, 4));
    expect(runEvent(graph, 2, 4).run.runId).not.toBe(runEvent(graph, 1, 4).run.runId);
  });
});
