-- CreateTable
CREATE TABLE "column_lineage_dataset" (
    "target_id" INTEGER NOT NULL,
    "source_id" INTEGER NOT NULL,
    "source_field" TEXT NOT NULL,
    "transformation" JSONB,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "column_lineage_dataset_pkey" PRIMARY KEY ("target_id","source_id","source_field")
);

-- CreateIndex
CREATE INDEX "column_lineage_dataset_source_id_source_field_idx" ON "column_lineage_dataset"("source_id", "source_field");

-- Backfill: the `dataset` entries of the columnLineage facets of events already projected (the
-- projector dropped them before this table existed; the raw events kept them). The newest entry
-- per (output, input field) wins, as in the projector; the output facet overrides the dataset
-- facet of the same name, as in the projector.
INSERT INTO "column_lineage_dataset" ("target_id", "source_id", "source_field", "transformation", "last_seen_at")
SELECT DISTINCT ON (t.id, s.id, f.value->>'field')
       t.id, s.id, f.value->>'field', f.value->'transformations', e.event_time
FROM "lineage_events" e
CROSS JOIN LATERAL jsonb_array_elements(
  CASE WHEN jsonb_typeof(e.payload->'outputs') = 'array' THEN e.payload->'outputs' ELSE '[]'::jsonb END
) AS o(value)
CROSS JOIN LATERAL (
  SELECT COALESCE(o.value->'outputFacets'->'columnLineage', o.value->'facets'->'columnLineage') AS facet
) AS c
CROSS JOIN LATERAL jsonb_array_elements(
  CASE WHEN jsonb_typeof(c.facet->'dataset') = 'array' THEN c.facet->'dataset' ELSE '[]'::jsonb END
) AS f(value)
JOIN "lineage_nodes" t
  ON t.kind = 'dataset' AND t.namespace = o.value->>'namespace' AND t.name = o.value->>'name'
JOIN "lineage_nodes" s
  ON s.kind = 'dataset' AND s.namespace = f.value->>'namespace' AND s.name = f.value->>'name'
WHERE e.projected_at IS NOT NULL AND f.value->>'field' IS NOT NULL
ORDER BY t.id, s.id, f.value->>'field', e.event_time DESC
ON CONFLICT DO NOTHING;
