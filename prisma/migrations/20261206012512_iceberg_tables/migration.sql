-- CreateTable
CREATE TABLE "iceberg_tables" (
    "id" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "product_id" TEXT NOT NULL,
    "metadata_location" TEXT NOT NULL,
    "metadata" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "iceberg_tables_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "iceberg_tables_product_id_idx" ON "iceberg_tables"("product_id");

-- CreateIndex
CREATE UNIQUE INDEX "iceberg_tables_namespace_name_key" ON "iceberg_tables"("namespace", "name");

-- AddForeignKey
ALTER TABLE "iceberg_tables" ADD CONSTRAINT "iceberg_tables_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "data_products"("id") ON DELETE RESTRICT ON UPDATE RESTRICT;
