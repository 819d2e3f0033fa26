-- Ops kill switch (ADR 0010): a killed hub is refused at the upgrade, its sessions are terminated and none is
-- approved on it, until ops lift the kill. Erasure (docs/privacy.md): when the home's data was erased.
ALTER TABLE hubs
    ADD COLUMN killed_at   timestamptz,
    ADD COLUMN kill_reason text,
    ADD COLUMN killed_by   text;

ALTER TABLE homes
    ADD COLUMN erased_at timestamptz;
