-- Config changes a hub reported in a result's configChange (change.ConfigChanges), one row per changed setting.
-- before_value/after_value are the setting's JSON values sealed under the session's key (privacy.ValueSealing,
-- purpose config_change.before/after): they may be personal. persistence: pending until the session ends, then
-- persisted | reverted | superseded (changed again later in the session) | unknown (hub offline; re-checked when
-- it returns). rollback: null | restored | conflict | failed | offline.
CREATE TABLE config_changes (
    seq                  bigserial PRIMARY KEY,
    id                   uuid        NOT NULL UNIQUE,
    session_id           uuid        NOT NULL REFERENCES support_sessions (id) ON DELETE CASCADE,
    home_id              uuid        NOT NULL,
    hub_id               uuid        NOT NULL,
    device               text        NOT NULL,
    setting              text        NOT NULL,
    command_id           text        NOT NULL,
    before_value         text,
    after_value          text,
    reported_at          timestamptz NOT NULL,
    persistence          text        NOT NULL DEFAULT 'pending',
    checked_at           timestamptz,
    rollback             text,
    rollback_at          timestamptz,
    rollback_command_id  text
);
CREATE INDEX config_changes_session_idx ON config_changes (session_id, seq);
CREATE INDEX config_changes_unknown_idx ON config_changes (hub_id) WHERE persistence = 'unknown';
