package io.chaperone.cluster;

import io.chaperone.simulator.SimulatedDevice;
import io.chaperone.support.WsClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.chaperone.cluster.ClusterWorld.call;
import static io.chaperone.cluster.ClusterWorld.login;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * System commands across nodes (CommandGate#system): the hub on node A, the rollback asked over REST on B and on
 * C, the read-back at the session's end decided on a node that is not the hub's. Each command reaches the hub once
 * through A, its result comes back, and the audit holds exactly the rows one node writes. Then the failure
 * outcomes: no node holds the hub → {@code offline}; the hub's node dies mid-rollback → {@code failed}, the restore
 * never delivered twice.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrossNodeRollbackIT {

    private static final Duration BOUND = Duration.ofSeconds(60);

    private static ClusterWorld world;

    @BeforeAll
    static void boot() throws Exception {
        world = ClusterWorld.start(3, Map.of(
                "chaperone.cluster.presence.lease-duration", "PT3S",
                "chaperone.cluster.presence.renew-interval", "PT1S",
                "chaperone.relay.system-command-timeout", "PT4S"));
    }

    @AfterAll
    static void shutDown() throws Exception {
        if (world != null) {
            world.close();
        }
    }

    @Test
    @Order(1)
    void shouldRollBackFromEveryNodeThroughTheHubsNode() throws Exception {
        ClusterNodes.Node a = world.node(0);
        ClusterNodes.Node b = world.node(1);
        ClusterNodes.Node c = world.node(2);
        // Given a hub on A whose session's technician on B changed two settings, and the session ended through C
        ClusterWorld.Home home = world.home(a);
        JsonObject factory = thermostat(home).config();
        String sid = endedWritingSession(home, b, c);

        // Then the read-back ran once, through A, and judged both changes
        assertThat(persistence(c, sid)).containsExactly("persisted", "persisted");
        assertThat(rows(sid, "kind = 'command' AND op = 'config.read' AND actor = 'system:change' AND outcome = 'allowed'"))
                .isEqualTo(1);
        assertThat(rows(sid, "kind = 'result' AND correlation_id LIKE 'readback-%'")).isEqualTo(1);

        // When the resident rolls one change back through B and the other through C
        List<String> changes = call(b, resident(b)).get("/api/v1/sessions/{id}/changes", sid).then().statusCode(200)
                .extract().path("id");
        assertThat(rollback(b, sid, Map.of("changes", List.of(changes.get(0))))).containsExactly("restored");
        assertThat(rollback(c, sid, Map.of())).containsExactly("restored");

        // Then the hub got each restore once, each with one C1 row committed before it left and one result row
        assertThat(thermostat(home).config()).isEqualTo(factory);
        assertThat(home.agent().receivedCommands().stream().filter(f -> "config.restore".equals(f.getString("op")))
                .map(f -> f.getString("id")).toList()).containsExactlyInAnyOrder(
                        "rollback-" + changes.get(0), "rollback-" + changes.get(1));
        for (String change : changes) {
            String id = "rollback-" + change;
            assertThat(rows(sid, "kind = 'command' AND op = 'config.restore' AND actor = 'system:change' "
                    + "AND outcome = 'allowed' AND correlation_id = '" + id + "'")).as(id).isEqualTo(1);
            assertThat(rows(sid, "kind = 'result' AND correlation_id = '" + id + "'")).as(id).isEqualTo(1);
        }
        assertThat(rows(sid, "kind IN ('command.denied', 'command.abandoned')")).isZero();
        assertThat(call(a, resident(a)).get("/api/v1/sessions/{id}/changes", sid).then().statusCode(200)
                .extract().<List<String>>path("rollback")).containsExactly("restored", "restored");
    }

    @Test
    @Order(2)
    void shouldAnswerOfflineWhenNoNodeHoldsTheHub() throws Exception {
        ClusterNodes.Node a = world.node(0);
        ClusterNodes.Node b = world.node(1);
        ClusterNodes.Node c = world.node(2);
        ClusterWorld.Home home = world.home(a);
        String sid = endedWritingSession(home, b, c);

        // When the hub is gone from every node
        home.hub().close();
        await().atMost(BOUND).until(() -> world.count("SELECT count(*) FROM hub_presence WHERE hub_id = ?::uuid",
                home.hubId()) == 0);

        // Then a rollback asked on B is offline: judged, refused as hub_offline, nothing forwarded
        assertThat(rollback(b, sid, Map.of())).containsExactly("offline", "offline");
        assertThat(rows(sid, "kind = 'command' AND op = 'config.restore'")).isZero();
        assertThat(rows(sid, "kind = 'command.denied' AND op = 'config.restore' AND outcome = 'denied:hub_offline'"))
                .isEqualTo(2);
        assertThat(home.agent().receivedCommands().stream().filter(f -> "config.restore".equals(f.getString("op"))))
                .isEmpty();
    }

    @Test
    @Order(3)
    void shouldNeverDeliverARestoreTwiceWhenTheHubsNodeDiesMidRollback() throws Exception {
        ClusterNodes.Node a = world.node(0);
        ClusterNodes.Node b = world.node(1);
        ClusterNodes.Node c = world.node(2);
        ClusterWorld.Home home = world.home(a, List.of(b.hubUri(), c.hubUri()));
        JsonObject factory = thermostat(home).config();
        String sid = endedWritingSession(home, b, c);
        String resident = resident(b);

        Map<String, String> first = call(b, resident).get("/api/v1/sessions/{id}/changes", sid).then().statusCode(200)
                .extract().path("[0]");
        String change = first.get("id");
        String id = "rollback-" + change;

        // Given a rollback asked on B whose restore left B for A, where the hub does not read it yet
        home.hub().pause();
        CompletableFuture<List<String>> asked = CompletableFuture.supplyAsync(() -> call(b, resident)
                .body(Map.of("changes", List.of(change))).post("/api/v1/sessions/{id}/rollback", sid).then()
                .statusCode(200).extract().path("results.result"));
        await().atMost(BOUND).until(() -> rows(sid, "kind = 'command' AND correlation_id = '" + id + "'") == 1);

        // When node A is killed and the hub reconnects elsewhere
        a.kill9();
        home.hub().resume();
        await().atMost(BOUND).until(() -> home.hub().welcomeCount() >= 2);

        // Then the rollback's outcome is stated as failed (forwarded, unanswered), and the hub got the restore once at most
        assertThat(asked.get(BOUND.toSeconds(), TimeUnit.SECONDS)).containsExactly("failed");
        long received = home.agent().receivedCommands().stream().filter(f -> id.equals(f.getString("id"))).count();
        assertThat(received).isLessThanOrEqualTo(1);
        assertThat(rows(sid, "kind = 'command' AND correlation_id = '" + id + "'")).isEqualTo(1);
        assertThat(rows(sid, "kind = 'result' AND correlation_id = '" + id + "'")).isZero();

        // And asked again through C once the hub is back, the hub's compare-and-set tells whether the first one ran
        await().atMost(BOUND).until(() -> world.count("SELECT count(*) FROM hub_presence WHERE hub_id = ?::uuid "
                + "AND node_id <> 'node-a' AND lease_until > now()", home.hubId()) == 1);
        await().atMost(BOUND).until(() -> rollback(c, sid, Map.of("changes", List.of(change)))
                .equals(List.of(received == 1 ? "conflict" : "restored")));
        assertThat(thermostat(home).config().getValue(first.get("setting"))).isEqualTo(factory.getValue(first.get("setting")));
        a.start();
    }

    /** A session on {@code home}'s hub: two settings changed by its technician on {@code technicianNode}, ended through {@code endNode}. */
    private static String endedWritingSession(ClusterWorld.Home home, ClusterNodes.Node technicianNode,
                                              ClusterNodes.Node endNode) {
        String sid = world.approvedSession(technicianNode, home, "config.write");
        WsClient technician = world.technician(technicianNode, sid);
        await().atMost(BOUND).until(() -> technician.frames("session").stream()
                .anyMatch(f -> Boolean.TRUE.equals(f.getBoolean("hubOnline"))));
        write(technician, "c-1", new JsonObject().put("setpoint", 23));
        write(technician, "c-2", new JsonObject().put("mode", "cool"));
        await().atMost(BOUND).until(() -> persistence(endNode, sid).size() == 2);
        call(endNode, resident(endNode)).post("/api/v1/sessions/{id}/end", sid).then().statusCode(200);
        technician.awaitClose();
        await().atMost(BOUND).until(() -> !persistence(endNode, sid).contains("pending"));
        return sid;
    }

    private static void write(WsClient technician, String id, JsonObject args) {
        technician.send(new JsonObject().put("type", "cmd").put("id", id).put("device", "thermostat-1")
                .put("op", "config.write").put("args", args));
        assertThat(technician.awaitReply("result", id).getBoolean("ok")).isTrue();
    }

    private static List<String> rollback(ClusterNodes.Node node, String sid, Map<String, Object> body) {
        return call(node, resident(node)).body(body).post("/api/v1/sessions/{id}/rollback", sid).then().statusCode(200)
                .extract().path("results.result");
    }

    private static List<String> persistence(ClusterNodes.Node node, String sid) {
        return call(node, resident(node)).get("/api/v1/sessions/{id}/changes", sid).then().statusCode(200)
                .extract().path("persistence");
    }

    private static String resident(ClusterNodes.Node node) {
        return login(node, "bench-resident");
    }

    private static long rows(String sid, String where) {
        return world.count("SELECT count(*) FROM audit_events WHERE chain_id = ?::uuid AND " + where, sid);
    }

    private static SimulatedDevice thermostat(ClusterWorld.Home home) {
        return home.agent().device("thermostat-1").orElseThrow();
    }
}
