-- Catalog search (portal/server/catalog-search.ts): each product's weighted full-text document,
-- kept current by a trigger so that every writer (the seed, the catalog endpoint, the automation
-- worker, raw SQL) maintains it. Prisma's schema language has no triggers, so this migration is
-- hand-written; `db:new-migration` diffs ignore it.

-- Words are runs of letters and digits, as the portal splits a query (portal/server/search-text.ts):
-- "cc-5200" and "card_token" are indexed and matched word by word.
CREATE FUNCTION "meshplane_search_words"(input TEXT) RETURNS TEXT
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT lower(regexp_replace(coalesce(input, ''), '[^[:alnum:]]+', ' ', 'g'))
$$;

-- Weights: A identity (domain, name, display name); B owner team, tier, classification, cloud,
-- tags, column names and docs; C description.
CREATE FUNCTION "data_products_search_document"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW."search" :=
    setweight(to_tsvector('simple', "meshplane_search_words"(
      concat_ws(' ', NEW."domain", NEW."name", NEW."display_name"))), 'A') ||
    setweight(to_tsvector('simple', "meshplane_search_words"(concat_ws(' ',
      NEW."owner_team", NEW."tier"::text, NEW."classification"::text, NEW."cloud"::text,
      (SELECT string_agg(key || ' ' || value, ' ')
         FROM jsonb_each_text(CASE WHEN jsonb_typeof(NEW."tags") = 'object'
                                   THEN NEW."tags" ELSE '{}'::jsonb END)),
      (SELECT string_agg(concat_ws(' ', col ->> 'name', col ->> 'doc'), ' ')
         FROM jsonb_array_elements(CASE WHEN jsonb_typeof(NEW."spec" -> 'table' -> 'columns') = 'array'
                                        THEN NEW."spec" -> 'table' -> 'columns' ELSE '[]'::jsonb END) AS col)
    ))), 'B') ||
    setweight(to_tsvector('simple', "meshplane_search_words"(NEW."description")), 'C');
  RETURN NEW;
END
$$;

CREATE TRIGGER "data_products_search"
BEFORE INSERT OR UPDATE OF "domain", "name", "display_name", "description", "owner_team", "tier",
  "classification", "cloud", "tags", "spec"
ON "data_products"
FOR EACH ROW EXECUTE FUNCTION "data_products_search_document"();

-- Products that existed before this migration.
UPDATE "data_products" SET "name" = "name";
