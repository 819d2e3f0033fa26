package io.chaperone.cluster;

import io.chaperone.simulator.DeviceIdentity;
import io.chaperone.simulator.HubAttester;
import io.chaperone.simulator.HubEnroller;
import io.chaperone.simulator.SimulatedHub;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A node killed with {@code kill -9}: its hub reconnects to another node (jittered back-off over the list of
 * gateway addresses), which takes the presence lease over; a hub that does not come back has no owner once the
 * lease expired (no ghost owner); the killed node started again under the same id does not revive the old leases.
 */
class NodeFailureIT {

    private static final String MODEL = "chaperone-hub-1";
    private static final String FIRMWARE = "1.4.2";
    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final Duration BOUND = Duration.ofSeconds(60);

    private static ClusterNodes cluster;
    private static Vertx vertx;
    private final List<SimulatedHub> hubs = new ArrayList<>();

    @BeforeAll
    static void boot() throws Exception {
        assumeTrue(PrivateNats.available(), "no nats-server on this machine");
        cluster = ClusterNodes.start(3, "nats://127.0.0.1:4222", Map.of(
                "chaperone.cluster.presence.lease-duration", "PT3S",
                "chaperone.cluster.presence.renew-interval", "PT1S"));
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void shutDown() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldMoveTheHubToAnotherNodeAndLeaveNoGhostOwnerWhenANodeIsKilled() throws Exception {
        ClusterNodes.Node a = cluster.node(0);
        ClusterNodes.Node b = cluster.node(1);
        ClusterNodes.Node c = cluster.node(2);
        // Given two hubs on node A: one reconnects over the list of nodes, the other never comes back
        String ops = ClusterRest.login(a, "bench-ops");
        String resident = ClusterRest.login(a, "bench-resident");
        ClusterRest.call(a, "POST", "/api/v1/ops/attestation-baselines", ops, new JsonObject().put("model", MODEL)
                .put("firmware", FIRMWARE).put("measurements", HubAttester.referenceMeasurements(MODEL, FIRMWARE)), 201);
        DeviceIdentity moving = enroll(a, resident);
        DeviceIdentity gone = enroll(a, resident);
        SimulatedHub movingHub = connect(moving, a, List.of(b.hubUri(), c.hubUri()), true);
        SimulatedHub goneHub = connect(gone, a, List.of(), false);
        await().atMost(BOUND).until(() -> owner(moving.hubId()).filter("node-a"::equals).isPresent()
                && owner(gone.hubId()).filter("node-a"::equals).isPresent());
        long firstEpoch = epoch(moving.hubId());

        // When node A is killed (no shutdown, no release)
        a.kill9();

        // Then the moving hub is welcomed by another node, which now owns it under a newer epoch
        await().atMost(BOUND).until(() -> movingHub.welcomeCount() >= 2);
        assertThat(movingHub.currentUri()).isIn(b.hubUri(), c.hubUri());
        String newOwner = movingHub.currentUri().equals(b.hubUri()) ? "node-b" : "node-c";
        await().atMost(BOUND).until(() -> owner(moving.hubId()).filter(newOwner::equals).isPresent());
        assertThat(epoch(moving.hubId())).isGreaterThan(firstEpoch);
        // And the hub that did not come back has no owner once A's lease ran out: no ghost owner
        assertThat(goneHub.isConnected()).isFalse();
        await().atMost(LEASE.multipliedBy(5)).until(() -> owner(gone.hubId()).isEmpty());
        assertThat(count("SELECT count(*) FROM hub_presence WHERE node_id = 'node-a' AND lease_until > now()")).isZero();

        // When A starts again under the same node id
        a.start();

        // Then its renewals (the heartbeat shares their statement) leave the dead process's lease expired
        await().atMost(BOUND).until(() -> count("SELECT count(*) FROM cluster_nodes WHERE node_id = 'node-a' "
                + "AND heartbeat_at > now() - interval '2 seconds'") == 1);
        assertThat(owner(gone.hubId())).isEmpty();
        assertThat(owner(moving.hubId())).contains(newOwner);
    }

    private DeviceIdentity enroll(ClusterNodes.Node node, String resident) {
        String home = ClusterRest.call(node, "POST", "/api/v1/homes", resident, new JsonObject().put("name", "flat"), 201)
                .getString("id");
        String code = ClusterRest.call(node, "POST", "/api/v1/homes/" + home + "/hub-claims", resident, null, 201)
                .getString("claimCode");
        return HubEnroller.enroll(URI.create(node.baseUrl()), code, "hub", MODEL, FIRMWARE);
    }

    private SimulatedHub connect(DeviceIdentity identity, ClusterNodes.Node node, List<URI> failover, boolean reconnect)
            throws Exception {
        SimulatedHub hub = SimulatedHub.builder(vertx, node.hubUri()).failover(failover).identity(identity)
                .attestation(new HubAttester(identity, MODEL, FIRMWARE)).autoReconnect(reconnect)
                .backoff(Duration.ofMillis(200), Duration.ofSeconds(2)).build();
        hubs.add(hub);
        hub.connect().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        await().atMost(BOUND).until(() -> hub.welcomeCount() > 0);
        return hub;
    }

    /** The node with a live lease on the hub, judged by the database clock. */
    private static Optional<String> owner(UUID hubId) throws SQLException {
        try (Connection db = DriverManager.getConnection(cluster.jdbcUrl(), "postgres", "postgres");
             PreparedStatement s = db.prepareStatement("SELECT node_id FROM hub_presence WHERE hub_id = ? AND lease_until > now()")) {
            s.setObject(1, hubId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
            }
        }
    }

    private static long epoch(UUID hubId) throws SQLException {
        try (Connection db = DriverManager.getConnection(cluster.jdbcUrl(), "postgres", "postgres");
             PreparedStatement s = db.prepareStatement("SELECT epoch FROM hub_presence WHERE hub_id = ?")) {
            s.setObject(1, hubId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getLong(1) : -1;
            }
        }
    }

    private static long count(String sql) throws SQLException {
        try (Connection db = DriverManager.getConnection(cluster.jdbcUrl(), "postgres", "postgres");
             ResultSet r = db.createStatement().executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
