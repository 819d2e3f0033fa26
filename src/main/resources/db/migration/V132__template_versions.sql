-- Templates reviewed and versioned (issue 14): the session_templates row is the current version; every version,
-- the first included, is kept immutable in session_template_versions; a session records the version it was
-- requested (and so approved) under.
ALTER TABLE session_templates
    ADD COLUMN version   integer NOT NULL DEFAULT 1 CHECK (version > 0),
    ADD COLUMN owner     text,
    ADD COLUMN review_by timestamptz;

CREATE TABLE session_template_versions (
    template_id           uuid    NOT NULL REFERENCES session_templates (id),
    version               integer NOT NULL CHECK (version > 0),
    name                  text    NOT NULL,
    description           text,
    ops                   text    NOT NULL,
    device_kinds          text    NOT NULL,
    max_duration_minutes  integer NOT NULL CHECK (max_duration_minutes > 0),
    redaction_defaults    text    NOT NULL,
    expected_command_rate integer NOT NULL CHECK (expected_command_rate > 0),
    created_at            timestamptz NOT NULL,
    created_by            text    NOT NULL,
    PRIMARY KEY (template_id, version)
);

INSERT INTO session_template_versions (template_id, version, name, description, ops, device_kinds, max_duration_minutes,
                                       redaction_defaults, expected_command_rate, created_at, created_by)
SELECT id, 1, name, description, ops, device_kinds, max_duration_minutes, redaction_defaults, expected_command_rate,
       created_at, 'migration'
FROM session_templates;

-- Old versions are history: refuse any change to a stored one.
CREATE FUNCTION session_template_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'session template versions are immutable';
END $$;
CREATE TRIGGER session_template_versions_immutable BEFORE UPDATE ON session_template_versions
    FOR EACH ROW EXECUTE FUNCTION session_template_versions_immutable();

ALTER TABLE support_sessions ADD COLUMN template_version integer;
UPDATE support_sessions SET template_version = 1;
CREATE INDEX support_sessions_template ON support_sessions (template_id, template_version);
