package io.chaperone.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;


/**
 * A raw WebSocket peer for tests (a technician terminal, a resident's browser): sets any header
 * (Origin, Authorization, subprotocols), records every frame and the close code, and reports an
 * upgrade refusal's HTTP status.
 */
public final class WsClient implements AutoCloseable {

    private final WebSocketClient client;
    private final List<JsonObject> frames = new CopyOnWriteArrayList<>();
    private volatile WebSocket socket;
    private volatile Integer closeCode;
    private volatile String closeReason;

    private WsClient(WebSocketClient client) {
        this.client = client;
    }

    /** Connects; returns the client, or throws {@link Refused} with the upgrade's HTTP status. */
    public static WsClient connect(Vertx vertx, int port, String path, Map<String, String> headers) {
        WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxMessageSize(1024 * 1024).setMaxFrameSize(1024 * 1024));
        WsClient ws = new WsClient(client);
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(path)
                // Vert.x would otherwise send Origin: http://127.0.0.1:<port>, the gateway's own origin, which passes
                // the Origin check: a test that names no Origin means none
                .setAllowOriginHeader(headers.keySet().stream().anyMatch("Origin"::equalsIgnoreCase));
        headers.forEach((name, value) -> {
            if (name.equalsIgnoreCase("Sec-WebSocket-Protocol")) {
                options.setSubProtocols(java.util.Arrays.stream(value.split(",")).map(String::trim).toList());
            } else {
                options.addHeader(name, value);
            }
        });
        try {
            // Handlers are attached on the event loop as the upgrade completes, so no early frame is missed.
            java.util.concurrent.CompletableFuture<WebSocket> done = new java.util.concurrent.CompletableFuture<>();
            vertx.getOrCreateContext().runOnContext(v -> client.connect(options).onComplete(ar -> {
                if (ar.failed()) {
                    done.completeExceptionally(ar.cause());
                    return;
                }
                WebSocket socket = ar.result();
                ws.socket = socket;
                socket.textMessageHandler(text -> ws.frames.add(new JsonObject(text)));
                socket.closeHandler(x -> {
                    ws.closeReason = socket.closeReason();
                    ws.closeCode = socket.closeStatusCode() == null ? 1006 : (int) socket.closeStatusCode();
                });
                done.complete(socket);
            }));
            done.get(10, TimeUnit.SECONDS);
            return ws;
        } catch (java.util.concurrent.ExecutionException e) {
            client.close();
            if (e.getCause() instanceof UpgradeRejectedException rejected) {
                throw new Refused(rejected.getStatus(), rejected.getHeaders() == null ? null
                        : rejected.getHeaders().get("WWW-Authenticate"));
            }
            throw new IllegalStateException("connect failed: " + e.getCause());
        } catch (Exception e) {
            client.close();
            throw new IllegalStateException("connect failed: " + e);
        }
    }

    public void send(String text) {
        socket.writeTextMessage(text);
    }

    public void send(JsonObject frame) {
        send(frame.encode());
    }

    public void sendCommand(String id, String device, String op) {
        send(new JsonObject().put("type", "cmd").put("id", id).put("device", device).put("op", op)
                .put("args", new JsonObject()));
    }

    public List<JsonObject> frames() {
        return List.copyOf(frames);
    }

    public List<JsonObject> frames(String type) {
        return frames.stream().filter(f -> type.equals(f.getString("type"))).toList();
    }

    /** Waits for the first frame matching {@code test} and returns it. */
    public JsonObject await(Predicate<JsonObject> test) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> frames.stream().anyMatch(test));
        return frames.stream().filter(test).findFirst().orElseThrow();
    }

    /** Waits for a frame of {@code type} answering command {@code id}. */
    public JsonObject awaitReply(String type, String id) {
        return await(f -> type.equals(f.getString("type")) && id.equals(f.getString("id")));
    }

    public int awaitClose() {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> closeCode != null);
        return closeCode;
    }

    public Integer closeCode() { return closeCode; }

    public String closeReason() { return closeReason; }

    public boolean isOpen() {
        return socket != null && !socket.isClosed();
    }

    @Override
    public void close() {
        if (socket != null && !socket.isClosed()) {
            socket.close();
        }
        client.close();
    }

    /** The upgrade was refused with this HTTP status (and {@code WWW-Authenticate} challenge, if any). */
    public static final class Refused extends RuntimeException {
        private final int status;
        private final String challenge;

        public Refused(int status) {
            this(status, null);
        }

        public Refused(int status, String challenge) {
            super("upgrade refused with " + status, null, false, false);
            this.status = status;
            this.challenge = challenge;
        }

        public int status() { return status; }

        public String challenge() { return challenge; }
    }
}
