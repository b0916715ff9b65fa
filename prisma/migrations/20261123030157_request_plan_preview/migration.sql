-- AlterTable
ALTER TABLE "product_requests" ADD COLUMN     "plan_preview" JSONB;
