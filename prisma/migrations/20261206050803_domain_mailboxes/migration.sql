-- AlterTable
ALTER TABLE "domains" ADD COLUMN     "mailboxes" TEXT[] DEFAULT ARRAY[]::TEXT[];
