-- Tamper-evident audit (issue 4, docs/audit.md): a hash chain per chain_id and signed checkpoints.
--
-- hash = SHA-256(prev_hash || chain_id (16 bytes) || seq (8 bytes BE) || canonical(record)), prev_hash of
-- seq 1 = 32 zero bytes. The AuditWriter computes it; audit_record_hash below is the same function in SQL,
-- used here to backfill rows written before this migration (so hash can be NOT NULL) and by tests to
-- cross-check the Java form. canonical(record):
--   at as epoch milliseconds, 8 bytes BE, then actor, kind, device, op, outcome, correlation_id, detail,
--   each as a 4-byte BE length of its UTF-8 bytes followed by them; NULL is the length -1 (0xFFFFFFFF)
--   with no bytes, so NULL and '' differ.
-- Backfilled rows are chained exactly like new ones: a verifier cannot tell them apart, but they were only
-- anchored from the first checkpoint after this migration.

CREATE FUNCTION audit_field(value text) RETURNS bytea
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN value IS NULL THEN int4send(-1)
                ELSE int4send(octet_length(convert_to(value, 'UTF8'))) || convert_to(value, 'UTF8') END
$$;

CREATE FUNCTION audit_record_hash(prev_hash bytea, chain_id uuid, seq bigint, at timestamptz, actor text, kind text,
                                  device text, op text, outcome text, correlation_id text, detail text) RETURNS bytea
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT sha256(prev_hash || uuid_send(chain_id) || int8send(seq)
                  || int8send(floor(extract(epoch FROM at) * 1000)::bigint)
                  || audit_field(actor) || audit_field(kind) || audit_field(device) || audit_field(op)
                  || audit_field(outcome) || audit_field(correlation_id) || audit_field(detail))
$$;

ALTER TABLE audit_events ADD COLUMN prev_hash bytea, ADD COLUMN hash bytea;

DO $$
DECLARE
    r record;
    last_chain uuid;
    prev bytea;
BEGIN
    FOR r IN SELECT * FROM audit_events ORDER BY chain_id, seq LOOP
        IF last_chain IS DISTINCT FROM r.chain_id THEN
            last_chain := r.chain_id;
            prev := '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea;
        END IF;
        UPDATE audit_events SET prev_hash = prev,
               hash = audit_record_hash(prev, r.chain_id, r.seq, r.at, r.actor, r.kind, r.device, r.op, r.outcome,
                                        r.correlation_id, r.detail)
         WHERE chain_id = r.chain_id AND seq = r.seq
         RETURNING hash INTO prev;
    END LOOP;
END $$;

ALTER TABLE audit_events
    ALTER COLUMN prev_hash SET NOT NULL,
    ALTER COLUMN hash SET NOT NULL,
    ADD CONSTRAINT audit_events_hash_len CHECK (octet_length(hash) = 32 AND octet_length(prev_hash) = 32);

-- Ed25519 public keys of every checkpoint key ever used (raw 32 bytes), so old checkpoints stay verifiable.
CREATE TABLE audit_checkpoint_keys (
    key_id     text        PRIMARY KEY,        -- RFC 7638 JWK thumbprint
    public_key bytea       NOT NULL CHECK (octet_length(public_key) = 32),
    created_at timestamptz NOT NULL
);

-- Signed checkpoints: the heads of the chains changed since the previous one and a Merkle root over them.
CREATE TABLE audit_checkpoints (
    id                   bigserial   PRIMARY KEY,
    created_at           timestamptz NOT NULL,
    prev_checkpoint_hash bytea       NOT NULL CHECK (octet_length(prev_checkpoint_hash) = 32),
    checkpoint_hash      bytea       NOT NULL CHECK (octet_length(checkpoint_hash) = 32),
    merkle_root          bytea       NOT NULL CHECK (octet_length(merkle_root) = 32),
    heads                jsonb       NOT NULL,  -- [{chainId, seq, hash(hex)}] sorted by chainId
    key_id               text        NOT NULL REFERENCES audit_checkpoint_keys (key_id),
    signature            bytea       NOT NULL
);
CREATE INDEX audit_checkpoints_heads_idx ON audit_checkpoints USING gin (heads jsonb_path_ops);
