-- The audit trail (ARCHITECTURE §7). One row per event, ordered per chain by a gap-free seq that the
-- AuditWriter assigns. chain_id is the session id, or the hub id for hub-level events. The hash chain,
-- payload encryption and signed checkpoints come later: they add columns, never change these.
CREATE TABLE audit_events (
    chain_id       uuid        NOT NULL,
    seq            bigint      NOT NULL CHECK (seq >= 1),
    home_id        uuid        NOT NULL,
    at             timestamptz NOT NULL,       -- when it happened (ms precision, the gateway's clock)
    actor          text        NOT NULL,
    kind           text        NOT NULL,       -- wire name, e.g. session.approved
    device         text,
    op             text,
    outcome        text,
    correlation_id text,
    detail         text,                       -- JSON, may be null
    written_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (chain_id, seq)
);
CREATE INDEX audit_events_home_at_idx ON audit_events (home_id, at);
