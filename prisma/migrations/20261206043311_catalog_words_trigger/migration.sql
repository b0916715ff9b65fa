-- The catalog's vocabulary (catalog_words): every lexeme of data_products.search with the number
-- of products whose document holds it, kept by triggers so every writer maintains it (as the
-- search document itself, migration catalog_search_trigger). Typo tolerance looks up close words
-- here (portal/server/catalog-search.ts). Hand-written: Prisma's schema language has no triggers.

-- Statement-level triggers with transition tables: one ordered upsert of the differences (+1 a
-- new word of a product, -1 a gone one) per statement, however many rows it wrote. (A row-level
-- trigger upserting the same common words once per row made a 10,000-row INSERT … SELECT 50
-- times slower: each update of a word row in one transaction walks the versions it left.)
-- Concurrent writers lock the words they share in the same order; words no product holds any
-- more are removed. Only rows whose search document changed count on UPDATE.
CREATE FUNCTION "catalog_words_apply"(added TEXT[], removed TEXT[]) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO "catalog_words" ("word", "products")
    SELECT change.word, sum(change.delta)::int
    FROM (SELECT unnest(added), 1 UNION ALL SELECT unnest(removed), -1) AS change(word, delta)
    GROUP BY change.word HAVING sum(change.delta) <> 0
    ORDER BY change.word
  ON CONFLICT ("word") DO UPDATE SET "products" = "catalog_words"."products" + EXCLUDED."products";
  DELETE FROM "catalog_words" WHERE "word" = ANY(removed) AND "products" <= 0;
$$;

CREATE FUNCTION "data_products_words"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  added TEXT[];
  removed TEXT[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(word) INTO added
      FROM new_rows n, unnest(tsvector_to_array(n."search")) AS word;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(word) INTO removed
      FROM old_rows o, unnest(tsvector_to_array(o."search")) AS word;
  ELSE
    SELECT array_agg(word) INTO added
      FROM new_rows n JOIN old_rows o ON o."id" = n."id",
        unnest(tsvector_to_array(n."search")) AS word
      WHERE o."search" IS DISTINCT FROM n."search";
    SELECT array_agg(word) INTO removed
      FROM old_rows o JOIN new_rows n ON n."id" = o."id",
        unnest(tsvector_to_array(o."search")) AS word
      WHERE o."search" IS DISTINCT FROM n."search";
  END IF;
  IF added IS NOT NULL OR removed IS NOT NULL THEN
    PERFORM "catalog_words_apply"(coalesce(added, '{}'), coalesce(removed, '{}'));
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "data_products_words_insert"
AFTER INSERT ON "data_products" REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION "data_products_words"();

CREATE TRIGGER "data_products_words_update"
AFTER UPDATE ON "data_products" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION "data_products_words"();

CREATE TRIGGER "data_products_words_delete"
AFTER DELETE ON "data_products" REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION "data_products_words"();

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
