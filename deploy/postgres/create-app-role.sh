#!/bin/sh
# Run by the postgres image on the first start of an empty data volume (docker-entrypoint-initdb.d).
# Creates the role web, worker and beat connect as. It owns nothing; `manage.py grant_app_role`
# (run by the web service after every migrate) gives it data access, append-only on the audit tables.
set -eu
if [ -z "${APP_DB_PASSWORD:-}" ]; then
    echo "APP_DB_PASSWORD is not set: refusing to create portal_app without a password" >&2
    exit 1
fi
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -v app_password="$APP_DB_PASSWORD" -v database="$POSTGRES_DB" <<'SQL'
CREATE ROLE portal_app LOGIN PASSWORD :'app_password';
GRANT CONNECT ON DATABASE :"database" TO portal_app;
GRANT USAGE ON SCHEMA public TO portal_app;
SQL
