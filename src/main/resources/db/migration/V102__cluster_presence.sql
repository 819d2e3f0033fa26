-- Cluster mode (docs/cluster.md, ADR 0017): the node holding a hub's socket owns the hub. One row per hub that is
-- or was connected; the owner is node_id while lease_until (database clock) is in the future. Each claim bumps
-- epoch, so a release or a renewal by an older connection never touches a newer one's lease.
CREATE TABLE hub_presence (
    hub_id       uuid PRIMARY KEY REFERENCES hubs (id) ON DELETE CASCADE,
    node_id      text NOT NULL,
    -- The claiming process: a node restarted under the same configured id never renews its predecessor's leases.
    incarnation  uuid NOT NULL,
    epoch        bigint NOT NULL,
    claimed_at   timestamptz NOT NULL,
    lease_until  timestamptz NOT NULL
);
-- The renewal is one UPDATE ... WHERE node_id = $1 per node and tick.
CREATE INDEX hub_presence_node_idx ON hub_presence (node_id);

-- Every node's heartbeat (renewed with its leases): which nodes are alive, for operators and other features.
CREATE TABLE cluster_nodes (
    node_id       text PRIMARY KEY,
    started_at    timestamptz NOT NULL,
    heartbeat_at  timestamptz NOT NULL,
    lease_until   timestamptz NOT NULL
);
