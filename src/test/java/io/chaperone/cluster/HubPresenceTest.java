package io.chaperone.cluster;

import io.chaperone.relay.RelayWorld;
import io.chaperone.relay.RelayWorld.Home;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Hub presence leases in cluster mode (lease 2 s, renewal every 0.5 s), with real hubs on the mTLS listener. */
@QuarkusTest
@TestProfile(ClusterModeProfile.class)
class HubPresenceTest {

    private static final Duration BOUND = Duration.ofSeconds(15);

    @Inject
    RelayWorld world;
    @Inject
    HubPresence presence;
    @Inject
    ClusterBus bus;
    @Inject
    Pool pool;

    @AfterEach
    void cleanUp() {
        world.closeAll();
    }

    @Test
    void shouldClaimTheHubOnConnectRenewItsLeaseAndReleaseItOnClose() {
        // Given a hub connected to this node
        Home home = world.home(List.of("diag.read"), 600);

        // Then its lease names this node, and the renewal keeps pushing lease_until forward
        await().atMost(BOUND).until(() -> lease(home.hubId()).isPresent());
        Row first = lease(home.hubId()).orElseThrow();
        assertThat(first.getString("node_id")).isEqualTo("test-node-1");
        assertThat(first.getLong("epoch")).isEqualTo(1L);
        OffsetDateTime until = first.getOffsetDateTime("lease_until");
        await().atMost(BOUND).until(() -> lease(home.hubId()).orElseThrow().getOffsetDateTime("lease_until").isAfter(until));
        Optional<HubOwner> owner = presence.ownerOf(home.hubId()).await().atMost(BOUND);
        assertThat(owner).hasValueSatisfying(o -> {
            assertThat(o.nodeId()).isEqualTo("test-node-1");
            assertThat(o.local()).isTrue();
            assertThat(o.epoch()).isEqualTo(1L);
        });
        assertThat(rows("SELECT 1 FROM cluster_nodes WHERE node_id = 'test-node-1' AND lease_until > now()", null).size()).isEqualTo(1);

        // When the hub closes its socket
        home.hub().close();

        // Then the lease is gone: the hub is offline for every node
        await().atMost(BOUND).until(() -> lease(home.hubId()).isEmpty());
        assertThat(presence.online(home.hubId()).await().atMost(BOUND)).isFalse();
    }

    @Test
    void shouldCloseTheStaleSocketWhenAnotherNodeTookTheHubOver() {
        // Given a hub on this node
        Home home = world.home(List.of("diag.read"), 600);
        await().atMost(BOUND).until(() -> lease(home.hubId()).isPresent());

        // When another node claims it (its newer connection of the hub), as HubPresence there would
        rows("UPDATE hub_presence SET node_id = 'node-x', incarnation = gen_random_uuid(), epoch = epoch + 1, "
                + "lease_until = now() + interval '1 minute' "
                + "WHERE hub_id = $1", home.hubId());

        // Then this node closes its socket as superseded at its next renewal, and leaves node-x's lease alone
        await().atMost(BOUND).until(() -> home.hub().lastCloseCode().isPresent());
        assertThat(home.hub().lastCloseCode()).contains(4008);
        Row row = lease(home.hubId()).orElseThrow();
        assertThat(row.getString("node_id")).isEqualTo("node-x");
        assertThat(row.getLong("epoch")).isEqualTo(2L);
        assertThat(presence.ownerOf(home.hubId()).await().atMost(BOUND))
                .hasValueSatisfying(o -> assertThat(o.local()).isFalse());
    }

    @Test
    void shouldCloseAtOnceWhenTheNewOwnerSaysSoOverTheBus() {
        // Given a hub on this node, whose lease is still ours in the database
        Home home = world.home(List.of("diag.read"), 600);
        await().atMost(BOUND).until(() -> lease(home.hubId()).isPresent());

        // When a newer owner's message arrives on this node's subject
        bus.publish(bus.subjects().node("test-node-1") + ".hub-taken", (home.hubId() + " 7").getBytes(StandardCharsets.UTF_8));

        // Then the socket closes as superseded, and its own close releases its own lease
        await().atMost(BOUND).until(() -> home.hub().lastCloseCode().isPresent());
        assertThat(home.hub().lastCloseCode()).contains(4008);
        await().atMost(BOUND).until(() -> lease(home.hubId()).isEmpty());
    }

    @Test
    void shouldCountAnExpiredLeaseAsNoOwner() {
        // Given a hub whose owner died: its lease row stays but is no longer renewed
        UUID hubId = world.enrollInNewHome().hubId();
        rows("INSERT INTO hub_presence (hub_id, node_id, incarnation, epoch, claimed_at, lease_until) "
                + "VALUES ($1, 'dead-node', gen_random_uuid(), 3, now(), now() - interval '1 millisecond')", hubId);

        // Then no node owns it: no ghost owner
        assertThat(presence.ownerOf(hubId).await().atMost(BOUND)).isEmpty();

        // And while a lease is live, it names its node
        rows("UPDATE hub_presence SET lease_until = now() + interval '5 seconds' WHERE hub_id = $1", hubId);
        assertThat(presence.ownerOf(hubId).await().atMost(BOUND))
                .hasValueSatisfying(o -> assertThat(o.nodeId()).isEqualTo("dead-node"));
        rows("DELETE FROM hub_presence WHERE hub_id = $1", hubId);
    }

    private Optional<Row> lease(UUID hubId) {
        RowSet<Row> rows = rows("SELECT node_id, epoch, lease_until FROM hub_presence WHERE hub_id = $1", hubId);
        return rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next());
    }

    private RowSet<Row> rows(String sql, UUID hubId) {
        Tuple args = hubId == null ? Tuple.tuple() : Tuple.of(hubId);
        return pool.preparedQuery(sql).execute(args).await().atMost(BOUND);
    }
}
