package io.chaperone.load;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;

/**
 * How late the generator's own event loops run a 5 ms timer while a scenario measures: a close frame the gateway wrote
 * is seen (and time-stamped) only when the loop holding that socket gets to it, so this lag is part of every
 * "socket closed" time the generator reports and must be read beside it.
 */
final class LoopLag implements AutoCloseable {

    private static final long PERIOD_MS = 5;
    private final Vertx vertx;
    private final Percentiles lateness = new Percentiles();
    private final List<Long> timers = new ArrayList<>();
    private final List<Context> loops = new ArrayList<>();

    /** One probe on each of {@code loops} event loops (a context per loop, handed out round-robin by Vert.x). */
    LoopLag(Vertx vertx, int eventLoops) {
        this.vertx = vertx;
        for (int i = 0; i < eventLoops; i++) {
            Context context = vertx.getOrCreateContext();
            loops.add(context);
            context.runOnContext(v -> {
                long[] due = {System.nanoTime() + PERIOD_MS * 1_000_000};
                long id = vertx.setPeriodic(PERIOD_MS, t -> {
                    long now = System.nanoTime();
                    lateness.record(Math.max(1, now - due[0]));
                    due[0] = now + PERIOD_MS * 1_000_000;
                });
                synchronized (timers) {
                    timers.add(id);
                }
            });
        }
    }

    ObjectNode report(ObjectNode into, String prefix) {
        return lateness.report(into, prefix);
    }

    @Override
    public void close() {
        synchronized (timers) {
            timers.forEach(vertx::cancelTimer);
        }
    }
}
