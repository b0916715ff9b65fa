-- AlterTable
ALTER TABLE "data_products" ADD COLUMN     "search" tsvector;

-- CreateIndex
CREATE INDEX "data_products_search_idx" ON "data_products" USING GIN ("search");

-- CreateIndex
CREATE INDEX "data_products_inputs_idx" ON "data_products" USING GIN ("inputs");
