-- Catalog typo tolerance (portal/server/catalog-search.ts): trigram similarity from pg_trgm, a
-- contrib extension PostgreSQL ships and trusts (a database owner may create it) and PGlite loads
-- (db/embedded.ts). Hand-written: the schema language does not declare extensions here.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
