-- CreateTable
CREATE TABLE "worker_heartbeats" (
    "reporter" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "detail" TEXT,
    "pulumi_version" TEXT,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "worker_heartbeats_pkey" PRIMARY KEY ("reporter")
);

-- CreateIndex
CREATE INDEX "worker_heartbeats_updated_at_idx" ON "worker_heartbeats"("updated_at");
