-- Database defence in depth (docs/operations.md "Database roles"). Migrations run as the owner (the
-- Flyway user); the application's pool connects as chaperone_app, which may read and write the other
-- tables but only INSERT and SELECT the audit tables. Triggers refuse UPDATE, DELETE and TRUNCATE on the
-- audit tables for everyone, the owner included (an owner or superuser can still disable triggers: the
-- hash chain and the signed checkpoints are what detects that).

-- Roles are cluster-wide: create it once, tolerate a concurrent creator. The password placeholder "-"
-- (the default) leaves the password to whoever manages the role (e.g. a CloudNativePG managed role).
-- An owner without CREATEROLE can neither create it nor set its password: it then warns (and, without
-- the role, grants nothing; the triggers below still apply). Create the role beforehand, e.g. as a
-- managed role of the cluster, and this migration grants to it (docs/operations.md "Database roles").
DO $roles$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'chaperone_app') THEN
        BEGIN
            CREATE ROLE chaperone_app LOGIN;
        EXCEPTION
            WHEN duplicate_object OR unique_violation THEN NULL;
            WHEN insufficient_privilege THEN
                RAISE WARNING 'role chaperone_app does not exist and % may not create it: no grants made', current_user;
                RETURN;
        END;
    END IF;
    -- dollar-quoted: any password is taken literally unless it contains the closing tag
    IF $pw$${app-password}$pw$ <> '-' THEN
        BEGIN
            EXECUTE format('ALTER ROLE chaperone_app WITH LOGIN PASSWORD %L', $pw$${app-password}$pw$);
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE WARNING '% may not set the password of chaperone_app: left as it is', current_user;
        END;
    END IF;

    EXECUTE format('GRANT CONNECT ON DATABASE %I TO chaperone_app', current_database());
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
END $roles$;

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
