-- The never-grant list of a home (issue 17, ADR 0021): entries no session of the home may include.
-- Exactly one shape per row: a device, an operation, a device + operation pair, or a data class.
CREATE TABLE home_never_grants (
    id          uuid PRIMARY KEY,
    home_id     uuid NOT NULL REFERENCES homes (id),
    device_id   text,
    operation   text,
    data_class  text,
    note        text,
    created_by  uuid NOT NULL REFERENCES residents (id),
    created_at  timestamptz NOT NULL,
    CONSTRAINT home_never_grants_shape CHECK (
        (data_class IS NOT NULL AND device_id IS NULL AND operation IS NULL)
        OR (data_class IS NULL AND (device_id IS NOT NULL OR operation IS NOT NULL)))
);
CREATE INDEX home_never_grants_home_idx ON home_never_grants (home_id);
CREATE UNIQUE INDEX home_never_grants_unique ON home_never_grants
    (home_id, coalesce(device_id, ''), coalesce(operation, ''), coalesce(data_class, ''));
