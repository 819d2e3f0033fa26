-- Data keys for crypto-shredding (docs/privacy.md). A home's data key is wrapped by the gateway's master
-- key (wrapper_id names which one); a session's key is wrapped by its home's key. Destroying a key means
-- wrapped_key becomes NULL and destroyed_at/shredded_at is set: the row stays, so the key is never
-- created again and the audit rows sealed under it stay unreadable.
-- No foreign keys: a session's first audit record (and so its key) commits before the session row does.
CREATE TABLE home_data_keys (
    home_id       uuid PRIMARY KEY,
    wrapped_key   bytea,
    wrapper_id    text        NOT NULL,
    created_at    timestamptz NOT NULL,
    destroyed_at  timestamptz,
    CHECK ((wrapped_key IS NULL) = (destroyed_at IS NOT NULL))
);

CREATE TABLE session_keys (
    session_id   uuid PRIMARY KEY,
    home_id      uuid        NOT NULL,
    wrapped_key  bytea,
    created_at   timestamptz NOT NULL,
    shredded_at  timestamptz,
    CHECK ((wrapped_key IS NULL) = (shredded_at IS NOT NULL))
);
CREATE INDEX session_keys_home_idx ON session_keys (home_id);
