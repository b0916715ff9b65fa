-- Who reported each dataset version and each edge, so that what one domain's key reports about
-- another domain's product is kept but not counted (docs/lineage.md: Reports from other domains).

-- AlterTable
ALTER TABLE "dataset_versions" ADD COLUMN     "writer_domain" TEXT;

-- AlterTable
ALTER TABLE "lineage_edges" ADD COLUMN     "domains" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- A run's versions were written by the domain whose keys sent the run's events, when one did.
UPDATE "dataset_versions" v SET "writer_domain" = w."domain"
FROM (
  SELECT e."run_id", min(k."domain") AS "domain"
  FROM "lineage_events" e JOIN "lineage_api_keys" k ON k."id" = e."api_key_id"
  WHERE e."run_id" IS NOT NULL
  GROUP BY e."run_id"
  HAVING count(DISTINCT k."domain") = 1
) w
WHERE v."run_id" = w."run_id";

-- Other versions from before this migration (DatasetEvents, runs several domains reported), and
-- the edges into linked datasets, counted for the product their dataset is linked to: they keep
-- counting, so no SLA and no observed input changes on upgrade. The rest stay unattributed.
UPDATE "dataset_versions" v SET "writer_domain" = p."domain"
FROM "dataset_product_links" l JOIN "data_products" p ON p."id" = l."product_id"
WHERE v."writer_domain" IS NULL AND l."dataset_id" = v."dataset_id";

UPDATE "lineage_edges" e SET "domains" = ARRAY[p."domain"]
FROM "dataset_product_links" l JOIN "data_products" p ON p."id" = l."product_id"
WHERE e."kind" = 'writes' AND l."dataset_id" = e."target_id";
