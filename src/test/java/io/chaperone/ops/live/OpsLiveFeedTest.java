package io.chaperone.ops.live;

import io.chaperone.relay.RelayWorld;
import io.chaperone.relay.RelayWorld.Home;
import io.chaperone.support.Tokens;
import io.chaperone.support.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import static io.chaperone.relay.RelayWorld.ORIGIN;
import static io.chaperone.relay.RelayWorld.grant;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/** {@code /ws/ops/live}: who may open it, the frame's shape, numbers that follow a real session, nothing private. */
@QuarkusTest
class OpsLiveFeedTest {

    private static final String PATH = "/ws/ops/live";
    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Set<String> CLUSTER_FIELDS = Set.of("nodes", "hubsOnline", "liveSessions", "sessions",
            "commandsPerSecond", "deniedPerSecond", "deniedLastMinute", "anomalyFlagsLastMinute", "anomalyFlagsTotal",
            "anomalySevereTotal", "auditCommitP50Ms", "auditCommitP99Ms", "auditQueueDepth");
    private static final Set<String> NODE_FIELDS = Set.of("nodeId", "ageMillis", "self", "hubsConnected", "liveSessions",
            "commandsPerSecond", "deniedPerSecond", "deniedLastMinute", "anomalyFlagsLastMinute", "auditCommitP50Ms",
            "auditCommitP99Ms", "auditQueueDepth");

    @Inject
    RelayWorld world;
    @Inject
    Tokens tokens;
    @Inject
    OpsLiveFeed feed;

    private final List<JsonObject> seen = new CopyOnWriteArrayList<>();

    @AfterEach
    void cleanUp() {
        world.closeAll();
    }

    private WsClient opsSocket() {
        return world.open(PATH, Map.of("Origin", ORIGIN, "Authorization", "Bearer " + tokens.ops(Tokens.unique("ops"))));
    }

    private int refused(Map<String, String> headers) {
        return catchThrowableOfType(WsClient.Refused.class, () -> world.open(PATH, headers)).status();
    }

    @Test
    void shouldRefuseEveryoneButOpsAndForeignOrigins() {
        // Given
        String resident = tokens.resident(Tokens.unique("resident"));
        String technician = tokens.technician(Tokens.unique("tech"), "acme");
        String ops = tokens.ops(Tokens.unique("ops"));

        // When / Then
        assertThat(refused(Map.of("Origin", ORIGIN))).isEqualTo(401);
        assertThat(refused(Map.of("Origin", ORIGIN, "Authorization", "Bearer " + resident))).isEqualTo(403);
        assertThat(refused(Map.of("Origin", ORIGIN, "Authorization", "Bearer " + technician))).isEqualTo(403);
        assertThat(refused(Map.of("Origin", "https://evil.example", "Authorization", "Bearer " + ops))).isEqualTo(403);
        assertThat(refused(Map.of("Origin", "null", "Authorization", "Bearer " + ops))).isEqualTo(403);
        assertThat(feed.sockets()).isZero();
    }

    @Test
    void shouldSendOneSnapshotPerIntervalWithTheDocumentedFieldsOnly() {
        // Given / When
        WsClient socket = opsSocket();
        await().atMost(Duration.ofSeconds(10)).until(() -> socket.frames().size() >= 3);

        // Then
        JsonObject frame = socket.frames().getLast();
        assertThat(frame.fieldNames()).containsExactlyInAnyOrder("type", "v", "at", "intervalMillis", "cluster", "nodes");
        assertThat(frame.getString("type")).isEqualTo("ops.snapshot");
        assertThat(frame.getInteger("v")).isEqualTo(1);
        assertThat(frame.getLong("intervalMillis")).isEqualTo(1000L);
        JsonObject cluster = frame.getJsonObject("cluster");
        assertThat(cluster.fieldNames()).containsExactlyInAnyOrderElementsOf(CLUSTER_FIELDS);
        assertThat(cluster.getInteger("nodes")).isEqualTo(1);
        assertThat(cluster.getJsonObject("sessions").fieldNames())
                .containsExactlyInAnyOrder("requested", "approved", "active", "suspended");
        assertThat(frame.getJsonArray("nodes")).hasSize(1);
        JsonObject node = frame.getJsonArray("nodes").getJsonObject(0);
        assertThat(node.fieldNames()).containsExactlyInAnyOrderElementsOf(NODE_FIELDS);
        assertThat(node.getBoolean("self")).isTrue();
        assertThat(socket.frames()).allMatch(f -> "ops.snapshot".equals(f.getString("type")));
    }

    @Test
    void shouldCountALiveSessionItsCommandsAndDenialsAndForgetItWhenKilled() {
        // Given the numbers before the session
        JsonObject before = awaitCluster(c -> true).getJsonObject("cluster");
        long activeBefore = before.getJsonObject("sessions").getLong("active");
        int liveBefore = before.getInteger("liveSessions");
        int hubsBefore = before.getInteger("hubsOnline");

        // When a hub connects and a technician works in a session (one allowed command with a secret, one denied)
        Home home = world.home(List.of("diag.read"), 600);
        UUID sid = world.approvedSession(home, List.of(grant(List.of("thermostat-1"), List.of("diag.read"))), List.of());
        WsClient technician = world.technician(home, sid);
        technician.await(f -> "session".equals(f.getString("type")));
        technician.send(new JsonObject().put("type", "cmd").put("id", "c-1").put("device", "thermostat-1")
                .put("op", "diag.read").put("args", new JsonObject().put("note", "hunter2-secret-arg")));
        technician.awaitReply("result", "c-1");
        technician.sendCommand("c-2", "thermostat-1", "config.write");
        technician.awaitReply("denied", "c-2");

        // Then the feed shows the hub, the active session, the technician and the denial
        awaitCluster(c -> c.getInteger("hubsOnline") >= hubsBefore + 1
                && c.getJsonObject("sessions").getLong("active") >= activeBefore + 1
                && c.getInteger("liveSessions") >= liveBefore + 1
                && c.getJsonObject("deniedLastMinute").getLong("out_of_scope", 0L) >= 1);

        // When ops kill the session
        given().auth().oauth2(tokens.ops(Tokens.unique("ops"))).contentType(ContentType.JSON)
                .body(Map.of("reason", "feed test")).post("/api/v1/ops/sessions/{id}/kill", sid)
                .then().statusCode(200);
        assertThat(technician.awaitClose()).isEqualTo(4011);

        // Then it leaves the counts; and no frame ever carried an id, the command's arguments or a token
        awaitCluster(c -> c.getJsonObject("sessions").getLong("active") == activeBefore
                && c.getInteger("liveSessions") == liveBefore);
        assertThat(seen).isNotEmpty();
        for (JsonObject frame : seen) {
            String text = frame.encode();
            assertThat(text).doesNotContain("hunter2", "diag.read", "thermostat", "args", "eyJ");
            assertThat(UUID_TEXT.matcher(text).find()).as(text).isFalse();
        }
    }

    @Test
    void shouldCloseAClientThatSendsAFrameWith1008() {
        // Given
        WsClient socket = opsSocket();

        // When
        socket.send("{\"type\":\"hello\"}");

        // Then
        assertThat(socket.awaitClose()).isEqualTo(1008);
    }

    /**
     * The first snapshot whose cluster totals pass {@code test}, on an ops socket opened for it. A socket this busy
     * machine let fall read-idle (3 s in tests) is replaced by a fresh one; every frame seen is kept in {@link #seen}.
     */
    private JsonObject awaitCluster(Predicate<JsonObject> test) {
        AtomicReference<WsClient> socket = new AtomicReference<>(opsSocket());
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                if (!socket.get().isOpen() && socket.get().closeCode() != null) {
                    seen.addAll(socket.get().frames());
                    socket.set(opsSocket());
                }
                return socket.get().frames().stream().anyMatch(f -> test.test(f.getJsonObject("cluster")));
            });
        } catch (ConditionTimeoutException e) {
            List<JsonObject> frames = socket.get().frames();
            throw new AssertionError("no such snapshot in " + frames.size() + " frames; the last: "
                    + (frames.isEmpty() ? "none" : frames.getLast().getJsonObject("cluster").encode()), e);
        } finally {
            seen.addAll(socket.get().frames());
            socket.get().close();
        }
        return socket.get().frames().stream().filter(f -> test.test(f.getJsonObject("cluster"))).findFirst().orElseThrow();
    }
}
