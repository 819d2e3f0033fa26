package io.chaperone.cluster;

import io.chaperone.simulator.CapabilityVerifier;
import io.chaperone.simulator.DeviceIdentity;
import io.chaperone.simulator.HubAgent;
import io.chaperone.simulator.HubAttester;
import io.chaperone.simulator.HubEnroller;
import io.chaperone.simulator.SimulatedHub;
import io.chaperone.support.PackagedJar;
import io.chaperone.support.WsClient;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.Vertx;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The world the cluster ITs build on {@link ClusterNodes}: the gateways, an attestation baseline and the bench
 * provider, then homes with enrolled hubs, approved sessions and technician sockets on whichever node a test names.
 * Everything opened is closed with the world.
 */
final class ClusterWorld implements AutoCloseable {

    static final String MODEL = "chaperone-hub-1";
    static final String FIRMWARE = "1.4.2";
    static final String ORIGIN = "http://localhost:8080";
    static final Duration WAIT = Duration.ofSeconds(30);

    final ClusterNodes cluster;
    final Vertx vertx;
    private final List<AutoCloseable> opened = new ArrayList<>();

    record Home(String homeId, String hubId, SimulatedHub hub, HubAgent agent) {
    }

    record Live(Home home, String sid, WsClient technician) {
        SimulatedHub hub() {
            return home.hub();
        }
    }

    private ClusterWorld(ClusterNodes cluster) {
        this.cluster = cluster;
        this.vertx = Vertx.vertx();
    }

    /** {@code nodes} gateways on a private run of the machine's NATS; skipped where no nats-server exists. */
    static ClusterWorld start(int nodes) throws Exception {
        assumeTrue(PrivateNats.available(), "no nats-server on this machine");
        return prepared(ClusterNodes.start(nodes));
    }

    /** As {@link #start(int)}, with {@code properties} set on every node. */
    static ClusterWorld start(int nodes, Map<String, String> properties) throws Exception {
        assumeTrue(PrivateNats.available(), "no nats-server on this machine");
        return prepared(ClusterNodes.start(nodes, "nats://127.0.0.1:4222", properties));
    }

    private static ClusterWorld prepared(ClusterNodes cluster) {
        ClusterWorld world = new ClusterWorld(cluster);
        ClusterNodes.Node first = cluster.node(0);
        String ops = login(first, "bench-ops");
        call(first, ops).body(Map.of("model", MODEL, "firmware", FIRMWARE,
                        "measurements", HubAttester.referenceMeasurements(MODEL, FIRMWARE)))
                .post("/api/v1/ops/attestation-baselines").then().statusCode(201);
        call(first, ops).body(Map.of("name", "IT provider", "org", "bench")).post("/api/v1/providers")
                .then().statusCode(201);
        return world;
    }

    ClusterNodes.Node node(int index) {
        return cluster.node(index);
    }

    /** A home whose hub is enrolled and connected to {@code node}, checking the capabilities it is given. */
    Home home(ClusterNodes.Node node) throws Exception {
        return home(node, List.of());
    }

    /**
     * A home whose hub is enrolled at and connected to {@code node}; with a {@code failover} list it reconnects
     * (jittered back-off 200 ms–2 s) over those nodes when its connection drops, without one it stays away.
     */
    Home home(ClusterNodes.Node node, List<URI> failover) throws Exception {
        String resident = login(node, "bench-resident");
        String homeId = call(node, resident).body(Map.of("name", "flat")).post("/api/v1/homes")
                .then().statusCode(201).extract().path("id");
        String code = call(node, resident).post("/api/v1/homes/{id}/hub-claims", homeId).then().statusCode(201)
                .extract().path("claimCode");
        DeviceIdentity identity = HubEnroller.enroll(URI.create(node.baseUrl()), code, "hub", MODEL, FIRMWARE);
        HubAgent agent = HubAgent.standardHome(Clock.systemUTC());
        if (failover.isEmpty()) {
            agent.enforceCapabilities(CapabilityVerifier.fetch(URI.create(node.baseUrl() + "/.well-known/jwks.json")));
        }
        SimulatedHub hub = SimulatedHub.builder(vertx, node.hubUri()).failover(failover).identity(identity).agent(agent)
                .attestation(new HubAttester(identity, MODEL, FIRMWARE)).autoReconnect(!failover.isEmpty())
                .backoff(Duration.ofMillis(200), Duration.ofSeconds(2)).build();
        opened.add(hub);
        hub.connect().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> hub.welcomeCount() > 0);
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM devices WHERE hub_id = ?::uuid",
                identity.hubId().toString()) > 0);
        return new Home(homeId, identity.hubId().toString(), hub, agent);
    }

    /** An approved session on {@code home}'s hub for {@code diag.read} on {@code thermostat-1}, made through {@code node}. */
    String approvedSession(ClusterNodes.Node node, Home home) {
        return approvedSession(node, home, "diag.read");
    }

    /** An approved session on {@code home}'s hub for {@code op} on {@code thermostat-1}, made through {@code node}. */
    String approvedSession(ClusterNodes.Node node, Home home, String op) {
        String ops = login(node, "bench-ops");
        String technician = login(node, "bench-tech");
        String resident = login(node, "bench-resident");
        call(node, technician).get("/api/v1/me").then().statusCode(200);
        String providerId = call(node, ops).get("/api/v1/providers").then().statusCode(200).extract()
                .path("find { it.org == 'bench' }.id");
        String templateId = call(node, ops).body(Map.of("name", "it-" + UUID.randomUUID(), "description", "cluster IT",
                        "ops", List.of(op), "deviceKinds", List.of("thermostat"), "maxDurationMinutes", 120,
                        "redactionDefaults", List.of("secret"), "expectedCommandRate", 6000))
                .post("/api/v1/templates").then().statusCode(201).extract().path("id");
        String ticketId = call(node, resident).body(Map.of("homeId", home.homeId(), "providerId", providerId,
                "category", "device", "summary", "cluster IT")).post("/api/v1/tickets").then().statusCode(201)
                .extract().path("id");
        Map<String, Object> scope = Map.of("grants", List.of(Map.of("devices", List.of("thermostat-1"), "ops", List.of(op))));
        String sid = call(node, technician).body(Map.of("ticketId", ticketId, "hubId", home.hubId(), "templateId", templateId,
                        "durationMinutes", 60, "reason", "cluster IT", "scope", scope))
                .post("/api/v1/sessions").then().statusCode(201).extract().path("id");
        // The scope is named: an approval without one grants only the read-only operations (docs/api.md).
        call(node, resident).body(Map.of("reveal", List.of(), "scope", scope)).post("/api/v1/sessions/{id}/approve", sid)
                .then().statusCode(200);
        return sid;
    }

    /** The session's technician connected to {@code node} with a fresh connect ticket. */
    WsClient technician(ClusterNodes.Node node, String sid) {
        String ticket = call(node, login(node, "bench-tech")).post("/api/v1/sessions/{id}/tickets", sid).then()
                .statusCode(201).extract().path("ticket");
        WsClient ws = WsClient.connect(vertx, node.httpPort(), "/ws/sessions/" + sid,
                Map.of("Origin", ORIGIN, "Authorization", "Bearer " + ticket));
        opened.add(ws);
        return ws;
    }

    /** A live session on {@code home}, its technician on {@code node}: the session frame came, one command went through. */
    Live live(ClusterNodes.Node node, Home home) {
        String sid = approvedSession(node, home);
        WsClient ws = technician(node, sid);
        ws.await(f -> "session".equals(f.getString("type")));
        ws.sendCommand("c-1", "thermostat-1", "diag.read");
        ws.awaitReply("result", "c-1");
        return new Live(home, sid, ws);
    }

    /** Closes {@code resource} with the world. */
    <T extends AutoCloseable> T closeWithWorld(T resource) {
        opened.add(resource);
        return resource;
    }

    static String login(ClusterNodes.Node node, String user) {
        return given().baseUri(node.baseUrl()).contentType(ContentType.JSON)
                .body(Map.of("username", user, "password", "bench", "mfa", true))
                .post("/dev-issuer/login").then().statusCode(200).extract().path("accessToken");
    }

    static RequestSpecification call(ClusterNodes.Node node, String token) {
        return given().baseUri(node.baseUrl()).auth().oauth2(token).contentType(ContentType.JSON);
    }

    /** The single number {@code sql} answers, with {@code id} as its one parameter. */
    long count(String sql, String id) {
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl(), "postgres", "postgres");
             PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, id);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        } catch (Exception e) {
            throw new AssertionError(e + "\n" + PackagedJar.tail(cluster.node(0).log()), e);
        }
    }

    /** The single number {@code sql} answers. */
    long count(String sql) {
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl(), "postgres", "postgres");
             ResultSet r = c.createStatement().executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        } catch (Exception e) {
            throw new AssertionError(e.toString(), e);
        }
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        cluster.close();
    }
}
