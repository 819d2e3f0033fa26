-- Core schema of the consent part: people, homes, hubs, templates, support tickets, sessions,
-- approvals, escalations and connect tickets. Features refer to each other by id only.

CREATE TABLE providers (
    id          uuid PRIMARY KEY,
    name        text NOT NULL UNIQUE,
    org         text NOT NULL UNIQUE,      -- value of the technicians' `org` claim
    created_at  timestamptz NOT NULL
);

CREATE TABLE residents (
    id          uuid PRIMARY KEY,
    subject     text NOT NULL UNIQUE,
    name        text,
    email       text,
    created_at  timestamptz NOT NULL
);

CREATE TABLE technicians (
    id          uuid PRIMARY KEY,
    subject     text NOT NULL UNIQUE,
    name        text,
    email       text,
    provider_id uuid REFERENCES providers (id),
    created_at  timestamptz NOT NULL
);

CREATE TABLE operators (
    id          uuid PRIMARY KEY,
    subject     text NOT NULL UNIQUE,
    name        text,
    email       text,
    created_at  timestamptz NOT NULL
);

CREATE TABLE homes (
    id          uuid PRIMARY KEY,
    resident_id uuid NOT NULL REFERENCES residents (id),
    name        text NOT NULL,
    created_at  timestamptz NOT NULL
);
CREATE INDEX homes_resident_idx ON homes (resident_id);

CREATE TABLE hubs (
    id               uuid PRIMARY KEY,
    home_id          uuid NOT NULL REFERENCES homes (id),
    name             text NOT NULL,
    model            text NOT NULL,
    firmware         text NOT NULL,
    -- SHA-256 of the hub's bearer credential until device certificates replace it (device-trust issue)
    credential_hash  text,
    online           boolean NOT NULL DEFAULT false,
    last_seen_at     timestamptz,
    created_at       timestamptz NOT NULL
);
CREATE INDEX hubs_home_idx ON hubs (home_id);
CREATE UNIQUE INDEX hubs_credential_idx ON hubs (credential_hash) WHERE credential_hash IS NOT NULL;

CREATE TABLE devices (
    hub_id      uuid NOT NULL REFERENCES hubs (id),
    device_id   text NOT NULL,
    kind        text NOT NULL,
    model       text,
    firmware    text,
    status      text,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (hub_id, device_id)
);

CREATE TABLE session_templates (
    id                     uuid PRIMARY KEY,
    name                   text NOT NULL UNIQUE,
    description            text,
    ops                    text NOT NULL,      -- JSON array of operation names
    device_kinds           text NOT NULL,      -- JSON array of device kinds
    max_duration_minutes   integer NOT NULL CHECK (max_duration_minutes > 0),
    redaction_defaults     text NOT NULL,      -- JSON array of data classes redacted by default
    expected_command_rate  integer NOT NULL CHECK (expected_command_rate > 0), -- commands per minute
    created_at             timestamptz NOT NULL
);

CREATE TABLE support_tickets (
    id            uuid PRIMARY KEY,
    home_id       uuid NOT NULL REFERENCES homes (id),
    provider_id   uuid NOT NULL REFERENCES providers (id),
    opened_by     text NOT NULL,               -- subject of the resident who opened it
    category      text NOT NULL,
    summary       text NOT NULL,
    state         text NOT NULL,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);
CREATE INDEX support_tickets_home_idx ON support_tickets (home_id);
CREATE INDEX support_tickets_provider_idx ON support_tickets (provider_id);

CREATE TABLE support_sessions (
    id                          uuid PRIMARY KEY,
    ticket_id                   uuid NOT NULL REFERENCES support_tickets (id),
    home_id                     uuid NOT NULL REFERENCES homes (id),
    hub_id                      uuid NOT NULL REFERENCES hubs (id),
    template_id                 uuid NOT NULL REFERENCES session_templates (id),
    technician_id               uuid NOT NULL REFERENCES technicians (id),
    provider_id                 uuid NOT NULL REFERENCES providers (id),
    state                       text NOT NULL,
    reason                      text NOT NULL,
    requested_scope             text NOT NULL,  -- JSON scope
    requested_duration_minutes  integer NOT NULL,
    scope                       text,           -- JSON scope in force (after approval)
    scope_version               integer NOT NULL DEFAULT 0,
    duration_minutes            integer,
    reveal                      text NOT NULL DEFAULT '[]',
    requested_at                timestamptz NOT NULL,
    request_expires_at          timestamptz NOT NULL,
    approved_at                 timestamptz,
    expires_at                  timestamptz,
    ended_at                    timestamptz,
    end_reason                  text,
    version                     bigint NOT NULL DEFAULT 0
);
CREATE INDEX support_sessions_home_idx ON support_sessions (home_id);
CREATE INDEX support_sessions_technician_idx ON support_sessions (technician_id);
CREATE INDEX support_sessions_open_idx ON support_sessions (state)
    WHERE state IN ('requested', 'approved', 'active', 'suspended');

CREATE TABLE escalations (
    id               uuid PRIMARY KEY,
    session_id       uuid NOT NULL REFERENCES support_sessions (id),
    technician_id    uuid NOT NULL REFERENCES technicians (id),
    requested_scope  text NOT NULL,   -- JSON scope: the grants to add
    reason           text NOT NULL,
    state            text NOT NULL,
    requested_at     timestamptz NOT NULL,
    decided_at       timestamptz
);
CREATE INDEX escalations_session_idx ON escalations (session_id);

CREATE TABLE approvals (
    id                      uuid PRIMARY KEY,
    session_id              uuid NOT NULL REFERENCES support_sessions (id),
    escalation_id           uuid REFERENCES escalations (id),
    resident_id             uuid NOT NULL REFERENCES residents (id),
    decision                text NOT NULL,   -- approved | denied
    scope                   text,
    duration_minutes        integer,
    reveal                  text,
    auth_time               timestamptz,
    acr                     text,
    amr                     text,
    privacy_notice_version  text,
    decided_at              timestamptz NOT NULL
);
CREATE INDEX approvals_session_idx ON approvals (session_id);

-- Connect tickets: single-use credentials for the technician's socket. The jti is recorded at issue
-- and consumed atomically at use.
CREATE TABLE connect_tickets (
    jti             text PRIMARY KEY,
    session_id      uuid NOT NULL REFERENCES support_sessions (id),
    technician_id   uuid NOT NULL REFERENCES technicians (id),
    key_thumbprint  text,
    issued_at       timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    used_at         timestamptz
);
CREATE INDEX connect_tickets_expiry_idx ON connect_tickets (expires_at);
