-- One technician connection per session across every node (issue 13, docs/adr/0019-one-owner-per-claim.md).
-- The upgrade claims the session before the 101; the claim is renewed by its node (one statement per node per
-- renewal), released when the socket closes and taken over by another node only once lease_until (database
-- clock) has passed: a node that dies leaves its claims to expire, and the technician reconnects elsewhere.
CREATE TABLE technician_claims (
    session_id  uuid        PRIMARY KEY REFERENCES support_sessions (id) ON DELETE CASCADE,
    claim_id    uuid        NOT NULL,
    node_id     text        NOT NULL,
    lease_until timestamptz NOT NULL
);
CREATE INDEX technician_claims_claim_idx ON technician_claims (claim_id);
