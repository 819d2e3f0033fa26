package io.chaperone.ops.live;

import io.chaperone.ops.Meters.Readings;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns this node's cumulative meter readings, taken once per interval, into a {@link NodeSample}: rates over the
 * last interval and counts over the last minute are differences of readings kept in a small ring (one reading per
 * interval, a minute's worth). Pure and single-threaded: the feed calls it from its timer only.
 */
final class NodeSampler {

    static final Duration WINDOW = Duration.ofMinutes(1);

    private final String nodeId;
    private final int ringSize;
    private final Deque<Taken> ring = new ArrayDeque<>();

    private record Taken(long at, Readings readings) {
    }

    NodeSampler(String nodeId, Duration interval) {
        this.nodeId = nodeId;
        this.ringSize = (int) Math.max(2, WINDOW.toMillis() / Math.max(1, interval.toMillis()) + 1);
    }

    NodeSample sample(long nowMillis, Readings now) {
        Taken previous = ring.peekLast();
        Taken minuteAgo = ring.peekFirst();
        ring.addLast(new Taken(nowMillis, now));
        if (ring.size() > ringSize) {
            ring.removeFirst();
        }
        double commandsPerSecond = 0;
        double deniedPerSecond = 0;
        if (previous != null && nowMillis > previous.at()) {
            double seconds = (nowMillis - previous.at()) / 1000.0;
            long allowed = now.commandsAllowed() - previous.readings().commandsAllowed();
            long denied = now.commandsDenied() - previous.readings().commandsDenied();
            commandsPerSecond = round((allowed + denied) / seconds);
            deniedPerSecond = round(denied / seconds);
        }
        Readings base = minuteAgo == null ? null : minuteAgo.readings();
        return new NodeSample(nodeId, nowMillis, now.hubsConnected(), now.liveSessions(), commandsPerSecond,
                deniedPerSecond, difference(now.deniedByReason(), base == null ? Map.of() : base.deniedByReason()),
                difference(now.anomalyFlags(), base == null ? Map.of() : base.anomalyFlags()),
                difference(now.anomalyFlags(), Map.of()), now.anomalyFlagsSevere(), round(now.auditCommitP50Millis()),
                round(now.auditCommitP99Millis()), now.auditQueueDepth());
    }

    /** {@code now - then} per key, zeros left out (so an idle node sends empty maps). */
    private static Map<String, Long> difference(Map<String, Long> now, Map<String, Long> then) {
        Map<String, Long> out = new LinkedHashMap<>();
        now.forEach((key, count) -> {
            long delta = count - then.getOrDefault(key, 0L);
            if (delta > 0) {
                out.put(key, delta);
            }
        });
        return out;
    }

    static double round(double value) {
        return Math.round(value * 1000.0) / 1000.0;
    }
}
