-- Database defence in depth (docs/operations.md "Database roles"). Migrations run as the owner (the
-- Flyway user); the application's pool connects as chaperone_app, which may read and write the other
-- tables but only INSERT and SELECT the audit tables. Triggers refuse UPDATE, DELETE and TRUNCATE on the
-- audit tables for everyone, the owner included (an owner or superuser can still disable triggers: the
-- hash chain and the signed checkpoints are what detects that).

-- Roles are cluster-wide: create it once, tolerate a concurrent creator. The password placeholder "-"
-- (the default) leaves the password to whoever manages the role (e.g. a CloudNativePG managed role).
DO $roles$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'chaperone_app') THEN
        BEGIN
            CREATE ROLE chaperone_app LOGIN;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;
        END;
    END IF;
    -- dollar-quoted: any password is taken literally unless it contains the closing tag
    IF $pw$${app-password}$pw$ <> '-' THEN
        EXECUTE format('ALTER ROLE chaperone_app WITH LOGIN PASSWORD %L', $pw$${app-password}$pw$);
    END IF;
END $roles$;

GRANT CONNECT ON DATABASE "${flyway:database}" TO chaperone_app;
GRANT USAGE ON SCHEMA public TO chaperone_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO chaperone_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO chaperone_app;
-- Tables of later migrations (run by the same owner) get the same; append-only ones revoke like below.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO chaperone_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO chaperone_app;

REVOKE ALL ON audit_events, audit_checkpoints, audit_checkpoint_keys FROM chaperone_app;
GRANT SELECT, INSERT ON audit_events, audit_checkpoints, audit_checkpoint_keys TO chaperone_app;
-- Flyway's history is the owner's business.
REVOKE ALL ON flyway_schema_history FROM chaperone_app;

CREATE FUNCTION audit_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'P0001', HINT = 'audit rows are never changed or removed';
END $$;

CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_checkpoints_no_change BEFORE UPDATE OR DELETE ON audit_checkpoints
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_checkpoint_keys_no_change BEFORE UPDATE OR DELETE ON audit_checkpoint_keys
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_checkpoint_keys_no_truncate BEFORE TRUNCATE ON audit_checkpoint_keys
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
