-- Consent receipts (docs/api.md "Consent receipts"): a gateway-signed compact JWS (EdDSA, the audit checkpoint
-- key) per approval, escalation approval and extension approval. Its SHA-256 is in the session's audit chain
-- (consent.receipt), so an edited row fails verification.
CREATE TABLE consent_receipts (
    id          uuid PRIMARY KEY,
    session_id  uuid NOT NULL REFERENCES support_sessions (id),
    home_id     uuid NOT NULL,
    kind        text NOT NULL CHECK (kind IN ('approval', 'escalation', 'extension')),
    decision_id uuid NOT NULL,
    issued_at   timestamptz NOT NULL,
    key_id      text NOT NULL,
    jws         text NOT NULL,
    hash        text NOT NULL
);
CREATE INDEX consent_receipts_session ON consent_receipts (session_id, issued_at);
