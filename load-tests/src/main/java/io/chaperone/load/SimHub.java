package io.chaperone.load;

import io.vertx.core.Future;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A hub that answers every command at once with a small untagged result and every attestation challenge
 * with genuine evidence. It counts, per session, the
 * commands that arrived after the gateway told it the session closed or after {@link #revokedAt}
 * (scenario 04: the count must stay zero).
 */
final class SimHub {

    static final String DEVICE = "thermostat-1";
    private static final String INVENTORY = new JsonObject().put("type", "inventory").put("devices", new JsonArray()
            .add(new JsonObject().put("id", DEVICE).put("kind", "thermostat").put("model", "bench-t1")
                    .put("firmware", "1.0").put("status", "ok"))).encode();

    private final Map<String, Long> closedAt = new ConcurrentHashMap<>();
    private final Map<String, Long> revokedAt = new ConcurrentHashMap<>();
    final AtomicLong commands = new AtomicLong();
    final AtomicLong afterClose = new AtomicLong();
    final AtomicLong afterRevoke = new AtomicLong();
    final AtomicLong endedSessions = new AtomicLong();
    volatile boolean welcomed;
    /** The close code once the socket closed (null while open; -1 or 1006-like values when it dropped without one). */
    volatile Short closeCode;
    private WebSocket socket;

    private HubIdentity identity;

    Future<SimHub> connect(HubConnector connector, HubIdentity identity) {
        this.identity = identity;
        return connector.connect(identity).map(ws -> {
            socket = ws;
            ws.closeHandler(v -> closeCode = ws.closeStatusCode());
            ws.textMessageHandler(this::onFrame);
            return this;
        });
    }

    /** The revoke call for {@code sid} returned at {@code nanos}: later commands for it are violations. */
    void revoked(String sid, long nanos) {
        revokedAt.put(sid, nanos);
    }

    private void onFrame(String text) {
        JsonObject frame = new JsonObject(text);
        switch (frame.getString("type", "")) {
            case "welcome" -> {
                welcomed = true;
                socket.writeTextMessage(INVENTORY);
            }
            case "attest.challenge" -> socket.writeTextMessage(identity.evidence(frame.getString("nonce")));
            case "session.close" -> {
                closedAt.put(frame.getString("sid"), System.nanoTime());
                if ("ended".equals(frame.getString("reason"))) {
                    endedSessions.incrementAndGet();
                }
            }
            case "cmd" -> {
                commands.incrementAndGet();
                // The gateway adds the session id; the bare relay (scenario 00) forwards the technician's frame as is.
                String sid = frame.getString("sid", "");
                if (closedAt.containsKey(sid)) {
                    afterClose.incrementAndGet();
                }
                Long revoked = revokedAt.get(sid);
                if (revoked != null && System.nanoTime() > revoked) {
                    afterRevoke.incrementAndGet();
                }
                socket.writeTextMessage("{\"type\":\"result\",\"sid\":\"" + sid + "\",\"id\":\"" + frame.getString("id")
                        + "\",\"ok\":true,\"data\":{\"temperature\":21.5,\"setpoint\":20}}");
            }
            default -> { }
        }
    }

    /** Sessions the gateway told this hub were closed, for any reason. */
    int closedSessions() {
        return closedAt.size();
    }

    Future<Void> close() {
        return socket == null ? Future.succeededFuture() : socket.close();
    }
}
