package io.chaperone.cluster;

import io.chaperone.relay.RelayWorld;
import io.chaperone.relay.RelayWorld.Home;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.chaperone.support.Management.management;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** The embedded default: no NATS, no connection attempt, readiness UP in single-node mode, presence in memory. */
@QuarkusTest
class ClusterSingleNodeTest {

    private static final Duration BOUND = Duration.ofSeconds(15);

    @Inject
    ClusterBus bus;
    @Inject
    HubPresence presence;
    @Inject
    RelayWorld world;
    @Inject
    Pool pool;

    @AfterEach
    void cleanUp() {
        world.closeAll();
    }

    @Test
    void shouldRunWithoutNatsAndRefuseBusOperations() {
        assertThat(bus.enabled()).isFalse();
        assertThat(bus.connected()).isFalse();
        assertThat(bus.state()).isNull();
        assertThat(bus.nodeId()).matches(ClusterNode.VALID.pattern());
        management().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'cluster' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'cluster' }.data.mode", equalTo("single-node"));
        assertThatThrownBy(() -> bus.publish("x", new byte[0])).isInstanceOfSatisfying(ClusterException.class,
                e -> assertThat(e.code()).isEqualTo(ClusterException.Code.DISABLED));
        assertThatThrownBy(() -> bus.subscribe("x", m -> { })).isInstanceOfSatisfying(ClusterException.class,
                e -> assertThat(e.code()).isEqualTo(ClusterException.Code.DISABLED));
    }

    @Test
    void shouldKeepHubPresenceInMemoryWithoutATableRow() {
        // Given a connected hub
        Home home = world.home(List.of("diag.read"), 600);

        // Then this node owns it, and nothing was written for it
        assertThat(presence.ownerOf(home.hubId()).await().atMost(BOUND))
                .hasValueSatisfying(o -> assertThat(o.local()).isTrue());
        assertThat(pool.preparedQuery("SELECT count(*) FROM hub_presence WHERE hub_id = $1").execute(Tuple.of(home.hubId()))
                .await().atMost(BOUND).iterator().next().getLong(0)).isZero();

        // And when it disconnects, it is offline
        home.hub().close();
        await().atMost(BOUND).until(() -> !presence.online(home.hubId()).await().atMost(BOUND));
    }
}
