-- AlterTable
ALTER TABLE "data_products" ADD COLUMN     "sunset_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "product_requests" ADD COLUMN     "sunset_at" TIMESTAMPTZ(3);
