-- Household roles (issue 17, ADR 0021). The owner of a home stays homes.resident_id, so every existing home
-- migrates with its resident as owner and nothing that creates homes changes; home_members holds the others.
CREATE TABLE home_members (
    home_id      uuid NOT NULL REFERENCES homes (id),
    resident_id  uuid NOT NULL REFERENCES residents (id),
    may_decide   boolean NOT NULL DEFAULT false,   -- approve, deny, escalate, resume, reveal, roll back
    may_erase    boolean NOT NULL DEFAULT false,   -- export and erase the home's data
    joined_at    timestamptz NOT NULL,
    invited_by   uuid REFERENCES residents (id),
    PRIMARY KEY (home_id, resident_id)
);
CREATE INDEX home_members_resident_idx ON home_members (resident_id);

-- An invitation names the invitee by resident subject or by e-mail (matched against the token's email claim).
CREATE TABLE home_invitations (
    id           uuid PRIMARY KEY,
    home_id      uuid NOT NULL REFERENCES homes (id),
    invitee      text NOT NULL,
    may_decide   boolean NOT NULL DEFAULT false,
    may_erase    boolean NOT NULL DEFAULT false,
    invited_by   uuid NOT NULL REFERENCES residents (id),
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    state        text NOT NULL,                    -- pending | accepted | cancelled
    decided_at   timestamptz,
    accepted_by  uuid REFERENCES residents (id)
);
CREATE INDEX home_invitations_home_idx ON home_invitations (home_id);
CREATE INDEX home_invitations_invitee_idx ON home_invitations (lower(invitee)) WHERE state = 'pending';
