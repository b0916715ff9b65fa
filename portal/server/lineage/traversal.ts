import "server-only";
/**
 * Depth-limited walks of the lineage graph: recursive CTEs over lineage_edges, following
 * target → source (upstream, index on target_id) or source → target (downstream, primary key),
 * in one statement with the start's lookup, the nodes found, the edges between them and the
 * products whose declared inputs the graph draws: a read is one round trip. Depth counts edges:
 * in the full view dataset → job → dataset is two steps, in the datasets view one. A dataset
 * linked to a product outside the viewer's scope is shown as a dataset of no product.
 */
import type { Db } from "#db/client";
import { productInScope, type ProductScope } from "../authz";
import {
  graphProductsSql,
  observedEdges,
  observedInputPairs,
  withDeclaredInputs,
  type ProductRow,
} from "./declared";
import type { LineageDirection, LineageGraph, LineageView } from "../../shared/lineage/api-schemas";

export const MAX_NODES = 2000;

const EDGE_KINDS: Record<LineageView, string[]> = {
  full: ["reads", "writes"],
  datasets: ["derives"],
};

interface FoundRow {
  id: number;
  depth: number;
  kind: string;
  namespace: string;
  name: string;
  domain: string | null;
  product_domain: string | null;
  product_name: string | null;
  product_status: string | null;
}

const NODE_COLUMNS = `n.id, n.kind, n.namespace, n.name, n.domain,
  p.domain AS product_domain, p.name AS product_name, p.status::text AS product_status`;
const NODE_JOINS = `LEFT JOIN dataset_product_links l ON l.dataset_id = n.id
  LEFT JOIN data_products p ON p.id = l.product_id`;

/** Where a walk starts: a reported node by name, or a product's datasets. */
export type WalkStart =
  { kind: "dataset" | "job"; namespace: string; name: string } | { productId: string };

/** The start as a relation `start(id)` and its parameters, numbered from `first`. */
function startSql(start: WalkStart, first: number): { sql: string; params: unknown[] } {
  if ("productId" in start)
    return {
      sql: `SELECT dataset_id FROM dataset_product_links WHERE product_id = $${first}`,
      params: [start.productId],
    };
  return {
    sql: `SELECT id FROM lineage_nodes
      WHERE kind = $${first} AND namespace = $${first + 1} AND name = $${first + 2}`,
    params: [start.kind, start.namespace, start.name],
  };
}

interface WalkRow {
  /** The start's node ids, ascending (empty when it names nothing). */
  start: number[];
  /** The nodes kept (at most MAX_NODES, the nearest first), ordered by id. */
  nodes: FoundRow[];
  truncated: boolean;
  edges: { source_id: number; target_id: number; kind: "reads" | "writes" | "derives" }[];
  products: ProductRow[];
}

/**
 * The whole read in one statement: the start, both walks, the nearest depth of each node
 * (negative upstream; a tie goes upstream), the MAX_NODES nearest nodes with their descriptions,
 * the edges between them, and the products the declared inputs are drawn from (declared.ts).
 */
async function walk(
  db: Db,
  start: WalkStart,
  direction: LineageDirection,
  depth: number,
  kinds: string[],
): Promise<WalkRow> {
  const from = startSql(start, 6);
  const [row] = await db.$queryRawUnsafe<WalkRow[]>(
    `WITH RECURSIVE
       start(id) AS (${from.sql}),
       up(id, depth) AS (
         SELECT id, 0 FROM start
         UNION
         SELECT e.source_id, u.depth + 1 FROM up u
         JOIN lineage_edges e ON e.target_id = u.id AND e.kind = ANY($2::text[])
         WHERE u.depth < $1 AND $4::boolean
       ),
       down(id, depth) AS (
         SELECT id, 0 FROM start
         UNION
         SELECT e.target_id, d.depth + 1 FROM down d
         JOIN lineage_edges e ON e.source_id = d.id AND e.kind = ANY($2::text[])
         WHERE d.depth < $1 AND $5::boolean
       ),
       found AS (
         SELECT DISTINCT ON (id) id, depth FROM (
           SELECT id, -min(depth) AS depth FROM up GROUP BY id
           UNION ALL
           SELECT id, min(depth) AS depth FROM down GROUP BY id
         ) both_ways
         ORDER BY id, abs(depth), depth
       ),
       kept AS (SELECT id, depth FROM found ORDER BY abs(depth), id LIMIT $3 + 1),
       shown AS (SELECT id, depth FROM kept ORDER BY abs(depth), id LIMIT $3),
       described AS (
         SELECT k.depth::int AS depth, ${NODE_COLUMNS}, p.id AS product_id
         FROM shown k JOIN lineage_nodes n ON n.id = k.id ${NODE_JOINS}
       )
     SELECT
       (SELECT coalesce(array_agg(id ORDER BY id), '{}') FROM start) AS start,
       (SELECT count(*) > $3 FROM kept) AS truncated,
       (SELECT coalesce(json_agg(json_build_object('id', id, 'depth', depth, 'kind', kind,
          'namespace', namespace, 'name', name, 'domain', domain, 'product_domain', product_domain,
          'product_name', product_name, 'product_status', product_status) ORDER BY id), '[]')
        FROM described) AS nodes,
       (SELECT coalesce(json_agg(json_build_object('source_id', e.source_id,
          'target_id', e.target_id, 'kind', e.kind) ORDER BY e.source_id, e.target_id, e.kind), '[]')
        FROM lineage_edges e JOIN shown s ON s.id = e.source_id JOIN shown t ON t.id = e.target_id
        WHERE e.kind = ANY($2::text[])) AS edges,
       ${graphProductsSql("described")} AS products`,
    depth,
    kinds,
    MAX_NODES,
    direction !== "downstream",
    direction !== "upstream",
    ...from.params,
  );
  if (row === undefined) throw new Error("the lineage walk returned no row");
  return row;
}

export async function describeNodes(db: Db, ids: number[]) {
  return db.$queryRawUnsafe<Omit<FoundRow, "depth">[]>(
    `SELECT ${NODE_COLUMNS} FROM lineage_nodes n ${NODE_JOINS}
     WHERE n.id = ANY($1::int[]) ORDER BY n.id`,
    ids,
  );
}

/** The product a node belongs to, as the viewer may know it: domain/name, or null. */
function productOf(scope: ProductScope, node: Omit<FoundRow, "depth">): string | null {
  const { product_domain: domain, product_name: name, product_status: status } = node;
  if (domain === null || name === null || status === null) return null;
  return productInScope(scope, { domain, status }) ? `${domain}/${name}` : null;
}

/** domain/name of the product a node is linked to, when the viewer may know it; else null. */
export async function describeNodeProduct(
  db: Db,
  scope: ProductScope,
  id: number,
): Promise<string | null> {
  const [node] = await describeNodes(db, [id]);
  return node === undefined ? null : productOf(scope, node);
}

/** The graph from `start` as `scope` may see it, and the start's node ids. */
export async function traverse(
  db: Db,
  scope: ProductScope,
  start: WalkStart,
  direction: LineageDirection,
  depth: number,
  view: LineageView,
): Promise<LineageGraph & { start: number[] }> {
  const kinds = EDGE_KINDS[view];
  const found = await walk(db, start, direction, depth, kinds);
  const nodes = found.truncated
    ? found.nodes.sort((a, b) => Math.abs(a.depth) - Math.abs(b.depth))
    : found.nodes;
  const observed: LineageGraph = {
    nodes: nodes.map((node) => {
      const product = productOf(scope, node);
      return {
        id: node.id,
        kind: node.kind === "job" ? "job" : "dataset",
        namespace: node.namespace,
        name: node.name,
        domain: product === null ? node.domain : node.product_domain,
        product,
        depth: node.depth,
      };
    }),
    edges: observedEdges(
      found.edges.map((edge) => ({
        source: edge.source_id,
        target: edge.target_id,
        kind: edge.kind,
      })),
    ),
    truncated: found.truncated,
  };
  const graph = withDeclaredInputs(scope, observed, found.products, direction, view);
  return { ...graph, start: found.start };
}

/** Products of `scope` that feed this product, as observed (declared.ts `observedInputPairs`). */
export async function observedInputs(
  db: Db,
  scope: ProductScope,
  product: { id: string },
): Promise<string[]> {
  return (await observedInputPairs(db, scope, [product.id])).map((pair) => pair.input);
}

/**
 * Where a column comes from (upstream) or goes to (downstream) through `column_lineage`, and the
 * facet's dataset-wide entries met on the way (`column_lineage_dataset`: an input field that
 * affects every column of a dataset, e.g. a JOIN key or a FILTER). Upstream, those are the
 * entries of every dataset the walk reaches; downstream, the datasets whose every column a field
 * of the walk affects. The walk does not continue through dataset-wide entries (every column of
 * the affected dataset would follow).
 */
export async function columnLineage(
  db: Db,
  datasetId: number,
  field: string,
  direction: "upstream" | "downstream",
  depth: number,
) {
  const [from, fromField, to, toField] =
    direction === "upstream"
      ? ["target_id", "target_field", "source_id", "source_field"]
      : ["source_id", "source_field", "target_id", "target_field"];
  const walk = `WITH RECURSIVE walk(dataset_id, field, depth) AS (
       SELECT $1::int, $2::text, 0
       UNION
       SELECT c.${to}, c.${toField}, w.depth + 1 FROM walk w
       JOIN column_lineage c ON c.${from} = w.dataset_id AND c.${fromField} = w.field
       WHERE w.depth < $3
     )`;
  const datasetWideJoin =
    direction === "upstream"
      ? "d.target_id = w.dataset_id"
      : "d.source_id = w.dataset_id AND d.source_field = w.field";
  const [rows, wide] = await Promise.all([
    db.$queryRawUnsafe<
      {
        target_id: number;
        target_field: string;
        source_id: number;
        source_field: string;
        transformation: unknown;
        depth: number;
      }[]
    >(
      `${walk}
     SELECT DISTINCT c.target_id, c.target_field, c.source_id, c.source_field, c.transformation, w.depth + 1 AS depth
     FROM walk w JOIN column_lineage c ON c.${from} = w.dataset_id AND c.${fromField} = w.field
     WHERE w.depth < $3
     ORDER BY depth, c.target_id, c.target_field, c.source_id, c.source_field`,
      datasetId,
      field,
      depth,
    ),
    db.$queryRawUnsafe<
      {
        target_id: number;
        source_id: number;
        source_field: string;
        transformation: unknown;
        depth: number;
      }[]
    >(
      `${walk}
     SELECT d.target_id, d.source_id, d.source_field, d.transformation, min(w.depth) + 1 AS depth
     FROM walk w JOIN column_lineage_dataset d ON ${datasetWideJoin}
     WHERE w.depth < $3
     GROUP BY d.target_id, d.source_id, d.source_field, d.transformation
     ORDER BY depth, d.target_id, d.source_id, d.source_field`,
      datasetId,
      field,
      depth,
    ),
  ]);
  const ids = [
    ...new Set(
      [...rows, ...wide].flatMap((row) => [row.target_id, row.source_id]).concat(datasetId),
    ),
  ];
  const names = new Map((await describeNodes(db, ids)).map((node) => [node.id, node]));
  const dataset = (id: number) => ({
    namespace: names.get(id)?.namespace ?? "",
    name: names.get(id)?.name ?? "",
  });
  const ref = (id: number, column: string) => ({ ...dataset(id), field: column });
  return {
    edges: rows.map((row) => ({
      from: ref(row.source_id, row.source_field),
      to: ref(row.target_id, row.target_field),
      depth: row.depth,
      transformation: row.transformation ?? null,
    })),
    datasetWide: wide.map((row) => ({
      from: ref(row.source_id, row.source_field),
      to: dataset(row.target_id),
      depth: row.depth,
      transformation: row.transformation ?? null,
    })),
  };
}
