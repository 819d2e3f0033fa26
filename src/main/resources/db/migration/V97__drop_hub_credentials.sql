-- Hubs prove themselves with device certificates only (docs/device-trust.md); the interim bearer credential is gone.
DROP INDEX IF EXISTS hubs_credential_idx;
ALTER TABLE hubs DROP COLUMN IF EXISTS credential_hash;
