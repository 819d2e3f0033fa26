-- Notifications (docs/notifications.md, ADR 0026): a transactional outbox. A caller inserts a notification in its
-- own transaction; a dispatcher fans it out into one delivery per channel and delivers each under a lease
-- (claimed with FOR UPDATE SKIP LOCKED), so a crash loses nothing and two nodes never send the same delivery twice.
CREATE TABLE notification_preferences (
    home_id         uuid PRIMARY KEY REFERENCES homes (id) ON DELETE CASCADE,
    email_enabled   boolean NOT NULL DEFAULT false,
    -- null: the resident's own address
    email_address   text,
    webhook_enabled boolean NOT NULL DEFAULT true,
    -- JSON array of notification kinds the resident does not want by webhook or e-mail (live always)
    muted_kinds     text NOT NULL DEFAULT '[]',
    updated_at      timestamptz NOT NULL
);

CREATE TABLE webhook_endpoints (
    id          uuid PRIMARY KEY,
    home_id     uuid NOT NULL REFERENCES homes (id) ON DELETE CASCADE,
    url         text NOT NULL,
    -- whsec_<base64>: the HMAC key of the Standard Webhooks signature, shown to the resident once
    secret      text NOT NULL,
    created_at  timestamptz NOT NULL,
    disabled_at timestamptz
);
CREATE INDEX webhook_endpoints_home_idx ON webhook_endpoints (home_id);

CREATE TABLE notifications (
    id            uuid PRIMARY KEY,
    home_id       uuid NOT NULL REFERENCES homes (id) ON DELETE CASCADE,
    kind          text NOT NULL,
    session_id    uuid,
    -- JSON: a plain-language title and short facts; never a secret or a payload
    summary       text NOT NULL,
    created_at    timestamptz NOT NULL,
    fanned_out_at timestamptz
);
CREATE INDEX notifications_pending_idx ON notifications (created_at) WHERE fanned_out_at IS NULL;
CREATE INDEX notifications_home_idx ON notifications (home_id, created_at);

CREATE TABLE notification_deliveries (
    id              uuid PRIMARY KEY,
    notification_id uuid NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
    home_id         uuid NOT NULL,
    channel         text NOT NULL CHECK (channel IN ('webhook', 'email')),
    endpoint_id     uuid REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    state           text NOT NULL CHECK (state IN ('pending', 'delivered', 'dead')),
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    -- the lease of the dispatcher pass that claimed it; a pass that died leaves it to expire
    lease_until     timestamptz,
    lease_token     uuid,
    last_status     integer,
    last_error      text,
    delivered_at    timestamptz,
    UNIQUE (notification_id, channel, endpoint_id)
);
CREATE INDEX notification_deliveries_due_idx ON notification_deliveries (channel, next_attempt_at) WHERE state = 'pending';
