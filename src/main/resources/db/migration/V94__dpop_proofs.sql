-- DPoP proofs (RFC 9449) already accepted, for the single use of each jti per key across every node.
-- A row is needed only while a proof with that jti could still pass the iat window (seen_until =
-- iat + chaperone.tickets.dpop.max-skew); DpopProofs prunes older rows every minute.
CREATE TABLE dpop_proofs (
    key_thumbprint  text NOT NULL,
    jti             text NOT NULL,
    seen_until      timestamptz NOT NULL,
    PRIMARY KEY (key_thumbprint, jti)
);
CREATE INDEX dpop_proofs_seen_until_idx ON dpop_proofs (seen_until);
