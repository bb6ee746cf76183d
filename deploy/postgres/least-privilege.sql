-- Least privilege for ordermesh in the current database (docs/deploy.md), run once by a superuser
-- before the first migration. Two roles:
--   ordermesh_owner  owns the schema: `ordermesh migrate` logs in as it and may create, alter and
--                    drop tables (DDL). Nothing else uses it.
--   ordermesh_app    what warehouse nodes (and `ordermesh check`) log in as: SELECT, INSERT, UPDATE
--                    and DELETE on the tables the owner makes, nothing more (no DDL, no TRUNCATE,
--                    no temporary tables).
-- Passwords are set apart (ALTER ROLE ... PASSWORD), so this file holds no secret. Safe to run
-- again: roles are made when missing and every grant is idempotent.

DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ordermesh_owner') THEN
    CREATE ROLE ordermesh_owner LOGIN;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ordermesh_app') THEN
    CREATE ROLE ordermesh_app LOGIN;
  END IF;
  -- Only the owner may create schemas (drizzle keeps its journal in one); nobody may make temporary tables.
  EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database());
  EXECUTE format('GRANT CONNECT, CREATE ON DATABASE %I TO ordermesh_owner', current_database());
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO ordermesh_app', current_database());
END
$$;

-- The schema the tables live in belongs to the owner; the runtime role may only use it.
REVOKE ALL ON SCHEMA public FROM PUBLIC;
ALTER SCHEMA public OWNER TO ordermesh_owner;
GRANT USAGE ON SCHEMA public TO ordermesh_app;

-- Every table and sequence the owner creates from now on: DML for the runtime role.
ALTER DEFAULT PRIVILEGES FOR ROLE ordermesh_owner IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ordermesh_app;
ALTER DEFAULT PRIVILEGES FOR ROLE ordermesh_owner IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ordermesh_app;
