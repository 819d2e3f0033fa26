-- Device trust (docs/device-trust.md): enrollment with one-time claim codes, device certificates and their
-- revocation, attestation baselines and quarantine, vendor keys for signed firmware updates.

-- What the gateway knows of an enrolled hub's identity; the hub id itself lives in the certificate.
ALTER TABLE hubs
    ADD COLUMN public_key        text,            -- SubjectPublicKeyInfo (base64 DER) of the device key
    ADD COLUMN cert_serial       text,            -- hex serial of the current certificate
    ADD COLUMN cert_fingerprint  text,            -- lowercase hex SHA-256 of the certificate DER
    ADD COLUMN cert_not_after    timestamptz,
    ADD COLUMN enrolled_at       timestamptz,
    ADD COLUMN removed_at        timestamptz,     -- the resident removed the hub; its certificate is revoked
    ADD COLUMN quarantined       boolean NOT NULL DEFAULT false,
    ADD COLUMN quarantine_reason text,
    ADD COLUMN attested_at       timestamptz;
CREATE UNIQUE INDEX hubs_cert_serial_idx ON hubs (cert_serial) WHERE cert_serial IS NOT NULL;

-- One-time claim codes: only their SHA-256 is stored; used_at makes them single use.
CREATE TABLE hub_claims (
    code_hash   text PRIMARY KEY,
    home_id     uuid NOT NULL REFERENCES homes (id),
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    hub_id      uuid REFERENCES hubs (id)
);
CREATE INDEX hub_claims_home_idx ON hub_claims (home_id);

CREATE TABLE revoked_certificates (
    serial      text PRIMARY KEY,
    hub_id      uuid NOT NULL REFERENCES hubs (id),
    revoked_at  timestamptz NOT NULL,
    reason      text NOT NULL
);

-- Vendor reference values: the measurements a genuine hub of (model, firmware) reports.
CREATE TABLE attestation_baselines (
    id            uuid PRIMARY KEY,
    model         text NOT NULL,
    firmware      text NOT NULL,
    measurements  text NOT NULL,                -- canonical JSON object name -> "sha256:<hex>"
    created_at    timestamptz NOT NULL,
    UNIQUE (model, firmware)
);

-- Vendors' Ed25519 public keys per device model, for firmware.update signatures.
CREATE TABLE vendor_keys (
    id          uuid PRIMARY KEY,
    model       text NOT NULL,
    public_key  text NOT NULL,                  -- base64 of the raw 32-byte Ed25519 key
    created_at  timestamptz NOT NULL,
    UNIQUE (model, public_key)
);
