#!/usr/bin/env bash
# Starts the Debian PostgreSQL 15 cluster and creates the role the integration tests use.
# Idempotent: safe to run when the cluster is already up or the role exists.
set -euo pipefail
pg_ctlcluster 15 main start 2>/dev/null || pg_ctlcluster 15 main status >/dev/null
for _ in $(seq 1 30); do
  pg_isready -h 127.0.0.1 -p 5432 -q && break
  sleep 1
done
su postgres -c "psql -v ON_ERROR_STOP=1 -q" <<'SQL'
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'meshplane') THEN
    CREATE ROLE meshplane LOGIN CREATEDB PASSWORD 'meshplane';
  END IF;
END $$;
-- Lets DROP DATABASE ... WITH (FORCE) stop an autovacuum worker on a test database.
GRANT pg_signal_backend TO meshplane;
SQL
