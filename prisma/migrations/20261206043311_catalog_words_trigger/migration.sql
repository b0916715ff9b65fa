-- The catalog's vocabulary (catalog_words): every lexeme of data_products.search with the number
-- of products whose document holds it, kept by triggers so every writer maintains it (as the
-- search document itself, migration catalog_search_trigger). Typo tolerance looks up close words
-- here (portal/server/catalog-search.ts). Hand-written: Prisma's schema language has no triggers.

-- One ordered upsert of the differences (+1 new word, -1 gone word): concurrent writers lock the
-- words they share in the same order. Words no product holds any more are removed.
CREATE FUNCTION "data_products_words"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  old_words TEXT[] := '{}';
  new_words TEXT[] := '{}';
BEGIN
  IF TG_OP <> 'INSERT' AND OLD."search" IS NOT NULL THEN
    old_words := tsvector_to_array(OLD."search");
  END IF;
  IF TG_OP <> 'DELETE' AND NEW."search" IS NOT NULL THEN
    new_words := tsvector_to_array(NEW."search");
  END IF;
  INSERT INTO "catalog_words" ("word", "products")
    SELECT change.word, sum(change.delta)::int
    FROM (SELECT unnest(new_words), 1 UNION ALL SELECT unnest(old_words), -1) AS change(word, delta)
    GROUP BY change.word HAVING sum(change.delta) <> 0
    ORDER BY change.word
  ON CONFLICT ("word") DO UPDATE SET "products" = "catalog_words"."products" + EXCLUDED."products";
  DELETE FROM "catalog_words" WHERE "word" = ANY(old_words) AND "products" <= 0;
  RETURN NULL;
END
$$;

CREATE TRIGGER "data_products_words_insert_delete"
AFTER INSERT OR DELETE ON "data_products"
FOR EACH ROW EXECUTE FUNCTION "data_products_words"();

CREATE TRIGGER "data_products_words_update"
AFTER UPDATE ON "data_products"
FOR EACH ROW WHEN (OLD."search" IS DISTINCT FROM NEW."search")
EXECUTE FUNCTION "data_products_words"();

-- Products that existed before this migration.
INSERT INTO "catalog_words" ("word", "products")
  SELECT word, count(*)::int FROM "data_products", unnest(tsvector_to_array("search")) AS word
  GROUP BY word;

-- The SLA statuses recorded so far (the newest of each check), copied as recordSla does now.
UPDATE "data_products" p SET "sla_status" = e."status"
  FROM (SELECT DISTINCT ON ("product_id") "product_id", "status" FROM "sla_evaluations"
        WHERE "check" = 'overall' ORDER BY "product_id", "evaluated_at" DESC, "id" DESC) e
  WHERE e."product_id" = p."id";
UPDATE "data_products" p SET "freshness_status" = e."status"
  FROM (SELECT DISTINCT ON ("product_id") "product_id", "status" FROM "sla_evaluations"
        WHERE "check" = 'freshness' ORDER BY "product_id", "evaluated_at" DESC, "id" DESC) e
  WHERE e."product_id" = p."id";
