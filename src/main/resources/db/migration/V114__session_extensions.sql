-- Extensions (docs/api.md "Extensions"): a technician's request for more time, decided once by the resident.
-- The session's expires_at moves only on approval; the row keeps both ends so the decision reads on its own.
CREATE TABLE session_extensions (
    id                  uuid PRIMARY KEY,
    session_id          uuid NOT NULL REFERENCES support_sessions (id),
    technician_id       uuid NOT NULL,
    minutes             integer NOT NULL CHECK (minutes > 0),
    reason              text NOT NULL,
    state               text NOT NULL CHECK (state IN ('requested', 'approved', 'denied')),
    requested_at        timestamptz NOT NULL,
    decided_at          timestamptz,
    previous_expires_at timestamptz,
    new_expires_at      timestamptz
);
CREATE INDEX session_extensions_session ON session_extensions (session_id, requested_at);
-- At most one open request per session: a second one would only race the first.
CREATE UNIQUE INDEX session_extensions_one_open ON session_extensions (session_id) WHERE state = 'requested';
