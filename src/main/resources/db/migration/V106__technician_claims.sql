-- One technician connection per session across every node (issue 13, docs/adr/0019-one-owner-per-claim.md).
-- The upgrade claims the session before the 101; the claim is renewed by its node (one statement per node per
-- renewal), released when the socket closes and taken over by another node only once lease_until (database
-- clock) has passed: a node that dies leaves its claims to expire, and the technician reconnects elsewhere.
-- No foreign key: the claim is taken before the ticket is checked, so an upgrade naming an unknown session must
-- still be answered 401 (ticket), not fail on a constraint; its refusal releases the claim at once.
CREATE TABLE technician_claims (
    session_id  uuid        PRIMARY KEY,
    claim_id    uuid        NOT NULL,
    node_id     text        NOT NULL,
    lease_until timestamptz NOT NULL
);
CREATE INDEX technician_claims_claim_idx ON technician_claims (claim_id);
