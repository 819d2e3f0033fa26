-- One checkpoint signer at a time across nodes (issue 13, docs/adr/0019-one-owner-per-claim.md, docs/audit.md).
-- Every node parks the chains its writer changed; the node holding the signer lease signs the stored heads of
-- all parked chains into one checkpoint and removes them, in one transaction. The lease (database clock) is
-- renewed by each signing round; another node takes it once it lapsed, so a dead signer is replaced.
CREATE TABLE audit_signer (
    id          smallint    PRIMARY KEY CHECK (id = 1),
    node_id     text        NOT NULL,
    lease_until timestamptz NOT NULL
);
CREATE TABLE audit_pending_chains (
    chain_id uuid PRIMARY KEY
);
