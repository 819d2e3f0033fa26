package io.chaperone.cluster;

import io.chaperone.simulator.SimulatedHub;
import io.chaperone.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The node holding a session's hub is killed with {@code kill -9}: the hub reconnects to another node, the technician
 * reconnects with a new connect ticket and the session goes on; the audit holds exactly one command row per command
 * the hub received, and the hub received none twice.
 */
class NodeFailureSessionIT {

    private static final Duration BOUND = Duration.ofSeconds(90);

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
    void shouldGoOnAfterTheHubsNodeDiedAndTheTechnicianReconnected() throws Exception {
        ClusterNodes.Node a = world.node(0);
        ClusterNodes.Node b = world.node(1);
        ClusterNodes.Node c = world.node(2);
        // Given a hub on node A (reconnecting over B and C) and its session's technician on node B
        ClusterWorld.Home home = world.home(a, List.of(b.hubUri(), c.hubUri()));
        SimulatedHub hub = home.hub();
        String hubId = home.hubId();
        String sid = world.approvedSession(a, home);
        WsClient first = world.technician(b, sid);
        awaitHubOnline(first);
        List.of("c-1", "c-2", "c-3").forEach(id -> first.sendCommand(id, "thermostat-1", "diag.read"));
        await().atMost(BOUND).until(() -> first.frames("result").size() == 3);

        // When node A is killed, the hub comes back on another node and the technician reconnects with a new ticket
        a.kill9();
        await().atMost(BOUND).until(() -> hub.welcomeCount() >= 2);
        assertThat(hub.currentUri()).isIn(b.hubUri(), c.hubUri());
        first.close();
        await().atMost(BOUND).until(() -> world.count("SELECT count(*) FROM hub_presence WHERE hub_id = ?::uuid "
                + "AND node_id <> 'node-a' AND lease_until > now()", hubId) == 1);
        WsClient second = world.technician(b, sid);
        awaitHubOnline(second);

        // Then the session goes on
        List.of("d-1", "d-2", "d-3").forEach(id -> second.sendCommand(id, "thermostat-1", "diag.read"));
        await().atMost(BOUND).until(() -> second.frames("result").size() == 3);
        assertThat(second.frames("result")).allSatisfy(f -> assertThat(f.getBoolean("ok")).isTrue());
        // And the hub got every command once, each with exactly one committed command row
        List<String> received = home.agent().receivedCommands().stream().map(f -> f.getString("id")).toList();
        assertThat(received).containsExactly("c-1", "c-2", "c-3", "d-1", "d-2", "d-3");
        assertThat(world.count("SELECT count(*) FROM audit_events WHERE chain_id = ?::uuid AND kind = 'command'", sid)).isEqualTo(6);
        for (String id : received) {
            assertThat(world.count("SELECT count(*) FROM audit_events WHERE chain_id = ?::uuid AND kind = 'command' AND correlation_id = '"
                    + id + "'", sid)).as(id).isEqualTo(1);
        }
        second.close();
        hub.close();
    }

    private static void awaitHubOnline(WsClient technician) {
        await().atMost(BOUND).until(() -> technician.frames("session").stream()
                .anyMatch(f -> Boolean.TRUE.equals(f.getBoolean("hubOnline"))));
    }
}
