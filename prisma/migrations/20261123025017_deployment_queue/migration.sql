-- DropIndex
DROP INDEX "deployments_status_idx";

-- AlterTable
ALTER TABLE "deployments" ADD COLUMN     "active_key" TEXT,
ADD COLUMN     "cancel_requested" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "environment" TEXT NOT NULL DEFAULT 'dev',
ADD COLUMN     "lease_expires_at" TIMESTAMPTZ(3),
ADD COLUMN     "resources_done" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "resources_planned" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "retry_of_id" TEXT,
ADD COLUMN     "running_stack" TEXT,
ADD COLUMN     "spec" JSONB,
ADD COLUMN     "worker_id" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "deployments_active_key_key" ON "deployments"("active_key");

-- CreateIndex
CREATE UNIQUE INDEX "deployments_running_stack_key" ON "deployments"("running_stack");

-- CreateIndex
CREATE INDEX "deployments_status_created_at_idx" ON "deployments"("status", "created_at");

-- CreateIndex
CREATE INDEX "deployments_stack_name_created_at_idx" ON "deployments"("stack_name", "created_at");
