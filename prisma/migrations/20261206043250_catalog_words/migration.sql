-- AlterTable
ALTER TABLE "data_products" ADD COLUMN     "freshness_status" TEXT NOT NULL DEFAULT 'unknown',
ADD COLUMN     "sla_status" TEXT NOT NULL DEFAULT 'unknown';

-- CreateTable
CREATE TABLE "catalog_words" (
    "word" TEXT NOT NULL,
    "products" INTEGER NOT NULL,

    CONSTRAINT "catalog_words_pkey" PRIMARY KEY ("word")
);

-- CreateIndex
CREATE INDEX "catalog_words_trgm_idx" ON "catalog_words" USING GIN ("word" gin_trgm_ops);
