-- CreateEnum
CREATE TYPE "access_grant_status" AS ENUM ('requested', 'approved', 'denied', 'revoked');

-- CreateTable
CREATE TABLE "access_grants" (
    "id" TEXT NOT NULL,
    "product_id" TEXT NOT NULL,
    "consumer" TEXT NOT NULL,
    "requested_by" TEXT NOT NULL,
    "classification" "classification" NOT NULL,
    "principal" JSONB NOT NULL,
    "purpose" TEXT NOT NULL,
    "ends_at" TIMESTAMPTZ(3),
    "status" "access_grant_status" NOT NULL DEFAULT 'requested',
    "approvals" JSONB NOT NULL DEFAULT '[]',
    "reason" TEXT,
    "decided_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "access_grants_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "access_grants_product_id_status_idx" ON "access_grants"("product_id", "status");

-- CreateIndex
CREATE INDEX "access_grants_consumer_status_idx" ON "access_grants"("consumer", "status");

-- AddForeignKey
ALTER TABLE "access_grants" ADD CONSTRAINT "access_grants_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "data_products"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_grants" ADD CONSTRAINT "access_grants_consumer_fkey" FOREIGN KEY ("consumer") REFERENCES "domains"("slug") ON DELETE RESTRICT ON UPDATE RESTRICT;

-- A grant id names its cloud resources (an S3 statement id: letters and digits only).
ALTER TABLE "access_grants" ADD CONSTRAINT "access_grants_id_format" CHECK ("id" ~ '^[a-z0-9]{3,40}$');
