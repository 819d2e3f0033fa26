package io.chaperone.load;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/** Round trips into an HdrHistogram recorder (thread-safe), reported in milliseconds. */
final class Percentiles {

    private final Recorder recorder = new Recorder(3_600_000_000_000L, 3);

    void record(long nanos) {
        recorder.recordValue(Math.max(1, nanos));
    }

    /** Starts a new interval: what was recorded so far (the warm-up) is discarded. */
    void reset() {
        recorder.getIntervalHistogram();
    }

    ObjectNode report(ObjectNode into, String prefix) {
        Histogram h = recorder.getIntervalHistogram();
        into.put(prefix + "count", h.getTotalCount());
        if (h.getTotalCount() == 0) {
            return into; // nothing arrived in the window (e.g. an overloaded machine's backlog): no percentile, not 0 ms
        }
        into.put(prefix + "p50Ms", ms(h.getValueAtPercentile(50)));
        into.put(prefix + "p99Ms", ms(h.getValueAtPercentile(99)));
        into.put(prefix + "p999Ms", ms(h.getValueAtPercentile(99.9)));
        into.put(prefix + "maxMs", ms(h.getMaxValue()));
        return into;
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }
}
