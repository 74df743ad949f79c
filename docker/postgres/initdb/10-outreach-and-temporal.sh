#!/bin/bash
# Runs once, the first time the postgres volume is initialised (the official image runs every script in
# /docker-entrypoint-initdb.d against an empty data directory only). To re-run it: `docker compose down -v`,
# which deletes all data.
#
# One server, two owners:
#   outreach -> database "outreach" (the app; knex migrations create its tables)
#   temporal -> databases "temporal" and "temporal_visibility" (temporalio/auto-setup creates the schema)
set -e

if [ -z "${OUTREACH_DB_PASSWORD:-}" ] || [ -z "${TEMPORAL_DB_PASSWORD:-}" ]; then
  echo "initdb: OUTREACH_DB_PASSWORD and TEMPORAL_DB_PASSWORD must be set" >&2
  exit 1
fi

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "${POSTGRES_DB:-$POSTGRES_USER}" \
  -v outreach_password="$OUTREACH_DB_PASSWORD" \
  -v temporal_password="$TEMPORAL_DB_PASSWORD" <<'SQL'
CREATE ROLE outreach LOGIN PASSWORD :'outreach_password';
CREATE DATABASE outreach OWNER outreach;

-- CREATEDB because auto-setup issues CREATE DATABASE on every start (it ignores "already exists", but
-- Postgres checks the privilege first). The database named like the role must exist beforehand:
-- auto-setup skips creating it, expecting the server image to have done so.
CREATE ROLE temporal LOGIN CREATEDB PASSWORD :'temporal_password';
CREATE DATABASE temporal OWNER temporal;
CREATE DATABASE temporal_visibility OWNER temporal;

-- The visibility schema's indexes use btree_gin; create it here as superuser.
\connect temporal_visibility
CREATE EXTENSION IF NOT EXISTS btree_gin;
SQL

echo "initdb: created databases outreach (owner outreach), temporal and temporal_visibility (owner temporal)"
