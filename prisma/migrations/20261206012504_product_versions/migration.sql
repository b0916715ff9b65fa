-- CreateTable
CREATE TABLE "request_submissions" (
    "id" TEXT NOT NULL,
    "request_id" TEXT NOT NULL,
    "spec" JSONB NOT NULL,
    "live_version" TEXT,
    "version" TEXT NOT NULL,
    "changes" JSONB NOT NULL DEFAULT '[]',
    "severity" TEXT,
    "submitted_by_id" TEXT,
    "submitted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "request_submissions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "product_versions" (
    "id" TEXT NOT NULL,
    "product_id" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "spec" JSONB NOT NULL,
    "deployment_id" TEXT,
    "request_id" TEXT,
    "deployed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "product_versions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "request_submissions_request_id_submitted_at_idx" ON "request_submissions"("request_id", "submitted_at");

-- CreateIndex
CREATE INDEX "product_versions_product_id_deployed_at_idx" ON "product_versions"("product_id", "deployed_at");

-- CreateIndex
CREATE UNIQUE INDEX "product_versions_product_id_version_key" ON "product_versions"("product_id", "version");

-- AddForeignKey
ALTER TABLE "request_submissions" ADD CONSTRAINT "request_submissions_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "product_requests"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "request_submissions" ADD CONSTRAINT "request_submissions_submitted_by_id_fkey" FOREIGN KEY ("submitted_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "product_versions" ADD CONSTRAINT "product_versions_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "data_products"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Backfill (hand-written): every product live now has run its current spec, its first recorded
-- version: the spec's own version when it names one, else 1.0.0. Its columns carry no ids yet,
-- so they are the ids the table was created with (contract/column-ids.ts `withColumnIds`).
INSERT INTO "product_versions" ("id", "product_id", "version", "spec", "deployed_at")
SELECT gen_random_uuid()::text,
       "id",
       CASE WHEN "spec"->>'version' ~ '^(0|[1-9][0-9]{0,8})\.(0|[1-9][0-9]{0,8})\.(0|[1-9][0-9]{0,8})$'
            THEN "spec"->>'version' ELSE '1.0.0' END,
       "spec",
       "updated_at"
FROM "data_products"
WHERE "status" = 'live';
