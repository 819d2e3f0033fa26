package io.chaperone.load;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * A technician's session socket. {@link #send} issues {@code diag.read} on the hub's thermostat and
 * reports the round trip (a denial reports -1) (from the command's intended start, so a stalled gateway is not hidden:
 * no coordinated omission) to {@code onResult} when the result arrives.
 */
final class Tech {

    final String sid;
    private final Map<String, Long> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    final AtomicLong denied = new AtomicLong();
    /** Denials by their code (rate_limited, audit_unavailable, ...): a run with denials must say why. */
    static final Map<String, java.util.concurrent.atomic.LongAdder> DENIED_BY_CODE = new ConcurrentHashMap<>();
    final AtomicLong results = new AtomicLong();
    private final Promise<Void> ready = Promise.promise();
    private volatile LongConsumer onResult = nanos -> { };
    volatile Instant expiresAt;
    volatile long closedNanos;
    /** When the close frame arrived; {@link #closedNanos} comes later, once the closing handshake ended the connection. */
    volatile long closeFrameNanos;
    volatile long closedMillis;
    volatile Short closeCode;
    private WebSocket socket;

    Tech(String sid) {
        this.sid = sid;
    }

    /** Opens the socket with a connect ticket; completes when the gateway's {@code session} frame arrived. */
    Future<Tech> connect(Sockets sockets, String ticket, String origin) {
        return sockets.connect("/ws/sessions/" + sid, Map.of("Authorization", "Bearer " + ticket, "Origin", origin))
                .compose(ws -> {
                    socket = ws;
                    ws.closeHandler(v -> {
                        closedNanos = System.nanoTime();
                        closedMillis = System.currentTimeMillis();
                        closeCode = ws.closeStatusCode();
                    });
                    ws.textMessageHandler(this::onFrame);
                    ws.frameHandler(frame -> {
                        if (frame.isClose() && closeFrameNanos == 0) {
                            closeFrameNanos = System.nanoTime();
                        }
                    });
                    return ready.future().map(this);
                });
    }

    void onResult(LongConsumer roundTripNanos) {
        this.onResult = roundTripNanos;
    }

    /** Sends one command that was due at {@code intendedNanos}. */
    void send(long intendedNanos) {
        String id = "c-" + ids.incrementAndGet();
        pending.put(id, intendedNanos);
        socket.writeTextMessage("{\"type\":\"cmd\",\"id\":\"" + id + "\",\"device\":\"" + SimHub.DEVICE
                + "\",\"op\":\"diag.read\",\"args\":{}}");
    }

    boolean open() {
        return closeCode == null && socket != null && !socket.isClosed();
    }

    private void onFrame(String text) {
        JsonObject frame = new JsonObject(text);
        switch (frame.getString("type", "")) {
            case "session" -> {
                expiresAt = Instant.parse(frame.getString("expiresAt"));
                ready.tryComplete();
            }
            case "result" -> {
                Long start = pending.remove(frame.getString("id"));
                if (start != null) {
                    results.incrementAndGet();
                    onResult.accept(System.nanoTime() - start);
                }
            }
            case "denied" -> {
                pending.remove(frame.getString("id"));
                denied.incrementAndGet();
                DENIED_BY_CODE.computeIfAbsent(frame.getString("code", "?"), c -> new java.util.concurrent.atomic.LongAdder())
                        .increment();
                onResult.accept(-1);
            }
            default -> { }
        }
    }

    Future<Void> close() {
        return socket == null || socket.isClosed() ? Future.succeededFuture() : socket.close();
    }
}
