-- CreateTable
CREATE TABLE "lineage_api_keys" (
    "id" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "scopes" TEXT[] DEFAULT ARRAY['lineage:write']::TEXT[],
    "created_by_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "lineage_api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "lineage_events" (
    "id" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "event_type" TEXT,
    "event_time" TIMESTAMPTZ(3) NOT NULL,
    "run_id" TEXT,
    "producer" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "api_key_id" TEXT,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "lineage_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "lineage_nodes" (
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "facets" JSONB NOT NULL DEFAULT '{}',
    "domain" TEXT,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "lineage_nodes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "lineage_edges" (
    "source_id" INTEGER NOT NULL,
    "target_id" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "lineage_edges_pkey" PRIMARY KEY ("source_id","target_id","kind")
);

-- CreateTable
CREATE TABLE "lineage_runs" (
    "run_id" TEXT NOT NULL,
    "job_id" INTEGER NOT NULL,
    "state" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3),
    "ended_at" TIMESTAMPTZ(3),
    "last_event_time" TIMESTAMPTZ(3) NOT NULL,
    "facets" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "lineage_runs_pkey" PRIMARY KEY ("run_id")
);

-- CreateTable
CREATE TABLE "dataset_versions" (
    "id" TEXT NOT NULL,
    "dataset_id" INTEGER NOT NULL,
    "run_id" TEXT,
    "role" TEXT NOT NULL,
    "event_type" TEXT,
    "version" TEXT,
    "facets" JSONB NOT NULL DEFAULT '{}',
    "has_quality" BOOLEAN NOT NULL DEFAULT false,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "dataset_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "column_lineage" (
    "target_id" INTEGER NOT NULL,
    "target_field" TEXT NOT NULL,
    "source_id" INTEGER NOT NULL,
    "source_field" TEXT NOT NULL,
    "transformation" JSONB,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "column_lineage_pkey" PRIMARY KEY ("target_id","target_field","source_id","source_field")
);

-- CreateTable
CREATE TABLE "dataset_product_links" (
    "dataset_id" INTEGER NOT NULL,
    "product_id" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "created_by_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "dataset_product_links_pkey" PRIMARY KEY ("dataset_id")
);

-- CreateTable
CREATE TABLE "sla_evaluations" (
    "id" TEXT NOT NULL,
    "product_id" TEXT NOT NULL,
    "check" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "detail" JSONB NOT NULL DEFAULT '{}',
    "evaluated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "sla_evaluations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "availability_probes" (
    "id" TEXT NOT NULL,
    "product_id" TEXT NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "status_code" INTEGER,
    "latency_ms" INTEGER,
    "error" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "availability_probes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_subscriptions" (
    "id" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "secret" TEXT NOT NULL,
    "created_by_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "disabled_at" TIMESTAMPTZ(3),

    CONSTRAINT "webhook_subscriptions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_deliveries" (
    "id" TEXT NOT NULL,
    "subscription_id" TEXT,
    "url" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL,
    "last_status_code" INTEGER,
    "last_error" TEXT,
    "delivered_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhook_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "lineage_api_keys_hash_key" ON "lineage_api_keys"("hash");

-- CreateIndex
CREATE INDEX "lineage_api_keys_domain_created_at_idx" ON "lineage_api_keys"("domain", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "lineage_events_hash_key" ON "lineage_events"("hash");

-- CreateIndex
CREATE INDEX "lineage_events_run_id_idx" ON "lineage_events"("run_id");

-- CreateIndex
CREATE INDEX "lineage_events_event_time_idx" ON "lineage_events"("event_time");

-- CreateIndex
CREATE UNIQUE INDEX "lineage_nodes_kind_namespace_name_key" ON "lineage_nodes"("kind", "namespace", "name");

-- CreateIndex
CREATE INDEX "lineage_edges_target_id_source_id_kind_idx" ON "lineage_edges"("target_id", "source_id", "kind");

-- CreateIndex
CREATE INDEX "lineage_runs_job_id_last_event_time_idx" ON "lineage_runs"("job_id", "last_event_time");

-- CreateIndex
CREATE INDEX "dataset_versions_dataset_id_role_at_idx" ON "dataset_versions"("dataset_id", "role", "at");

-- CreateIndex
CREATE INDEX "dataset_versions_dataset_id_has_quality_at_idx" ON "dataset_versions"("dataset_id", "has_quality", "at");

-- CreateIndex
CREATE INDEX "column_lineage_source_id_source_field_idx" ON "column_lineage"("source_id", "source_field");

-- CreateIndex
CREATE INDEX "dataset_product_links_product_id_idx" ON "dataset_product_links"("product_id");

-- CreateIndex
CREATE INDEX "sla_evaluations_product_id_check_evaluated_at_idx" ON "sla_evaluations"("product_id", "check", "evaluated_at");

-- CreateIndex
CREATE INDEX "sla_evaluations_check_evaluated_at_idx" ON "sla_evaluations"("check", "evaluated_at");

-- CreateIndex
CREATE INDEX "availability_probes_product_id_at_idx" ON "availability_probes"("product_id", "at");

-- CreateIndex
CREATE INDEX "webhook_subscriptions_domain_idx" ON "webhook_subscriptions"("domain");

-- CreateIndex
CREATE INDEX "webhook_deliveries_status_next_attempt_at_idx" ON "webhook_deliveries"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "webhook_deliveries_subscription_id_created_at_idx" ON "webhook_deliveries"("subscription_id", "created_at");

-- AddForeignKey
ALTER TABLE "lineage_api_keys" ADD CONSTRAINT "lineage_api_keys_domain_fkey" FOREIGN KEY ("domain") REFERENCES "domains"("slug") ON DELETE RESTRICT ON UPDATE RESTRICT;

-- AddForeignKey
ALTER TABLE "dataset_product_links" ADD CONSTRAINT "dataset_product_links_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "data_products"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sla_evaluations" ADD CONSTRAINT "sla_evaluations_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "data_products"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "availability_probes" ADD CONSTRAINT "availability_probes_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "data_products"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_subscriptions" ADD CONSTRAINT "webhook_subscriptions_domain_fkey" FOREIGN KEY ("domain") REFERENCES "domains"("slug") ON DELETE RESTRICT ON UPDATE RESTRICT;

-- AddForeignKey
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_subscription_id_fkey" FOREIGN KEY ("subscription_id") REFERENCES "webhook_subscriptions"("id") ON DELETE CASCADE ON UPDATE CASCADE;
