#!/bin/sh
# Postgres image init script (/docker-entrypoint-initdb.d, first start only): the least-privilege
# roles of least-privilege.sql, with their passwords from the container's environment.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" -f /ordermesh/least-privilege.sql
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v owner_password="$ORDERMESH_OWNER_PASSWORD" -v app_password="$ORDERMESH_APP_PASSWORD" <<'SQL'
ALTER ROLE ordermesh_owner PASSWORD :'owner_password';
ALTER ROLE ordermesh_app PASSWORD :'app_password';
SQL
