-- Revocations the gateway accepted but has not yet durably recorded (docs/adr/0007-revocation-intent.md).
-- Written before the revoke transition; while a row exists no connect ticket is minted, no upgrade is admitted
-- and a live session that registers is closed with 4002, on every node. Deleted once the session is revoked
-- (or already terminal); until then the revocation job retries the transition.
CREATE TABLE revocation_intents (
    session_id        uuid PRIMARY KEY REFERENCES support_sessions (id) ON DELETE CASCADE,
    resident_id       uuid NOT NULL REFERENCES residents (id) ON DELETE CASCADE,
    resident_subject  text NOT NULL,
    accepted_at       timestamptz NOT NULL,
    attempts          integer NOT NULL DEFAULT 0,
    last_failure      text
);
