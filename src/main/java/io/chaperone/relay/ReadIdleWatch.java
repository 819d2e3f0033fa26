package io.chaperone.relay;

import io.chaperone.protocol.CloseCodes;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Drops a WebSocket peer that has sent no whole message and no pong for {@code chaperone.relay.read-idle-timeout}
 * (the server pings every {@code auto-ping-interval}, so a live peer always answers). Only complete messages and
 * pongs count: a slow-loris peer that dribbles a partial frame is cut like a silent one. One sweep for the node runs
 * every tenth of the timeout; the per-message cost is one map read and one volatile write.
 */
@ApplicationScoped
public class ReadIdleWatch {

    @Inject
    RelayConfig config;
    @Inject
    Vertx vertx;

    private final Map<WebSocketConnection, Mark> marks = new ConcurrentHashMap<>();
    private long sweep = -1;

    void start(@Observes StartupEvent event) {
        long period = Math.max(100, config.readIdleTimeout().toMillis() / 10);
        sweep = vertx.setPeriodic(period, id -> sweep(System.nanoTime()));
    }

    void stop(@Observes ShutdownEvent event) {
        if (sweep >= 0) {
            vertx.cancelTimer(sweep);
        }
    }

    public void opened(WebSocketConnection connection) {
        marks.put(connection, new Mark(System.nanoTime()));
    }

    /** A whole message or a pong arrived. */
    public void heard(WebSocketConnection connection) {
        Mark mark = marks.get(connection);
        if (mark != null) {
            mark.lastNanos = System.nanoTime();
        }
    }

    public void closed(WebSocketConnection connection) {
        marks.remove(connection);
    }

    private void sweep(long nowNanos) {
        long timeout = config.readIdleTimeout().toNanos();
        marks.forEach((connection, mark) -> {
            if (nowNanos - mark.lastNanos >= timeout && marks.remove(connection, mark)) {
                connection.close(CloseCodes.READ_IDLE_REASON).subscribe().with(v -> { }, e -> { });
            }
        });
    }

    private static final class Mark {
        volatile long lastNanos;

        Mark(long nowNanos) {
            this.lastNanos = nowNanos;
        }
    }
}
