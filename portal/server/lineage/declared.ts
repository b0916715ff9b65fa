import "server-only";
/**
 * Declared lineage drawn into an observed graph. A product's spec declares its upstream products
 * (`inputs`); the walk in traversal.ts finds only what events reported. For every product with a
 * dataset in the graph, its declared inputs (and, walking downstream, the products declaring it)
 * are matched against what was observed (`observedInputsFrom`, the rule of the product page's
 * "confirmed"): a declared input that was observed marks the observed edges that carry it
 * (`declared: true`); one that was not, or whose carrying edges lie beyond the walk's depth, is
 * one `declared` edge between the two products' first datasets. A product with no dataset in the
 * graph is drawn as a `product` node with a negative id. Declared edges reach one product beyond
 * the walk, on the side the walk went: the declared inputs of products upstream of the start,
 * the declaring consumers of products downstream of it.
 */
import type { Db } from "#db/client";
import { countsForProductSql, productInScope, type ProductScope } from "../authz";
import type {
  LineageDirection,
  LineageEdge,
  LineageGraph,
  LineageNode,
  LineageView,
} from "../../shared/lineage/api-schemas";

/** A product that may be drawn, as the viewer's scope is checked: its ref is `domain/name`. */
interface ProductRef {
  ref: string;
  domain: string;
  status: string;
}

export interface ProductRow extends ProductRef {
  inputs: string[];
  /** Its declared inputs that were observed (`observedInputsFrom`), whatever the scope. */
  observed: ProductRef[];
}

/**
 * The observed-input rule in SQL, as rows of a consumer product (alias `consumer`, a row with
 * `id` and `domain`) joined with input products `p`: the products whose datasets are read by the
 * jobs that write the consumer's datasets, counting only the writes the consumer's own domain
 * reported (authz.ts `countsForProduct`). Shared by `observedInputPairs` and the graph's
 * declared-input statement, so the two cannot drift apart.
 */
function observedInputsFrom(consumer: string): string {
  return `dataset_product_links mine
     JOIN lineage_edges w ON w.target_id = mine.dataset_id AND w.kind = 'writes'
       AND ${countsForProductSql("w.domains", `${consumer}.domain`)}
     JOIN lineage_edges r ON r.target_id = w.source_id AND r.kind = 'reads'
     JOIN dataset_product_links theirs ON theirs.dataset_id = r.source_id
     JOIN data_products p ON p.id = theirs.product_id
     WHERE mine.product_id = ${consumer}.id AND theirs.product_id <> ${consumer}.id`;
}

/**
 * For each product of `consumers` (ids), the products of `scope` that it observably reads
 * (`observedInputsFrom`). Both sides as `domain/name`.
 */
export async function observedInputPairs(
  db: Db,
  scope: ProductScope,
  consumers: readonly string[],
): Promise<{ consumer: string; input: string }[]> {
  if (consumers.length === 0) return [];
  const rows = await db.$queryRawUnsafe<
    { consumer: string; ref: string; domain: string; status: string }[]
  >(
    `SELECT DISTINCT me.domain || '/' || me.name AS consumer, p.domain || '/' || p.name AS ref, p.domain,
       p.status::text AS status
     FROM data_products me
     CROSS JOIN LATERAL (SELECT p.domain, p.name, p.status FROM ${observedInputsFrom("me")}) p
     WHERE me.id = ANY($1::text[])
     ORDER BY 1, 2`,
    consumers,
  );
  return rows
    .filter((row) => productInScope(scope, row))
    .map((row) => ({ consumer: row.consumer, input: row.ref }));
}

/** The graph's observed edges as the response states them: observed, not (yet) declared. */
export function observedEdges(
  edges: readonly { source: number; target: number; kind: "reads" | "writes" | "derives" }[],
): LineageEdge[] {
  return edges.map((edge) => ({ ...edge, declared: false, observed: true }));
}

const domainOf = (ref: string) => ref.slice(0, ref.indexOf("/"));

/**
 * The products of the graph and those declaring one of them, each with its declared inputs that
 * were observed, as one JSON array of `ProductRow`: an expression for the walk's statement
 * (traversal.ts), so the declared inputs cost no round trip of their own. `drawn` is a relation
 * of the graph's nodes with a `product_id` column (null for a node of no product). Every product
 * linked to a node comes back whatever the viewer's scope; `withDeclaredInputs` keeps those of
 * the scope, and a declarer found only through a product outside it draws nothing (none of its
 * inputs is in the graph as the viewer sees it). The observed inputs of every product found, not
 * only of the consumers then drawn: a few index probes per product instead of a second statement.
 */
export function graphProductsSql(drawn: string): string {
  return `(WITH linked AS (
       SELECT DISTINCT p.id, p.domain, p.name, p.status, p.inputs
       FROM ${drawn} g JOIN data_products p ON p.id = g.product_id
     ), found AS (
       SELECT id, domain, name, status, inputs FROM linked
       UNION
       SELECT id, domain, name, status, inputs FROM data_products
       WHERE inputs && (SELECT array_agg(domain || '/' || name) FROM linked)
         AND status <> 'decommissioned'
     )
     SELECT coalesce(json_agg(json_build_object(
       'ref', me.domain || '/' || me.name, 'domain', me.domain, 'status', me.status::text,
       'inputs', me.inputs,
       'observed', coalesce((
         SELECT json_agg(DISTINCT jsonb_build_object(
           'ref', p.domain || '/' || p.name, 'domain', p.domain, 'status', p.status::text))
         FROM ${observedInputsFrom("me")}
           AND cardinality(me.inputs) > 0 AND p.domain || '/' || p.name = ANY(me.inputs)
       ), '[]')) ORDER BY me.domain || '/' || me.name), '[]')
     FROM found me)`;
}

type DatasetsOf = Map<string, LineageNode[]>;

/** "input>consumer" of the observed declared inputs the viewer may see, both sides in scope. */
function observedPairs(scope: ProductScope, products: readonly ProductRow[]): Set<string> {
  return new Set(
    products.flatMap((product) =>
      product.observed
        .filter((input) => productInScope(scope, input))
        .map((input) => `${input.ref}>${product.ref}`),
    ),
  );
}

/**
 * (input, consumer) pairs to draw, in a stable order. A product not in the graph is drawn only on
 * the side the walk went: a declared input of a product upstream of (or at) the start, a consumer
 * of one downstream of (or at) it.
 */
function pairsToDraw(
  products: readonly ProductRow[],
  datasetsOf: DatasetsOf,
  direction: LineageDirection,
): { input: string; consumer: string }[] {
  const side = (ref: string, sign: 1 | -1) =>
    (datasetsOf.get(ref) ?? []).some((node) => node.depth * sign >= 0);
  const pairs: { input: string; consumer: string }[] = [];
  for (const product of products) {
    for (const input of product.inputs) {
      const consumerIn = datasetsOf.has(product.ref);
      const inputIn = datasetsOf.has(input);
      if (consumerIn && inputIn) pairs.push({ input, consumer: product.ref });
      else if (consumerIn && direction !== "downstream" && side(product.ref, -1))
        pairs.push({ input, consumer: product.ref });
      else if (inputIn && direction !== "upstream" && side(input, 1))
        pairs.push({ input, consumer: product.ref });
    }
  }
  return pairs;
}

/**
 * Marks the observed edges that carry an input's datasets (`from`) to a consumer's (`to`): the
 * derives edges in the datasets view, else the reads and writes through the jobs between them.
 * Returns how many it marked.
 */
function markCarriers(
  edges: LineageEdge[],
  from: ReadonlySet<number>,
  to: ReadonlySet<number>,
  view: LineageView,
): number {
  let carries: (edge: LineageEdge) => boolean;
  if (view === "datasets") {
    carries = (e) => e.kind === "derives" && from.has(e.source) && to.has(e.target);
  } else {
    const writers = new Set(
      edges.filter((e) => e.kind === "writes" && to.has(e.target)).map((e) => e.source),
    );
    const jobs = new Set(
      edges
        .filter((e) => e.kind === "reads" && from.has(e.source) && writers.has(e.target))
        .map((e) => e.target),
    );
    carries = (e) =>
      (e.kind === "reads" && from.has(e.source) && jobs.has(e.target)) ||
      (e.kind === "writes" && jobs.has(e.source) && to.has(e.target));
  }
  let marked = 0;
  for (const edge of edges)
    if (carries(edge)) {
      edge.declared = true;
      marked += 1;
    }
  return marked;
}

/** `graph` with the declared inputs of `rows` (`graphProductsSql`) drawn as `scope` may see them. */
export function withDeclaredInputs(
  scope: ProductScope,
  graph: LineageGraph,
  rows: readonly ProductRow[],
  direction: LineageDirection,
  view: LineageView,
): LineageGraph {
  const datasetsOf: DatasetsOf = new Map();
  for (const node of graph.nodes)
    if (node.product !== null)
      datasetsOf.set(node.product, [...(datasetsOf.get(node.product) ?? []), node]);
  if (datasetsOf.size === 0) return graph;
  const products = rows.filter((row) => productInScope(scope, row));
  const pairs = pairsToDraw(products, datasetsOf, direction);
  if (pairs.length === 0) return graph;
  const observed = observedPairs(scope, products);

  const nodes = [...graph.nodes];
  const edges = graph.edges.map((edge) => ({ ...edge }));
  const placeholders = new Map<string, LineageNode>();
  const placeholder = (ref: string, depth: number): LineageNode => {
    const known = placeholders.get(ref);
    if (known !== undefined) return known;
    const node: LineageNode = {
      id: -(placeholders.size + 1),
      kind: "product",
      namespace: "",
      name: ref,
      domain: domainOf(ref),
      product: ref,
      depth,
    };
    placeholders.set(ref, node);
    nodes.push(node);
    return node;
  };

  for (const { input, consumer } of pairs) {
    const ids = (ref: string) => new Set((datasetsOf.get(ref) ?? []).map((n) => n.id));
    const isObserved = observed.has(`${input}>${consumer}`);
    if (isObserved && markCarriers(edges, ids(input), ids(consumer), view) > 0) continue;
    const target = datasetsOf.get(consumer)?.[0];
    const source = datasetsOf.get(input)?.[0];
    const targetNode = target ?? placeholder(consumer, (source?.depth ?? 0) + 1);
    const sourceNode = source ?? placeholder(input, targetNode.depth - 1);
    edges.push({
      source: sourceNode.id,
      target: targetNode.id,
      kind: "declared",
      declared: true,
      observed: isObserved,
    });
  }
  return { ...graph, nodes, edges };
}
