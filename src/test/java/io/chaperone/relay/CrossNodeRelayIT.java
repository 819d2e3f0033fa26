package io.chaperone.relay;

import io.chaperone.cluster.ClusterNodes;
import io.chaperone.cluster.PrivateNats;
import io.chaperone.simulator.CapabilityVerifier;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Cross-node routing (docs/adr/0015): three gateway processes on a private NATS, the hub's socket on node A, the
 * technician's on node B. Policy and the C1 commit run on B; the hub gets exactly the audited commands, once, in
 * order; results come back in order; a NATS restart mid-session loses and duplicates nothing.
 */
class CrossNodeRelayIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String MODEL = "chaperone-hub-1";
    private static final String FIRMWARE = "1.4.2";
    private static final String ORIGIN = "http://localhost:8080";

    private static PrivateNats nats;
    private static ClusterNodes cluster;
    private static Vertx vertx;
    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeAll
    static void boot() throws Exception {
        assumeTrue(PrivateNats.available(), "no nats-server on this machine");
        nats = new PrivateNats().start();
        cluster = ClusterNodes.start(3, nats.url(), Map.of());
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void shutDown() {
        if (cluster != null) {
            cluster.close();
        }
        if (nats != null) {
            nats.close();
        }
        if (vertx != null) {
            vertx.close();
        }
    }

    @AfterEach
    void closePeers() {
        for (AutoCloseable peer : opened) {
            try {
                peer.close();
            } catch (Exception ignored) {
                // already gone
            }
        }
        opened.clear();
    }

    @Test
    void shouldRelayAuditedCommandsAndTheirResultsInOrderBetweenAHubOnNodeAAndATechnicianOnNodeB() {
        // Given a hub connected to node A and a technician connected to node B
        ClusterNodes.Node a = cluster.node(0);
        ClusterNodes.Node b = cluster.node(1);
        World world = world(a);
        String sid = world.approvedSession();
        WsClient technician = technician(b, world, sid);
        JsonObject session = technician.await(f -> "session".equals(f.getString("type")));
        assertThat(session.getBoolean("hubOnline")).isTrue();
        assertThat(session.getJsonArray("devices").stream().map(d -> ((JsonObject) d).getString("id")).toList())
                .contains("thermostat-1");

        // When the technician sends 40 commands at once, and one outside the scope
        List<String> ids = IntStream.rangeClosed(1, 40).mapToObj(i -> "c-" + i).toList();
        ids.forEach(id -> technician.sendCommand(id, "thermostat-1", "diag.read"));
        technician.sendCommand("c-out", "thermostat-1", "config.write");

        // Then node B denied the one outside the scope, and every other result came back, in order
        assertThat(technician.awaitReply("denied", "c-out").getString("code")).isEqualTo("out_of_scope");
        await().atMost(WAIT).until(() -> technician.frames("result").size() == ids.size());
        assertThat(technician.frames("result").stream().map(f -> f.getString("id")).toList()).isEqualTo(ids);
        assertThat(technician.frames("result")).allSatisfy(f -> assertThat(f.getBoolean("ok")).isTrue());
        // and the hub on node A got exactly those commands, once each, in order, numbered 1..40 in the session
        List<JsonObject> received = world.hub.agent().receivedCommands();
        assertThat(received.stream().map(c -> c.getString("id")).toList()).isEqualTo(ids);
        assertThat(received.stream().map(c -> c.getLong("seq")).toList())
                .isEqualTo(IntStream.rangeClosed(1, 40).mapToObj(Long::valueOf).toList());
        // and nothing reached it unaudited: one committed command row per command it received, none for the denial
        assertThat(count(cluster, "SELECT count(*) FROM audit_events WHERE chain_id = ?::uuid AND kind = 'command'", sid))
                .isEqualTo(received.size());
        assertThat(count(cluster, "SELECT count(*) FROM audit_events WHERE chain_id = ?::uuid AND kind = 'result'", sid))
                .isEqualTo(received.size());
        assertThat(count(cluster, "SELECT count(*) FROM audit_events WHERE chain_id = ?::uuid AND kind = 'command.denied'", sid))
                .isEqualTo(1);
    }

    @Test
    void shouldLoseAndDuplicateNothingWhenNatsRestartsMidSession() {
        // Given a live cross-node session that already works
        ClusterNodes.Node a = cluster.node(0);
        ClusterNodes.Node b = cluster.node(1);
        World world = world(a);
        String sid = world.approvedSession();
        WsClient technician = technician(b, world, sid);
        technician.await(f -> "session".equals(f.getString("type")));
        technician.sendCommand("warm-up", "thermostat-1", "diag.read");
        technician.awaitReply("result", "warm-up");

        // When NATS stops while commands are on their way, and comes back two seconds later
        List<String> ids = IntStream.rangeClosed(1, 20).mapToObj(i -> "n-" + i).toList();
        ids.subList(0, 10).forEach(id -> technician.sendCommand(id, "thermostat-1", "diag.read"));
        nats.stop();
        ids.subList(10, 20).forEach(id -> technician.sendCommand(id, "thermostat-1", "diag.read"));
        long stoppedAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(10)).until(() -> System.nanoTime() - stoppedAt > 2_000_000_000L);
        nats.start();

        // Then every command has exactly one answer, every command the hub got was audited and answered once
        await().atMost(WAIT).until(() -> ids.stream().allMatch(id -> replies(technician, id) == 1));
        assertThat(ids).allSatisfy(id -> assertThat(replies(technician, id)).as(id).isEqualTo(1));
        List<String> received = world.hub.agent().receivedCommands().stream().map(c -> c.getString("id")).toList();
        assertThat(received).doesNotHaveDuplicates();
        Set<String> results = technician.frames("result").stream().map(f -> f.getString("id")).collect(Collectors.toSet());
        assertThat(results).containsExactlyInAnyOrderElementsOf(received);
        assertThat(count(cluster, "SELECT count(*) FROM audit_events WHERE chain_id = ?::uuid AND kind = 'command'", sid))
                .isEqualTo(received.size());
        // and the results kept the order the hub answered in
        List<String> resultOrder = technician.frames("result").stream().map(f -> f.getString("id")).toList();
        assertThat(resultOrder).isEqualTo(received);
        // and the session goes on
        technician.sendCommand("after", "thermostat-1", "diag.read");
        assertThat(technician.awaitReply("result", "after").getBoolean("ok")).isTrue();
    }

    private static long replies(WsClient technician, String id) {
        return technician.frames().stream().filter(f -> id.equals(f.getString("id"))
                && ("result".equals(f.getString("type")) || "denied".equals(f.getString("type")))).count();
    }

    // ----- the world, built over REST with the bench accounts of the development issuer -----

    private final class World {
        final ClusterNodes.Node node;
        final String ops;
        final String technicianToken;
        final String homeId;
        final String templateId;
        final String providerId;
        final SimulatedHub hub;
        final String hubId;

        World(ClusterNodes.Node node) {
            this.node = node;
            this.ops = login(node, "bench-ops");
            this.technicianToken = login(node, "bench-tech");
            String resident = login(node, "bench-resident");
            for (String token : List.of(ops, resident)) {
                call(node, "GET", "/api/v1/me", token, null, 200);
            }
            String org = "bench";
            JsonArray providers = new JsonArray(call(node, "GET", "/api/v1/providers", ops, null, 200));
            this.providerId = providers.stream().map(JsonObject.class::cast).filter(p -> org.equals(p.getString("org")))
                    .map(p -> p.getString("id")).findFirst().orElseGet(() -> new JsonObject(call(node, "POST", "/api/v1/providers",
                            ops, new JsonObject().put("name", "IT provider").put("org", org), 201)).getString("id"));
            call(node, "GET", "/api/v1/me", technicianToken, null, 200);
            this.templateId = new JsonObject(call(node, "POST", "/api/v1/templates", ops, new JsonObject()
                    .put("name", "it-" + UUID.randomUUID()).put("description", "cross-node").put("ops", new JsonArray().add("diag.read").add("config.write"))
                    .put("deviceKinds", new JsonArray().add("thermostat")).put("maxDurationMinutes", 120)
                    .put("redactionDefaults", new JsonArray().add("secret")).put("expectedCommandRate", 6000), 201)).getString("id");
            call(node, "POST", "/api/v1/ops/attestation-baselines", ops, new JsonObject().put("model", MODEL).put("firmware", FIRMWARE)
                    .put("measurements", new JsonObject(Map.copyOf(HubAttester.referenceMeasurements(MODEL, FIRMWARE)))), -1);
            this.homeId = new JsonObject(call(node, "POST", "/api/v1/homes", resident, new JsonObject().put("name", "flat"), 201))
                    .getString("id");
            String claim = new JsonObject(call(node, "POST", "/api/v1/homes/" + homeId + "/hub-claims", resident, null, 201))
                    .getString("claimCode");
            DeviceIdentity identity = HubEnroller.enroll(URI.create(node.baseUrl()), claim, "hub", MODEL, FIRMWARE);
            this.hubId = identity.hubId().toString();
            HubAgent agent = HubAgent.standardHome(Clock.systemUTC()).enforceCapabilities(
                    CapabilityVerifier.fetch(URI.create(node.baseUrl() + "/.well-known/jwks.json")));
            this.hub = SimulatedHub.builder(vertx, node.hubUri()).identity(identity).agent(agent)
                    .attestation(new HubAttester(identity, MODEL, FIRMWARE)).build();
            try {
                hub.connect().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("hub did not connect", e);
            }
            opened.add(hub);
            await().atMost(WAIT).until(() -> hub.welcomeCount() > 0);
            await().atMost(WAIT).until(() -> count(cluster, "SELECT count(*) FROM devices WHERE hub_id = ?::uuid", hubId) > 0);
        }

        String approvedSession() {
            String resident = login(node, "bench-resident");
            String ticket = new JsonObject(call(node, "POST", "/api/v1/tickets", resident, new JsonObject().put("homeId", homeId)
                    .put("providerId", providerId).put("category", "device").put("summary", "it"), 201)).getString("id");
            String sid = new JsonObject(call(node, "POST", "/api/v1/sessions", technicianToken, new JsonObject()
                    .put("ticketId", ticket).put("hubId", hubId).put("templateId", templateId).put("durationMinutes", 60)
                    .put("reason", "it").put("scope", new JsonObject().put("grants", new JsonArray().add(new JsonObject()
                            .put("devices", new JsonArray().add("thermostat-1")).put("ops", new JsonArray().add("diag.read"))))), 201))
                    .getString("id");
            call(node, "POST", "/api/v1/sessions/" + sid + "/approve", resident, new JsonObject().put("reveal", new JsonArray()), 200);
            return sid;
        }
    }

    private World world(ClusterNodes.Node node) {
        return new World(node);
    }

    private WsClient technician(ClusterNodes.Node node, World world, String sid) {
        // Each node's development issuer signs with a key of its own: sign in on the node the technician uses.
        String ticket = new JsonObject(call(node, "POST", "/api/v1/sessions/" + sid + "/tickets", login(node, "bench-tech"),
                null, 201)).getString("ticket");
        WsClient client = WsClient.connect(vertx, node.httpPort(), "/ws/sessions/" + sid,
                Map.of("Origin", ORIGIN, "Authorization", "Bearer " + ticket));
        opened.add(client);
        return client;
    }

    private static String login(ClusterNodes.Node node, String user) {
        return new JsonObject(call(node, "POST", "/dev-issuer/login", null, new JsonObject().put("username", user)
                .put("password", "bench").put("mfa", true), 200)).getString("accessToken");
    }

    /** One REST call; {@code expected} -1 accepts any status. */
    private static String call(ClusterNodes.Node node, String method, String path, String token, JsonObject body, int expected) {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.baseUrl() + path))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()))
                    .header("Content-Type", "application/json");
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (expected != -1 && response.statusCode() != expected) {
                throw new AssertionError(method + " " + path + " → " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(method + " " + path, e);
        }
    }

    private static long count(ClusterNodes cluster, String sql, String param) {
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl(), "postgres", "postgres");
             PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, param);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
