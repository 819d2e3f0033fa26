package io.chaperone.cluster;

import io.chaperone.simulator.HubAttester;
import io.chaperone.simulator.HubEnroller;
import io.chaperone.support.WsClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What must hold across nodes for tickets and technicians (ADR 0019), on two gateway processes sharing PostgreSQL:
 * one JWKS, a ticket issued on one node redeems on the other, the same ticket raced to both is spent once, and a
 * second technician connection on the other node is refused with the existing 409 without spending its ticket.
 */
class OwnershipIT {

    private static final String MODEL = "chaperone-hub-1";
    private static final String FIRMWARE = "1.4.2";
    private static final String ORIGIN = "http://localhost:8080";
    private static final Duration BOUND = Duration.ofSeconds(30);

    private static ClusterNodes cluster;
    private static Vertx vertx;
    private static String technician;
    private static String sid;
    private static final List<WsClient> sockets = new ArrayList<>();
    private static io.chaperone.simulator.SimulatedHub hub;

    @BeforeAll
    static void boot() throws Exception {
        assumeTrue(PrivateNats.available(), "no nats-server on this machine");
        cluster = ClusterNodes.start(2);
        vertx = Vertx.vertx();
        ClusterNodes.Node a = cluster.node(0);
        String ops = ClusterRest.login(a, "bench-ops");
        String resident = ClusterRest.login(a, "bench-resident");
        technician = ClusterRest.login(a, "bench-tech");
        for (String token : List.of(ops, resident)) {
            ClusterRest.call(a, "GET", "/api/v1/me", token, null, 200);
        }
        String provider = ClusterRest.call(a, "POST", "/api/v1/providers", ops,
                new JsonObject().put("name", "IT provider").put("org", "bench"), 201).getString("id");
        String template = ClusterRest.call(a, "POST", "/api/v1/templates", ops, new JsonObject().put("name", "it-ownership")
                .put("description", "ownership IT").put("ops", new JsonArray().add("diag.read"))
                .put("deviceKinds", new JsonArray().add("thermostat")).put("maxDurationMinutes", 120)
                .put("redactionDefaults", new JsonArray().add("secret")).put("expectedCommandRate", 600), 201).getString("id");
        ClusterRest.call(a, "POST", "/api/v1/ops/attestation-baselines", ops, new JsonObject().put("model", MODEL)
                .put("firmware", FIRMWARE).put("measurements", HubAttester.referenceMeasurements(MODEL, FIRMWARE)), 201);
        ClusterRest.call(a, "GET", "/api/v1/me", technician, null, 200);
        String home = ClusterRest.call(a, "POST", "/api/v1/homes", resident, new JsonObject().put("name", "flat"), 201)
                .getString("id");
        String code = ClusterRest.call(a, "POST", "/api/v1/homes/" + home + "/hub-claims", resident, null, 201)
                .getString("claimCode");
        io.chaperone.simulator.DeviceIdentity identity = HubEnroller.enroll(URI.create(a.baseUrl()), code, "hub", MODEL, FIRMWARE);
        String hubId = identity.hubId().toString();
        // the hub connects (to A) and reports its devices: a session's scope names devices the hub has
        hub = io.chaperone.simulator.SimulatedHub.builder(vertx, a.hubUri()).identity(identity)
                .attestation(new HubAttester(identity, MODEL, FIRMWARE)).build();
        hub.connect().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        await().atMost(BOUND).until(() -> hub.welcomeCount() > 0);
        await().atMost(BOUND).until(() -> devices(hubId) > 0);
        String ticket = ClusterRest.call(a, "POST", "/api/v1/tickets", resident, new JsonObject().put("homeId", home)
                .put("providerId", provider).put("category", "device").put("summary", "it"), 201).getString("id");
        sid = ClusterRest.call(a, "POST", "/api/v1/sessions", technician, new JsonObject().put("ticketId", ticket)
                .put("hubId", hubId).put("templateId", template).put("durationMinutes", 60).put("reason", "it")
                .put("scope", new JsonObject().put("grants", new JsonArray().add(new JsonObject()
                        .put("devices", new JsonArray().add("thermostat-1")).put("ops", new JsonArray().add("diag.read"))))), 201)
                .getString("id");
        ClusterRest.call(a, "POST", "/api/v1/sessions/" + sid + "/approve", resident,
                new JsonObject().put("reveal", new JsonArray()), 200);
    }

    @AfterAll
    static void shutDown() throws Exception {
        sockets.forEach(WsClient::close);
        if (hub != null) {
            hub.close();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static String connectTicket(ClusterNodes.Node node) {
        return ClusterRest.call(node, "POST", "/api/v1/sessions/" + sid + "/tickets", technician, null, 201).getString("ticket");
    }

    /** The upgrade's outcome: 101 when the socket opened (kept open), else the refusal's status. */
    private static int upgrade(ClusterNodes.Node node, String ticket) {
        try {
            WsClient socket = WsClient.connect(vertx, node.httpPort(), "/ws/sessions/" + sid,
                    Map.of("Origin", ORIGIN, "Authorization", "Bearer " + ticket));
            synchronized (sockets) {
                sockets.add(socket);
            }
            return 101;
        } catch (WsClient.Refused refused) {
            return refused.status();
        }
    }

    private static long count(String sql) throws Exception {
        try (Connection db = DriverManager.getConnection(cluster.jdbcUrl(), "postgres", "postgres");
             PreparedStatement s = db.prepareStatement(sql)) {
            s.setObject(1, java.util.UUID.fromString(sid));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private static long devices(String hubId) throws Exception {
        try (Connection db = DriverManager.getConnection(cluster.jdbcUrl(), "postgres", "postgres");
             PreparedStatement s = db.prepareStatement("SELECT count(*) FROM devices WHERE hub_id = ?")) {
            s.setObject(1, java.util.UUID.fromString(hubId));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private static void leaveAndWaitForRelease() throws Exception {
        synchronized (sockets) {
            sockets.forEach(WsClient::close);
            sockets.clear();
        }
        await().atMost(BOUND).until(() -> count("SELECT count(*) FROM technician_claims WHERE session_id = ?") == 0
                && count("SELECT count(*) FROM support_sessions WHERE id = ? AND state = 'approved'") == 1);
    }

    @Test
    void shouldPublishOneJwksAndRedeemOnOneNodeATicketIssuedOnTheOther() throws Exception {
        Map<String, JsonObject> jwksA = keys(get(cluster.node(0).baseUrl() + "/.well-known/jwks.json"));
        Map<String, JsonObject> jwksB = keys(get(cluster.node(1).baseUrl() + "/.well-known/jwks.json"));
        assertThat(jwksA).isEqualTo(jwksB).isNotEmpty();

        String issuedOnA = connectTicket(cluster.node(0));
        assertThat(upgrade(cluster.node(1), issuedOnA)).isEqualTo(101);
        leaveAndWaitForRelease();
    }

    @Test
    void shouldSpendATicketRacedToTwoNodesOnceAndRefuseASecondConnectionOnTheOtherNode() throws Exception {
        // Given one ticket, presented to both nodes at the same moment
        long usedBefore = count("SELECT count(*) FROM audit_events WHERE chain_id = ? AND kind = 'ticket.used'");
        String ticket = connectTicket(cluster.node(0));
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Integer>> race = cluster.nodes().stream().map(node -> CompletableFuture.supplyAsync(() -> {
            try {
                start.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return upgrade(node, ticket);
        })).toList();
        start.countDown();
        List<Integer> outcomes = race.stream().map(f -> f.orTimeout(60, TimeUnit.SECONDS).join()).toList();

        // Then exactly one upgrade succeeded, the other was refused (replayed ticket, or the session already claimed)
        assertThat(outcomes).containsOnlyOnce(101);
        assertThat(outcomes.stream().filter(s -> s != 101).toList()).singleElement().isIn(401, 409);
        assertThat(count("SELECT count(*) FROM audit_events WHERE chain_id = ? AND kind = 'ticket.used'"))
                .isEqualTo(usedBefore + 1);
        assertThat(count("SELECT count(*) FROM technician_claims WHERE session_id = ?")).isEqualTo(1);

        // When a second technician connection goes to each node while the first is live
        for (ClusterNodes.Node node : cluster.nodes()) {
            String fresh = connectTicket(cluster.node(0)); // (the dev issuer's tokens are per node)
            // Then it is refused with 409 (session_connected) and its ticket stays unspent
            assertThat(upgrade(node, fresh)).as(node.id()).isEqualTo(409);
        }
        assertThat(count("SELECT count(*) FROM connect_tickets WHERE session_id = ? AND used_at IS NULL")).isEqualTo(2);
        leaveAndWaitForRelease();
    }

    private static Map<String, JsonObject> keys(String jwks) {
        return new JsonObject(jwks).getJsonArray("keys").stream().map(JsonObject.class::cast)
                .collect(Collectors.toMap(k -> k.getString("kid"), k -> k));
    }

    private static String get(String url) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(url).isEqualTo(200);
            return r.body();
        }
    }
}
