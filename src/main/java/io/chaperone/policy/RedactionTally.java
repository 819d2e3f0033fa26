package io.chaperone.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The redaction ledger of one session while it is live: how many values of each class were hidden, where, and by
 * which rule; never the values. Lock-free counters (one slot per class × place × rule), so counting on the frame
 * path allocates nothing. {@link #drain()} hands the increments since the last drain to whoever persists them.
 */
public final class RedactionTally {

    /** Where in the hub's output a value was hidden. */
    public enum Place {
        CHUNK("output.chunk"), RESULT("result");

        private final String wireName;

        Place(String wireName) { this.wireName = wireName; }

        public String wireName() { return wireName; }
    }

    /** Why: the hub tagged it, or the pattern safety net recognised it in untagged text. */
    public enum Rule {
        TAGGED("tagged"), PATTERN("pattern");

        private final String wireName;

        Rule(String wireName) { this.wireName = wireName; }

        public String wireName() { return wireName; }
    }

    public record Entry(DataClass dataClass, Place place, Rule rule, long count) {
    }

    private static final int CLASSES = DataClass.values().length;
    private static final int PLACES = Place.values().length;
    private static final int RULES = Rule.values().length;

    private final AtomicLongArray counts = new AtomicLongArray(CLASSES * PLACES * RULES);
    /** What {@link #drain()} already handed out; touched only by the (single) drainer. */
    private final long[] drained = new long[CLASSES * PLACES * RULES];

    public void count(DataClass dataClass, Place place, Rule rule) {
        counts.incrementAndGet(slot(dataClass, place, rule));
    }

    /** The totals so far (what the resident sees for a live session). */
    public List<Entry> totals() {
        return entries(false);
    }

    /** The increments since the previous drain; call from one thread at a time. */
    public synchronized List<Entry> drain() {
        return entries(true);
    }

    private List<Entry> entries(boolean drain) {
        List<Entry> out = new ArrayList<>();
        for (DataClass c : DataClass.values()) {
            for (Place p : Place.values()) {
                for (Rule r : Rule.values()) {
                    int slot = slot(c, p, r);
                    long now = counts.get(slot);
                    long n = drain ? now - drained[slot] : now;
                    if (n > 0) {
                        out.add(new Entry(c, p, r, n));
                        if (drain) {
                            drained[slot] = now;
                        }
                    }
                }
            }
        }
        return out;
    }

    private static int slot(DataClass c, Place p, Rule r) {
        return (c.ordinal() * PLACES + p.ordinal()) * RULES + r.ordinal();
    }
}
