import "server-only";
/**
 * Dataset ↔ data product links. Automatic ones come from the products' outputs (storage URI and
 * catalog table, matched by shared/lineage/naming.ts) when a dataset is first seen and when
 * `relinkDatasets` runs (after products are registered); manual ones are set in the portal and
 * never replaced by automatic ones. Who may set or remove a manual link is authz.ts's to say
 * (`canLinkDataset`, `canUnlinkDataset`), from the dataset's ownership read here.
 */
import { DataProductOutputs } from "#contract";
import {
  datasetKeys,
  datasetMatchesProduct,
  locationPrefixes,
  productKeys,
} from "../../shared/lineage/naming";
import type { Db } from "#db/client";
import type { Audit } from "#workflow/audit";
import type { DatasetOwnership } from "../authz";
import { NotFoundError } from "../problems";

interface DatasetNode {
  id: number;
  namespace: string;
  name: string;
}

interface Candidate {
  id: string;
  domain: string;
  outputs: unknown;
}

async function candidateProducts(db: Db, datasets: readonly DatasetNode[]): Promise<Candidate[]> {
  const keys = datasets.map((dataset) => datasetKeys(dataset.namespace, dataset.name));
  const locations = [
    ...new Set(keys.flatMap((k) => (k.location ? locationPrefixes(k.location) : []))),
  ];
  const catalogs = [...new Set(keys.flatMap((k) => (k.catalog ? [k.catalog] : [])))];
  if (locations.length === 0 && catalogs.length === 0) return [];
  return db.$queryRawUnsafe<Candidate[]>(
    `SELECT id, domain, outputs FROM data_products
     WHERE outputs IS NOT NULL AND status <> 'decommissioned' AND (
       rtrim(regexp_replace(outputs->>'storageUri', '^s3[an]://', 's3://'), '/') = ANY($1::text[])
       OR lower(outputs->'catalog'->>'kind') || ':' || (CASE WHEN outputs->'catalog'->>'kind' = 'glue'
            THEN lower((outputs->'catalog'->>'database') || '.' || (outputs->'catalog'->>'table'))
            ELSE (outputs->'catalog'->>'database') || '.' || (outputs->'catalog'->>'table') END)
          = ANY($2::text[]))`,
    locations,
    catalogs,
  );
}

/** The product a dataset belongs to: the catalog match, else the longest storage prefix. */
export function bestProduct<C extends Omit<Candidate, "domain">>(
  dataset: Omit<DatasetNode, "id">,
  candidates: readonly C[],
): C | undefined {
  const keys = datasetKeys(dataset.namespace, dataset.name);
  let best: { candidate: C; score: number } | undefined;
  for (const candidate of candidates) {
    const outputs = DataProductOutputs.safeParse(candidate.outputs);
    if (!outputs.success || !datasetMatchesProduct(keys, outputs.data)) continue;
    const product = productKeys(outputs.data);
    const catalogMatch = keys.catalog !== undefined && keys.catalog === product.catalog;
    const score = catalogMatch ? Number.MAX_SAFE_INTEGER : product.location.length;
    if (best === undefined || score > best.score) best = { candidate, score };
  }
  return best?.candidate;
}

export async function linkNewDatasets(db: Db, datasets: readonly DatasetNode[]): Promise<number> {
  if (datasets.length === 0) return 0;
  const candidates = await candidateProducts(db, datasets);
  if (candidates.length === 0) return 0;
  const links = datasets.flatMap((dataset) => {
    const product = bestProduct(dataset, candidates);
    return product === undefined ? [] : [{ dataset: dataset.id, product: product.id }];
  });
  if (links.length === 0) return 0;
  return db.$executeRawUnsafe(
    `INSERT INTO dataset_product_links (dataset_id, product_id, source)
     SELECT r.dataset, r.product, 'automatic' FROM jsonb_to_recordset($1::jsonb) AS r(dataset int, product text)
     ON CONFLICT (dataset_id) DO NOTHING`,
    JSON.stringify(links),
  );
}

/** Links datasets seen before their product was registered; returns how many it linked. */
export async function relinkDatasets(db: Db): Promise<number> {
  const unlinked = await db.$queryRawUnsafe<DatasetNode[]>(
    `SELECT n.id, n.namespace, n.name FROM lineage_nodes n
     WHERE n.kind = 'dataset' AND NOT EXISTS (SELECT 1 FROM dataset_product_links l WHERE l.dataset_id = n.id)
     ORDER BY n.id LIMIT 5000`,
  );
  return linkNewDatasets(db, unlinked);
}

export async function datasetIdOrThrow(db: Db, namespace: string, name: string): Promise<number> {
  const node = await db.lineageNode.findUnique({
    where: { kind_namespace_name: { kind: "dataset", namespace, name } },
    select: { id: true },
  });
  if (node === null) throw new NotFoundError(`no dataset ${namespace}:${name} has been reported`);
  return node.id;
}

/** A dataset as a manual link sees it: its current link and the product its name matches. */
export async function datasetOwnership(db: Db, dataset: { namespace: string; name: string }) {
  const datasetId = await datasetIdOrThrow(db, dataset.namespace, dataset.name);
  const [link, candidates] = await Promise.all([
    db.datasetProductLink.findUnique({
      where: { datasetId },
      include: { product: { select: { domain: true, name: true } } },
    }),
    candidateProducts(db, [{ id: datasetId, ...dataset }]),
  ]);
  const matched = bestProduct(dataset, candidates);
  const ownership: DatasetOwnership = {
    linked: link === null ? null : { domain: link.product.domain },
    matched: matched === undefined ? null : { domain: matched.domain },
  };
  return { datasetId, link, ...ownership };
}
type DatasetWithOwnership = Awaited<ReturnType<typeof datasetOwnership>>;

/** Links the dataset to the product by hand, replacing its link (the caller may: authz.ts). */
export async function setManualLink(
  db: Db,
  dataset: DatasetWithOwnership & { namespace: string; name: string },
  product: { id: string; domain: string; name: string },
  userId: string,
  audit: Audit,
): Promise<void> {
  const { datasetId, link: before } = dataset;
  await db.datasetProductLink.upsert({
    where: { datasetId },
    create: { datasetId, productId: product.id, source: "manual", createdById: userId },
    update: { productId: product.id, source: "manual", createdById: userId, createdAt: new Date() },
  });
  await audit({
    action: "dataset-link.set",
    entityType: "dataset-link",
    entityId: `${dataset.namespace}:${dataset.name}`,
    before: before === null ? undefined : { productId: before.productId, source: before.source },
    after: { datasetId, product: `${product.domain}/${product.name}`, source: "manual" },
  });
}

/** Removes the dataset's link, manual or automatic (the caller may: authz.ts). */
export async function removeLink(
  db: Db,
  dataset: DatasetWithOwnership & { namespace: string; name: string },
  audit: Audit,
): Promise<void> {
  const { datasetId, link: before } = dataset;
  if (before === null)
    throw new NotFoundError(`dataset ${dataset.namespace}:${dataset.name} is not linked`);
  await db.datasetProductLink.delete({ where: { datasetId } });
  await audit({
    action: "dataset-link.removed",
    entityType: "dataset-link",
    entityId: `${dataset.namespace}:${dataset.name}`,
    before: { productId: before.productId, source: before.source },
  });
}
