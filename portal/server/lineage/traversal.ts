import "server-only";
/**
 * Depth-limited walks of the lineage graph: one recursive CTE over lineage_edges, following
 * target → source (upstream, index on target_id) or source → target (downstream, primary key),
 * then one query for the nodes found and one for the edges between them. Depth counts edges:
 * in the full view dataset → job → dataset is two steps, in the datasets view one.
 */
import type { Db } from "../db";
import type { LineageDirection, LineageGraph, LineageView } from "../../shared/lineage/api-schemas";

export const MAX_NODES = 2000;

const EDGE_KINDS: Record<LineageView, string[]> = {
  full: ["reads", "writes"],
  datasets: ["derives"],
};

async function walk(
  db: Db,
  start: number[],
  direction: "upstream" | "downstream",
  depth: number,
  kinds: string[],
): Promise<Map<number, number>> {
  const [from, to] =
    direction === "upstream" ? ["target_id", "source_id"] : ["source_id", "target_id"];
  const rows = await db.$queryRawUnsafe<{ id: number; depth: number }[]>(
    `WITH RECURSIVE walk(id, depth) AS (
       SELECT unnest($1::int[]), 0
       UNION
       SELECT e.${to}, w.depth + 1 FROM walk w
       JOIN lineage_edges e ON e.${from} = w.id AND e.kind = ANY($3::text[])
       WHERE w.depth < $2
     )
     SELECT id, min(depth)::int AS depth FROM walk GROUP BY id ORDER BY 2, 1 LIMIT $4`,
    start,
    depth,
    kinds,
    MAX_NODES + 1,
  );
  return new Map(rows.map((row) => [row.id, row.depth]));
}

interface NodeRow {
  id: number;
  kind: string;
  namespace: string;
  name: string;
  domain: string | null;
  product_domain: string | null;
  product_name: string | null;
  link_source: string | null;
}

export async function describeNodes(db: Db, ids: number[]) {
  return db.$queryRawUnsafe<NodeRow[]>(
    `SELECT n.id, n.kind, n.namespace, n.name, n.domain,
            p.domain AS product_domain, p.name AS product_name, l.source AS link_source
     FROM lineage_nodes n
     LEFT JOIN dataset_product_links l ON l.dataset_id = n.id
     LEFT JOIN data_products p ON p.id = l.product_id
     WHERE n.id = ANY($1::int[]) ORDER BY n.id`,
    ids,
  );
}

export async function traverse(
  db: Db,
  start: number[],
  direction: LineageDirection,
  depth: number,
  view: LineageView,
): Promise<LineageGraph> {
  const kinds = EDGE_KINDS[view];
  const up =
    direction === "downstream"
      ? new Map<number, number>()
      : await walk(db, start, "upstream", depth, kinds);
  const down =
    direction === "upstream"
      ? new Map<number, number>()
      : await walk(db, start, "downstream", depth, kinds);
  const depths = new Map<number, number>(start.map((id) => [id, 0]));
  for (const [id, d] of up) depths.set(id, -d === 0 ? 0 : -d);
  for (const [id, d] of down)
    if (!depths.has(id) || d < Math.abs(depths.get(id) ?? 0)) depths.set(id, d);
  const truncated = depths.size > MAX_NODES;
  const ids = [...depths.keys()].slice(0, MAX_NODES);
  const [nodes, edges] = await Promise.all([
    describeNodes(db, ids),
    db.$queryRawUnsafe<{ source_id: number; target_id: number; kind: string }[]>(
      `SELECT source_id, target_id, kind FROM lineage_edges
       WHERE source_id = ANY($1::int[]) AND target_id = ANY($1::int[]) AND kind = ANY($2::text[])
       ORDER BY source_id, target_id`,
      ids,
      kinds,
    ),
  ]);
  return {
    nodes: nodes.map((node) => ({
      id: node.id,
      kind: node.kind === "job" ? "job" : "dataset",
      namespace: node.namespace,
      name: node.name,
      domain: node.product_domain ?? node.domain,
      product:
        node.product_domain === null || node.product_name === null
          ? null
          : `${node.product_domain}/${node.product_name}`,
      depth: depths.get(node.id) ?? 0,
    })),
    edges: edges.map((edge) => ({
      source: edge.source_id,
      target: edge.target_id,
      kind: edge.kind,
    })),
    truncated,
  };
}

/** Products whose datasets are read by the jobs that write this product's datasets. */
export async function observedInputs(db: Db, productId: string): Promise<string[]> {
  const rows = await db.$queryRawUnsafe<{ ref: string }[]>(
    `SELECT DISTINCT p.domain || '/' || p.name AS ref
     FROM dataset_product_links mine
     JOIN lineage_edges w ON w.target_id = mine.dataset_id AND w.kind = 'writes'
     JOIN lineage_edges r ON r.target_id = w.source_id AND r.kind = 'reads'
     JOIN dataset_product_links theirs ON theirs.dataset_id = r.source_id
     JOIN data_products p ON p.id = theirs.product_id
     WHERE mine.product_id = $1 AND theirs.product_id <> $1
     ORDER BY 1`,
    productId,
  );
  return rows.map((row) => row.ref);
}

export async function productDatasetIds(db: Db, productId: string): Promise<number[]> {
  const links = await db.datasetProductLink.findMany({
    where: { productId },
    select: { datasetId: true },
    orderBy: { datasetId: "asc" },
  });
  return links.map((link) => link.datasetId);
}

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
  const rows = await db.$queryRawUnsafe<
    {
      target_id: number;
      target_field: string;
      source_id: number;
      source_field: string;
      transformation: unknown;
      depth: number;
    }[]
  >(
    `WITH RECURSIVE walk(dataset_id, field, depth) AS (
       SELECT $1::int, $2::text, 0
       UNION
       SELECT c.${to}, c.${toField}, w.depth + 1 FROM walk w
       JOIN column_lineage c ON c.${from} = w.dataset_id AND c.${fromField} = w.field
       WHERE w.depth < $3
     )
     SELECT DISTINCT c.target_id, c.target_field, c.source_id, c.source_field, c.transformation, w.depth + 1 AS depth
     FROM walk w JOIN column_lineage c ON c.${from} = w.dataset_id AND c.${fromField} = w.field
     WHERE w.depth < $3
     ORDER BY depth, c.target_id, c.target_field, c.source_id, c.source_field`,
    datasetId,
    field,
    depth,
  );
  const ids = [...new Set(rows.flatMap((row) => [row.target_id, row.source_id]).concat(datasetId))];
  const names = new Map((await describeNodes(db, ids)).map((node) => [node.id, node]));
  const ref = (id: number, column: string) => ({
    namespace: names.get(id)?.namespace ?? "",
    name: names.get(id)?.name ?? "",
    field: column,
  });
  return rows.map((row) => ({
    from: ref(row.source_id, row.source_field),
    to: ref(row.target_id, row.target_field),
    depth: row.depth,
    transformation: row.transformation ?? null,
  }));
}
