-- Attestation's monotonic firmware floor (docs/device-trust.md, ADR 0008): the highest firmware a hub has
-- attested with. Evidence for a lower version fails (firmware_rollback) even when that version has a baseline.
CREATE TABLE hub_firmware_floors (
    hub_id       uuid PRIMARY KEY REFERENCES hubs (id) ON DELETE CASCADE,
    firmware     text        NOT NULL,
    attested_at  timestamptz NOT NULL
);
