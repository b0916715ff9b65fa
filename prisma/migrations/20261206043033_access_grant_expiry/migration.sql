-- AlterEnum
ALTER TYPE "access_grant_status" ADD VALUE 'expired';

-- AlterTable
ALTER TABLE "access_grants" ADD COLUMN     "reminder_sent_at" TIMESTAMPTZ(3);
