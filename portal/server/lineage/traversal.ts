import "server-only";
/**
 * Depth-limited walks of the lineage graph: one recursive CTE over lineage_edges, following
 * target → source (upstream, index on target_id) or source → target (downstream, primary key),
 * then one query for the nodes found and one for the edges between them. Depth counts edges:
 * in the full view dataset → job → dataset is two steps, in the datasets view one. A dataset
 * linked to a product outside the viewer's scope is shown as a dataset of no product.
 */
import type { Db } from "#db/client";
import { productInScope, type ProductScope } from "../authz";
import { observedEdges, observedInputPairs, withDeclaredInputs } from "./declared";
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

/**
 * Both walks, the nearest depth of each node (negative upstream; a tie goes upstream) and the
 * nodes' descriptions in one statement.
 */
async function walk(
  db: Db,
  start: number[],
  direction: LineageDirection,
  depth: number,
  kinds: string[],
): Promise<FoundRow[]> {
  return db.$queryRawUnsafe<FoundRow[]>(
    `WITH RECURSIVE
       up(id, depth) AS (
         SELECT unnest($1::int[]), 0
         UNION
         SELECT e.source_id, u.depth + 1 FROM up u
         JOIN lineage_edges e ON e.target_id = u.id AND e.kind = ANY($3::text[])
         WHERE u.depth < $2 AND $5::boolean
       ),
       down(id, depth) AS (
         SELECT unnest($1::int[]), 0
         UNION
         SELECT e.target_id, d.depth + 1 FROM down d
         JOIN lineage_edges e ON e.source_id = d.id AND e.kind = ANY($3::text[])
         WHERE d.depth < $2 AND $6::boolean
       ),
       found AS (
         SELECT DISTINCT ON (id) id, depth FROM (
           SELECT id, -min(depth) AS depth FROM up GROUP BY id
           UNION ALL
           SELECT id, min(depth) AS depth FROM down GROUP BY id
         ) both_ways
         ORDER BY id, abs(depth), depth
       ),
       kept AS (SELECT id, depth FROM found ORDER BY abs(depth), id LIMIT $4)
     SELECT k.depth::int AS depth, ${NODE_COLUMNS}
     FROM kept k JOIN lineage_nodes n ON n.id = k.id ${NODE_JOINS}
     ORDER BY n.id`,
    start,
    depth,
    kinds,
    MAX_NODES + 1,
    direction !== "downstream",
    direction !== "upstream",
  );
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

export async function traverse(
  db: Db,
  scope: ProductScope,
  start: number[],
  direction: LineageDirection,
  depth: number,
  view: LineageView,
): Promise<LineageGraph> {
  const kinds = EDGE_KINDS[view];
  const found = await walk(db, start, direction, depth, kinds);
  const truncated = found.length > MAX_NODES;
  const nodes = truncated
    ? found.sort((a, b) => Math.abs(a.depth) - Math.abs(b.depth)).slice(0, MAX_NODES)
    : found;
  const ids = nodes.map((node) => node.id);
  const edges = await db.$queryRawUnsafe<
    { source_id: number; target_id: number; kind: "reads" | "writes" | "derives" }[]
  >(
    `SELECT source_id, target_id, kind FROM lineage_edges
     WHERE source_id = ANY($1::int[]) AND target_id = ANY($1::int[]) AND kind = ANY($2::text[])
     ORDER BY source_id, target_id`,
    ids,
    kinds,
  );
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
      edges.map((edge) => ({ source: edge.source_id, target: edge.target_id, kind: edge.kind })),
    ),
    truncated,
  };
  return withDeclaredInputs(db, scope, observed, direction, view);
}

/** Products of `scope` that feed this product, as observed (declared.ts `observedInputPairs`). */
export async function observedInputs(
  db: Db,
  scope: ProductScope,
  product: { id: string },
): Promise<string[]> {
  return (await observedInputPairs(db, scope, [product.id])).map((pair) => pair.input);
}

export async function productDatasetIds(db: Db, productId: string): Promise<number[]> {
  const links = await db.datasetProductLink.findMany({
    where: { productId },
    select: { datasetId: true },
    orderBy: { datasetId: "asc" },
  });
  return links.map((link) => link.datasetId);
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
