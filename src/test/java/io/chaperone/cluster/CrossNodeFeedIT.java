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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The resident's live feed across nodes (docs/cluster.md "The live feed on every node"): the resident watches on node
 * A, hub and technician are on node B, the logging choice is changed through node C. Frames committed on B reach the
 * watcher on A in order and exactly once; after the change on C, A's watcher gets only minimal frames.
 */
class CrossNodeFeedIT {

    private static final String MODEL = "chaperone-hub-1";
    private static final String FIRMWARE = "1.4.2";
    private static final String ORIGIN = "http://localhost:8080";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final java.util.Set<String> MINIMAL = java.util.Set.of("chainId", "seq", "at", "kind");

    private static ClusterNodes cluster;
    private static Vertx vertx;
    private static final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeAll
    static void boot() throws Exception {
        assumeTrue(PrivateNats.available(), "no nats-server on this machine");
        cluster = ClusterNodes.start(3);
        vertx = Vertx.vertx();
        String ops = login(cluster.node(0), "bench-ops");
        call(cluster.node(0), ops).body(Map.of("model", MODEL, "firmware", FIRMWARE,
                        "measurements", HubAttester.referenceMeasurements(MODEL, FIRMWARE)))
                .post("/api/v1/ops/attestation-baselines").then().statusCode(201);
        call(cluster.node(0), ops).body(Map.of("name", "IT provider", "org", "bench")).post("/api/v1/providers")
                .then().statusCode(201);
    }

    @AfterAll
    static void shutDown() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void shouldFeedTheResidentOnAWithBsFramesInOrderOnceAndMinimalAfterTheChoiceChangesOnC() throws Exception {
        ClusterNodes.Node a = cluster.node(0);
        ClusterNodes.Node b = cluster.node(1);
        ClusterNodes.Node c = cluster.node(2);
        Home home = home(b);
        WsClient feed = WsClient.connect(vertx, a.httpPort(), "/ws/homes/" + home.homeId() + "/activity",
                Map.of("Origin", ORIGIN, "Authorization", "Bearer " + login(a, "bench-resident")));
        opened.add(feed);

        Live live = live(b, home);

        // The command's C1 row, then its result, each exactly once, in commit order.
        feed.await(f -> isActivity(f, live.sid(), "result") && "c-1".equals(event(f).getString("correlationId")));
        List<JsonObject> c1 = feed.frames("activity").stream().map(CrossNodeFeedIT::event)
                .filter(e -> "c-1".equals(e.getString("correlationId"))).toList();
        assertThat(c1).extracting(e -> e.getString("kind")).containsExactly("command", "result");
        assertThat(c1.get(0).getString("device")).isEqualTo("thermostat-1");
        assertThat(c1.get(0).getLong("seq")).isLessThan(c1.get(1).getLong("seq"));
        assertThat(feed.frames("approval.requested")).extracting(f -> f.getString("sessionId")).containsExactly(live.sid());
        long resultSeq = c1.get(1).getLong("seq");

        String resident = login(c, "bench-resident");
        call(c, resident).body(Map.of("liveFeedContent", "minimal"))
                .put("/api/v1/homes/{id}/logging-choices", home.homeId()).then().statusCode(200)
                .body("liveFeedContent", equalTo("minimal"));

        live.technician().sendCommand("c-2", "thermostat-1", "diag.read");
        live.technician().awaitReply("result", "c-2");
        call(b, login(b, "bench-tech")).post("/api/v1/sessions/{id}/end", live.sid()).then().statusCode(200);
        // The end is committed after c-2's rows on B and published after them: once it is here, all of them are.
        feed.await(f -> isActivity(f, live.sid(), "session.ended"));

        List<JsonObject> after = feed.frames("activity").stream().map(CrossNodeFeedIT::event)
                .filter(e -> live.sid().equals(e.getString("chainId")) && e.getLong("seq") > resultSeq).toList();
        assertThat(after).isNotEmpty();
        assertThat(after).allSatisfy(e -> assertThat(e.fieldNames()).containsExactlyInAnyOrderElementsOf(MINIMAL));
        assertThat(after).extracting(e -> e.getString("kind")).contains("command").doesNotContain("result");
        // Nothing of the session's chain delivered twice (A subscribes once; B's own frames are not looped back).
        List<String> keys = feed.frames("activity").stream().map(CrossNodeFeedIT::event)
                .map(e -> e.getString("chainId") + "/" + e.getLong("seq")).toList();
        assertThat(keys).doesNotHaveDuplicates();
    }

    private static boolean isActivity(JsonObject frame, String sid, String kind) {
        return "activity".equals(frame.getString("type")) && sid.equals(event(frame).getString("chainId"))
                && kind.equals(event(frame).getString("kind"));
    }

    private static JsonObject event(JsonObject frame) {
        return frame.getJsonObject("event");
    }

    private record Home(String homeId, String hubId, SimulatedHub hub) {
    }

    private record Live(Home home, String sid, WsClient technician) {
        SimulatedHub hub() {
            return home.hub();
        }
    }

    /** A home whose hub is enrolled and connected to {@code node}. */
    private static Home home(ClusterNodes.Node node) throws Exception {
        String resident = login(node, "bench-resident");
        String homeId = call(node, resident).body(Map.of("name", "flat")).post("/api/v1/homes")
                .then().statusCode(201).extract().path("id");
        String code = call(node, resident).post("/api/v1/homes/{id}/hub-claims", homeId).then().statusCode(201)
                .extract().path("claimCode");
        DeviceIdentity identity = HubEnroller.enroll(URI.create(node.baseUrl()), code, "hub", MODEL, FIRMWARE);
        HubAgent agent = HubAgent.standardHome(Clock.systemUTC())
                .enforceCapabilities(CapabilityVerifier.fetch(URI.create(node.baseUrl() + "/.well-known/jwks.json")));
        SimulatedHub hub = SimulatedHub.builder(vertx, node.hubUri()).identity(identity).agent(agent)
                .attestation(new HubAttester(identity, MODEL, FIRMWARE)).build();
        opened.add(hub);
        hub.connect().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> hub.welcomeCount() > 0);
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM devices WHERE hub_id = ?::uuid",
                identity.hubId().toString()) > 0);
        return new Home(homeId, identity.hubId().toString(), hub);
    }

    /** A live session on {@code node} of {@code home}: hub and technician connected there, one command through. */
    private static Live live(ClusterNodes.Node node, Home home) throws Exception {
        String ops = login(node, "bench-ops");
        String technician = login(node, "bench-tech");
        String resident = login(node, "bench-resident");
        call(node, technician).get("/api/v1/me").then().statusCode(200);
        String providerId = call(node, ops).get("/api/v1/providers").then().statusCode(200).extract()
                .path("find { it.org == 'bench' }.id");
        String templateId = call(node, ops).body(Map.of("name", "it-" + UUID.randomUUID(), "description", "feed IT",
                        "ops", List.of("diag.read"), "deviceKinds", List.of("thermostat"), "maxDurationMinutes", 120,
                        "redactionDefaults", List.of("secret"), "expectedCommandRate", 600))
                .post("/api/v1/templates").then().statusCode(201).extract().path("id");
        String ticketId = call(node, resident).body(Map.of("homeId", home.homeId(), "providerId", providerId,
                "category", "device", "summary", "fanout")).post("/api/v1/tickets").then().statusCode(201).extract().path("id");
        String sid = call(node, technician).body(Map.of("ticketId", ticketId, "hubId", home.hubId(), "templateId", templateId,
                        "durationMinutes", 60, "reason", "fanout IT", "scope", Map.of("grants",
                                List.of(Map.of("devices", List.of("thermostat-1"), "ops", List.of("diag.read"))))))
                .post("/api/v1/sessions").then().statusCode(201).extract().path("id");
        call(node, resident).body(Map.of("reveal", List.of())).post("/api/v1/sessions/{id}/approve", sid)
                .then().statusCode(200);
        String ticket = call(node, technician).post("/api/v1/sessions/{id}/tickets", sid).then().statusCode(201)
                .extract().path("ticket");
        WsClient ws = WsClient.connect(vertx, node.httpPort(), "/ws/sessions/" + sid,
                Map.of("Origin", ORIGIN, "Authorization", "Bearer " + ticket));
        opened.add(ws);
        ws.await(f -> "session".equals(f.getString("type")));
        ws.sendCommand("c-1", "thermostat-1", "diag.read");
        ws.awaitReply("result", "c-1");
        return new Live(home, sid, ws);
    }

    private static String login(ClusterNodes.Node node, String user) {
        return given().baseUri(node.baseUrl()).contentType(ContentType.JSON)
                .body(Map.of("username", user, "password", "bench", "mfa", true))
                .post("/dev-issuer/login").then().statusCode(200).extract().path("accessToken");
    }

    private static RequestSpecification call(ClusterNodes.Node node, String token) {
        return given().baseUri(node.baseUrl()).auth().oauth2(token).contentType(ContentType.JSON);
    }

    private static long count(String sql, String id) {
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
}
