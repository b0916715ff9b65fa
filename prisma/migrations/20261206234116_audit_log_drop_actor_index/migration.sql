-- No query reads the audit log by actor (the admin log pages by `at`, a request's editors and a
-- product's registrations by entity), and every audited change writes each index: the Iceberg
-- catalog's commit inserts an audit row per commit. Query plans: docs/performance.md §7.

-- DropIndex
DROP INDEX "audit_log_actor_id_at_idx";
