package io.chaperone.cluster;

import io.chaperone.simulator.DeviceIdentity;
import io.chaperone.simulator.HubAgent;
import io.chaperone.simulator.HubAttester;
import io.chaperone.simulator.HubEnroller;
import io.chaperone.simulator.SimulatedHub;
import io.chaperone.support.WsClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The node holding a session's hub is killed with {@code kill -9}: the hub reconnects to another node, the technician
 * reconnects with a new connect ticket and the session goes on; the audit holds exactly one command row per command
 * the hub received, and the hub received none twice.
 */
class NodeFailureSessionIT {

    private static final String MODEL = "chaperone-hub-1";
    private static final String FIRMWARE = "1.4.2";
    private static final String ORIGIN = "http://localhost:8080";
    private static final Duration BOUND = Duration.ofSeconds(90);

    private static ClusterNodes cluster;
    private static Vertx vertx;

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
    void shouldGoOnAfterTheHubsNodeDiedAndTheTechnicianReconnected() throws Exception {
        ClusterNodes.Node a = cluster.node(0);
        ClusterNodes.Node b = cluster.node(1);
        ClusterNodes.Node c = cluster.node(2);
        // Given a hub on node A (reconnecting over B and C) and its session's technician on node B
        String ops = ClusterRest.login(a, "bench-ops");
        String resident = ClusterRest.login(a, "bench-resident");
        String tech = ClusterRest.login(a, "bench-tech");
        String providerId = ClusterRest.call(a, "POST", "/api/v1/providers", ops,
                new JsonObject().put("name", "IT provider").put("org", "bench"), 201).getString("id");
        ClusterRest.call(a, "GET", "/api/v1/me", tech, null, 200);
        String templateId = ClusterRest.call(a, "POST", "/api/v1/templates", ops, new JsonObject()
                .put("name", "it-" + UUID.randomUUID()).put("description", "node failure").put("ops", new JsonArray().add("diag.read"))
                .put("deviceKinds", new JsonArray().add("thermostat")).put("maxDurationMinutes", 120)
                .put("redactionDefaults", new JsonArray().add("secret")).put("expectedCommandRate", 6000), 201).getString("id");
        ClusterRest.call(a, "POST", "/api/v1/ops/attestation-baselines", ops, new JsonObject().put("model", MODEL)
                .put("firmware", FIRMWARE).put("measurements", HubAttester.referenceMeasurements(MODEL, FIRMWARE)), 201);
        String homeId = ClusterRest.call(a, "POST", "/api/v1/homes", resident, new JsonObject().put("name", "flat"), 201)
                .getString("id");
        String code = ClusterRest.call(a, "POST", "/api/v1/homes/" + homeId + "/hub-claims", resident, null, 201)
                .getString("claimCode");
        DeviceIdentity identity = HubEnroller.enroll(URI.create(a.baseUrl()), code, "hub", MODEL, FIRMWARE);
        HubAgent agent = HubAgent.standardHome(Clock.systemUTC());
        SimulatedHub hub = SimulatedHub.builder(vertx, a.hubUri()).failover(List.of(b.hubUri(), c.hubUri()))
                .identity(identity).agent(agent).attestation(new HubAttester(identity, MODEL, FIRMWARE))
                .autoReconnect(true).backoff(Duration.ofMillis(200), Duration.ofSeconds(2)).build();
        hub.connect().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        await().atMost(BOUND).until(() -> hub.welcomeCount() > 0);
        await().atMost(BOUND).until(() -> count("SELECT count(*) FROM devices WHERE hub_id = ?::uuid", identity.hubId().toString()) > 0);
        String ticketId = ClusterRest.call(a, "POST", "/api/v1/tickets", resident, new JsonObject().put("homeId", homeId)
                .put("providerId", providerId).put("category", "device").put("summary", "it"), 201).getString("id");
        String sid = ClusterRest.call(a, "POST", "/api/v1/sessions", tech, new JsonObject().put("ticketId", ticketId)
                .put("hubId", identity.hubId().toString()).put("templateId", templateId).put("durationMinutes", 60).put("reason", "it")
                .put("scope", new JsonObject().put("grants", new JsonArray().add(new JsonObject()
                        .put("devices", new JsonArray().add("thermostat-1")).put("ops", new JsonArray().add("diag.read"))))), 201)
                .getString("id");
        ClusterRest.call(a, "POST", "/api/v1/sessions/" + sid + "/approve", resident, new JsonObject().put("reveal", new JsonArray()), 200);
        WsClient first = technician(b, sid);
        awaitHubOnline(first);
        List.of("c-1", "c-2", "c-3").forEach(id -> first.sendCommand(id, "thermostat-1", "diag.read"));
        await().atMost(BOUND).until(() -> first.frames("result").size() == 3);

        // When node A is killed, the hub comes back on another node and the technician reconnects with a new ticket
        a.kill9();
        await().atMost(BOUND).until(() -> hub.welcomeCount() >= 2);
        assertThat(hub.currentUri()).isIn(b.hubUri(), c.hubUri());
        first.close();
        await().atMost(BOUND).until(() -> count("SELECT count(*) FROM hub_presence WHERE hub_id = ?::uuid "
                + "AND node_id <> 'node-a' AND lease_until > now()", identity.hubId().toString()) == 1);
        WsClient second = technician(b, sid);
        awaitHubOnline(second);

        // Then the session goes on
        List.of("d-1", "d-2", "d-3").forEach(id -> second.sendCommand(id, "thermostat-1", "diag.read"));
        await().atMost(BOUND).until(() -> second.frames("result").size() == 3);
        assertThat(second.frames("result")).allSatisfy(f -> assertThat(f.getBoolean("ok")).isTrue());
        // And the hub got every command once, each with exactly one committed command row
        List<String> received = agent.receivedCommands().stream().map(f -> f.getString("id")).toList();
        assertThat(received).containsExactly("c-1", "c-2", "c-3", "d-1", "d-2", "d-3");
        assertThat(count("SELECT count(*) FROM audit_events WHERE chain_id = ?::uuid AND kind = 'command'", sid)).isEqualTo(6);
        for (String id : received) {
            assertThat(count("SELECT count(*) FROM audit_events WHERE chain_id = ?::uuid AND kind = 'command' AND correlation_id = '"
                    + id + "'", sid)).as(id).isEqualTo(1);
        }
        second.close();
        hub.close();
    }

    private static void awaitHubOnline(WsClient technician) {
        await().atMost(BOUND).until(() -> technician.frames("session").stream()
                .anyMatch(f -> Boolean.TRUE.equals(f.getBoolean("hubOnline"))));
    }

    private static WsClient technician(ClusterNodes.Node node, String sid) {
        String ticket = ClusterRest.call(node, "POST", "/api/v1/sessions/" + sid + "/tickets", ClusterRest.login(node, "bench-tech"),
                null, 201).getString("ticket");
        return WsClient.connect(vertx, node.httpPort(), "/ws/sessions/" + sid, Map.of("Origin", ORIGIN, "Authorization", "Bearer " + ticket));
    }

    private static long count(String sql, String param) throws Exception {
        try (Connection db = DriverManager.getConnection(cluster.jdbcUrl(), "postgres", "postgres");
             PreparedStatement s = db.prepareStatement(sql)) {
            s.setString(1, param);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }
}
