-- AlterTable
ALTER TABLE "domains" ADD COLUMN     "archived_at" TIMESTAMPTZ(3);
