-- The resident's logging choices (docs/privacy.md "What you can turn off", ADR 0023). The audit of remote
-- sessions is not among them; the live feed's content is. No row means the defaults.
CREATE TABLE home_logging_choices (
    home_id           uuid PRIMARY KEY REFERENCES homes (id),
    live_feed_content text NOT NULL CHECK (live_feed_content IN ('full', 'minimal')),
    changed_at        timestamptz NOT NULL,
    version           bigint NOT NULL DEFAULT 0
);
