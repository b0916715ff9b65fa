-- AlterTable
ALTER TABLE "lineage_events" ADD COLUMN     "projected_at" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "lineage_events_unprojected" ON "lineage_events"("id") WHERE (projected_at IS NULL);

-- Events stored before this migration were projected in the request that stored them.
UPDATE "lineage_events" SET "projected_at" = "received_at";
