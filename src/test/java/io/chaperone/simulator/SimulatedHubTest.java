package io.chaperone.simulator;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The connect path of the simulator against a tiny Vert.x server playing the gateway's hub endpoint. */
class SimulatedHubTest {

    private Vertx vertx;
    private HttpServer server;
    private final List<ServerWebSocket> sockets = new CopyOnWriteArrayList<>();
    private final List<JsonObject> fromHub = new CopyOnWriteArrayList<>();
    private final List<String> closes = new CopyOnWriteArrayList<>();
    private SimulatedHub hub;

    @BeforeEach
    void startGateway() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().webSocketHandler(ws -> {
            if (!"/ws/hub".equals(ws.path())) {
                ws.reject(403);
                return;
            }
            sockets.add(ws);
            ws.textMessageHandler(text -> fromHub.add(new JsonObject(text)));
            ws.closeHandler(v -> closes.add(String.valueOf(ws.closeStatusCode())));
            ws.writeTextMessage(new JsonObject().put("type", "welcome").put("hubId", "hub-7").encode());
        }).listen(0).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @AfterEach
    void stopGateway() throws Exception {
        if (hub != null) {
            hub.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private SimulatedHub.Builder hubTo(String path) {
        return SimulatedHub.builder(vertx, URI.create("ws://127.0.0.1:" + server.actualPort() + path)).seed(1);
    }

    private void connected(SimulatedHub hub) throws Exception {
        hub.connect().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> fromHub.stream().anyMatch(f -> "inventory".equals(f.getString("type"))));
    }

    private void gatewaySends(JsonObject frame) {
        sockets.get(sockets.size() - 1).writeTextMessage(frame.encode());
    }

    @Test
    void shouldSendInventoryOnWelcomeAndAnswerCommands() throws Exception {
        hub = hubTo("/ws/hub").build();
        connected(hub);

        gatewaySends(new JsonObject().put("type", "session.open").put("sid", "s-1").put("capability", "cap"));
        gatewaySends(new JsonObject().put("type", "cmd").put("sid", "s-1").put("id", "c-1").put("seq", 1)
                .put("device", "thermostat-1").put("op", "config.read").put("args", new JsonObject()));

        await().atMost(Duration.ofSeconds(5)).until(() -> fromHub.size() == 2);
        assertEquals(new JsonObject().put("type", "result").put("sid", "s-1").put("id", "c-1").put("ok", true)
                .put("data", new JsonObject().put("setpoint", 21.5).put("mode", "heat")), fromHub.get(1));
        assertEquals("hub-7", hub.agent().hubId().orElseThrow());
        assertEquals(1, hub.welcomeCount());
        assertEquals(1, hub.agent().receivedCommands().size());
    }

    @Test
    void shouldFailToConnectWhenTheGatewayRefusesTheUpgrade() {
        hub = hubTo("/ws/elsewhere").build();

        var attempt = hub.connect().toCompletionStage().toCompletableFuture();

        await().atMost(Duration.ofSeconds(5)).until(attempt::isDone);
        assertTrue(attempt.isCompletedExceptionally());
        assertEquals(0, hub.connectCount());
        assertTrue(sockets.isEmpty());
    }

    @Test
    void shouldVanishWithoutCloseFrame() throws Exception {
        hub = hubTo("/ws/hub").build();
        connected(hub);

        hub.vanish();

        await().atMost(Duration.ofSeconds(5)).until(() -> closes.size() == 1);
        assertEquals("null", closes.get(0), "no close frame means no status code on the server side");
        await().atMost(Duration.ofSeconds(5)).until(() -> !hub.isConnected());
    }

    @Test
    void shouldReconnectAfterGatewayClosesWhenAutoReconnectIsOn() throws Exception {
        hub = hubTo("/ws/hub").autoReconnect(true).backoff(Duration.ofMillis(20), Duration.ofMillis(100)).build();
        connected(hub);

        sockets.get(0).close((short) 4008, "superseded");

        await().atMost(Duration.ofSeconds(5)).until(() -> hub.connectCount() == 2 && hub.welcomeCount() == 2);
        assertEquals(4008, hub.lastCloseCode().orElseThrow());
        assertEquals(2, fromHub.stream().filter(f -> "inventory".equals(f.getString("type"))).count());
    }

    @Test
    void shouldStayAwayAfterCloseEvenWithAutoReconnect() throws Exception {
        hub = hubTo("/ws/hub").autoReconnect(true).backoff(Duration.ofMillis(20), Duration.ofMillis(100)).build();
        connected(hub);

        hub.close();

        await().atMost(Duration.ofSeconds(5)).until(() -> closes.size() == 1);
        assertEquals("1000", closes.get(0));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> hub.connectCount() == 1);
    }

    @Test
    void shouldNotReadWhilePausedAndCatchUpOnResume() throws Exception {
        hub = hubTo("/ws/hub").build();
        connected(hub);
        gatewaySends(new JsonObject().put("type", "session.open").put("sid", "s-1").put("capability", "cap"));
        await().atMost(Duration.ofSeconds(5)).until(() -> hub.agent().openSessions().contains("s-1"));

        hub.pause();
        for (int i = 0; i < 3; i++) {
            gatewaySends(new JsonObject().put("type", "cmd").put("sid", "s-1").put("id", "c-" + i).put("seq", i)
                    .put("device", "light-1").put("op", "diag.read").put("args", new JsonObject()));
        }

        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> hub.agent().receivedCommands().isEmpty());
        hub.resume();
        await().atMost(Duration.ofSeconds(5)).until(() -> hub.agent().receivedCommands().size() == 3);
        assertEquals(List.of("c-0", "c-1", "c-2"),
                hub.agent().receivedCommands().stream().map(c -> c.getString("id")).toList());
    }

    @Test
    void shouldSpreadReconnectDelaysWithinTheExponentialCap() {
        hub = hubTo("/ws/hub").backoff(Duration.ofMillis(100), Duration.ofSeconds(1)).build();

        for (int attempt = 0; attempt < 8; attempt++) {
            long cap = Math.min(1000, 100L << attempt);
            long delay = hub.backoffMillis(attempt);
            assertTrue(delay >= cap / 2 && delay <= cap, "attempt " + attempt + ": " + delay);
        }
        assertFalse(hub.isConnected());
    }
}
