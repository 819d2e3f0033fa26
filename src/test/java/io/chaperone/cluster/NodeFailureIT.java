package io.chaperone.cluster;

import io.chaperone.simulator.SimulatedHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node killed with {@code kill -9}: its hub reconnects to another node (jittered back-off over the list of
 * gateway addresses), which takes the presence lease over; a hub that does not come back has no owner once the
 * lease expired (no ghost owner); the killed node started again under the same id does not revive the old leases.
 */
class NodeFailureIT {

    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final Duration BOUND = Duration.ofSeconds(60);

    private static ClusterWorld world;

    @BeforeAll
    static void boot() throws Exception {
        world = ClusterWorld.start(3, Map.of(
                "chaperone.cluster.presence.lease-duration", "PT3S",
                "chaperone.cluster.presence.renew-interval", "PT1S"));
    }

    @AfterAll
    static void shutDown() throws Exception {
        if (world != null) {
            world.close();
        }
    }

    @Test
    void shouldMoveTheHubToAnotherNodeAndLeaveNoGhostOwnerWhenANodeIsKilled() throws Exception {
        ClusterNodes.Node a = world.node(0);
        ClusterNodes.Node b = world.node(1);
        ClusterNodes.Node c = world.node(2);
        // Given two hubs on node A: one reconnects over the list of nodes, the other never comes back
        ClusterWorld.Home movingHome = world.home(a, List.of(b.hubUri(), c.hubUri()));
        ClusterWorld.Home goneHome = world.home(a, List.of());
        SimulatedHub movingHub = movingHome.hub();
        SimulatedHub goneHub = goneHome.hub();
        UUID moving = UUID.fromString(movingHome.hubId());
        UUID gone = UUID.fromString(goneHome.hubId());
        await().atMost(BOUND).until(() -> owner(moving).filter("node-a"::equals).isPresent()
                && owner(gone).filter("node-a"::equals).isPresent());
        long firstEpoch = epoch(moving);
        String residentOnB = ClusterWorld.login(b, "bench-resident");
        assertThat(onlineFor(b, residentOnB, goneHome)).isTrue();
        String opsOnB = ClusterWorld.login(b, "bench-ops");
        assertThat(opsOnline(b, opsOnB, gone)).isTrue();

        // When node A is killed (no shutdown, no release)
        a.kill9();
        java.time.OffsetDateTime lastLease = leaseUntil(gone);

        // Then the moving hub is welcomed by another node, which now owns it under a newer epoch
        await().atMost(BOUND).until(() -> movingHub.welcomeCount() >= 2);
        assertThat(movingHub.currentUri()).isIn(b.hubUri(), c.hubUri());
        String newOwner = movingHub.currentUri().equals(b.hubUri()) ? "node-b" : "node-c";
        await().atMost(BOUND).until(() -> owner(moving).filter(newOwner::equals).isPresent());
        assertThat(epoch(moving)).isGreaterThan(firstEpoch);
        // And the hub that did not come back has no owner once A's lease ran out: no ghost owner
        assertThat(goneHub.isConnected()).isFalse();
        await().atMost(LEASE.multipliedBy(5)).until(() -> owner(gone).isEmpty());
        // And residents see it offline on every node exactly from the dead node's last lease on, never before
        await().atMost(LEASE.multipliedBy(5)).until(() -> {
            java.time.OffsetDateTime before = databaseNow();
            boolean online = onlineFor(b, residentOnB, goneHome);
            boolean listed = opsOnline(b, opsOnB, gone);
            java.time.OffsetDateTime after = databaseNow();
            if (after.isBefore(lastLease)) {
                assertThat(online).as("online while the lease runs").isTrue();
                assertThat(listed).as("online in the ops list while the lease runs").isTrue();
            }
            if (!before.isBefore(lastLease)) {
                assertThat(online).as("offline once the lease ran out").isFalse();
                assertThat(listed).as("offline in the ops list once the lease ran out").isFalse();
            }
            return !online && !listed;
        });
        assertThat(onlineFor(c, ClusterWorld.login(c, "bench-resident"), goneHome)).isFalse();
        assertThat(world.count("SELECT count(*) FROM hub_presence WHERE node_id = 'node-a' AND lease_until > now()")).isZero();

        // When A starts again under the same node id
        a.start();

        // Then its renewals (the heartbeat shares their statement) leave the dead process's lease expired
        await().atMost(BOUND).until(() -> world.count("SELECT count(*) FROM cluster_nodes WHERE node_id = 'node-a' "
                + "AND heartbeat_at > now() - interval '2 seconds'") == 1);
        assertThat(owner(gone)).isEmpty();
        assertThat(owner(moving)).contains(newOwner);
    }

    /** {@code online} of the home's hub as its resident reads it through {@code node}. */
    private static boolean onlineFor(ClusterNodes.Node node, String resident, ClusterWorld.Home home) {
        return ClusterWorld.call(node, resident).get("/api/v1/homes/{id}", home.homeId()).then().statusCode(200)
                .extract().path("hubs[0].online");
    }

    /** {@code online} of the hub in the ops hub list as ops read it through {@code node}. */
    private static boolean opsOnline(ClusterNodes.Node node, String ops, UUID hubId) {
        List<Map<String, Object>> hubs = ClusterWorld.call(node, ops).get("/api/v1/ops/hubs").then().statusCode(200)
                .extract().jsonPath().getList("$");
        return hubs.stream().filter(h -> hubId.toString().equals(h.get("id"))).findFirst()
                .map(h -> Boolean.TRUE.equals(h.get("online"))).orElseThrow();
    }

    private static java.time.OffsetDateTime leaseUntil(UUID hubId) throws SQLException {
        try (Connection db = DriverManager.getConnection(world.cluster.jdbcUrl(), "postgres", "postgres");
             PreparedStatement s = db.prepareStatement("SELECT lease_until FROM hub_presence WHERE hub_id = ?")) {
            s.setObject(1, hubId);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getObject(1, java.time.OffsetDateTime.class);
            }
        }
    }

    private static java.time.OffsetDateTime databaseNow() throws SQLException {
        try (Connection db = DriverManager.getConnection(world.cluster.jdbcUrl(), "postgres", "postgres");
             ResultSet r = db.createStatement().executeQuery("SELECT clock_timestamp()")) {
            r.next();
            return r.getObject(1, java.time.OffsetDateTime.class);
        }
    }

    /** The node with a live lease on the hub, judged by the database clock. */
    private static Optional<String> owner(UUID hubId) throws SQLException {
        try (Connection db = DriverManager.getConnection(world.cluster.jdbcUrl(), "postgres", "postgres");
             PreparedStatement s = db.prepareStatement("SELECT node_id FROM hub_presence WHERE hub_id = ? AND lease_until > now()")) {
            s.setObject(1, hubId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
            }
        }
    }

    private static long epoch(UUID hubId) throws SQLException {
        try (Connection db = DriverManager.getConnection(world.cluster.jdbcUrl(), "postgres", "postgres");
             PreparedStatement s = db.prepareStatement("SELECT epoch FROM hub_presence WHERE hub_id = ?")) {
            s.setObject(1, hubId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getLong(1) : -1;
            }
        }
    }
}
