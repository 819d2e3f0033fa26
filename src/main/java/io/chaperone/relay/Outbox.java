package io.chaperone.relay;

import io.chaperone.protocol.CloseCodes;
import io.quarkus.websockets.next.WebSocketConnection;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends to one peer while counting writes not yet completed: Quarkus 3.33.2 websockets-next has no
 * outbound backpressure, so a peer that stops reading would otherwise grow the heap without bound.
 * Past the limit the peer is closed as a slow consumer (4009).
 */
public final class Outbox {

    private final WebSocketConnection connection;
    private final int maxPending;
    private final AtomicInteger pending = new AtomicInteger();
    private final Runnable onSlowConsumer;
    /** Writes straight to the Vert.x socket: no Uni, no CompletionStage, no context snapshot per frame (ADR 0040). */
    private final UnderlyingSocket.TextWriter writer;
    private final Runnable written = this::written;

    public Outbox(WebSocketConnection connection, int maxPending, Runnable onSlowConsumer) {
        this.connection = connection;
        this.maxPending = maxPending;
        this.onSlowConsumer = onSlowConsumer;
        this.writer = UnderlyingSocket.textWriter(connection);
    }

    public WebSocketConnection connection() {
        return connection;
    }

    /** Queues a text frame; false when the peer is gone or was just closed for being slow. */
    public boolean send(String text) {
        if (connection.isClosed()) {
            return false;
        }
        if (pending.incrementAndGet() > maxPending) {
            pending.decrementAndGet();
            onSlowConsumer.run();
            connection.close(CloseCodes.SLOW_CONSUMER_REASON).subscribe().with(v -> { }, e -> { });
            return false;
        }
        if (writer != null) {
            writer.write(text, written);
        } else {
            connection.sendText(text).subscribe().with(v -> written(), e -> written());
        }
        return true;
    }

    private void written() {
        pending.decrementAndGet();
    }

    public int pending() {
        return pending.get();
    }
}
