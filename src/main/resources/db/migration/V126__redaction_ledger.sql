-- The redaction ledger (docs/privacy.md): per session, how many values of each data class were hidden, where and by
-- which rule; never a value. Live counts are kept in memory on the frame path and added here every few seconds and
-- when the session ends (no database call per frame).
CREATE TABLE redaction_ledger (
    session_id uuid NOT NULL REFERENCES support_sessions (id) ON DELETE CASCADE,
    data_class text NOT NULL,
    place      text NOT NULL,
    rule       text NOT NULL,
    count      bigint NOT NULL CHECK (count >= 0),
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (session_id, data_class, place, rule)
);
