package io.chaperone.web;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most {@code count} requests per key in a fixed window; beyond that {@code 429} problem+json with a stable code
 * and {@code Retry-After}. In memory, per node, bounded: when {@link #MAX_KEYS} keys are held the finished windows
 * are dropped first, and a key that still finds no room is refused (fail closed) rather than unmetered.
 */
public final class RequestLimiter {

    static final int MAX_KEYS = 100_000;

    private final String code;
    private final String detail;
    private final int count;
    private final long windowMillis;
    private final Clock clock;
    private final Map<Object, Window> windows = new ConcurrentHashMap<>();

    public RequestLimiter(String code, String detail, int count, Duration window, Clock clock) {
        if (count < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException(code + ": a limit needs a count of at least 1 and a positive window");
        }
        this.code = code;
        this.detail = detail;
        this.count = count;
        this.windowMillis = window.toMillis();
        this.clock = clock;
    }

    /** Counts one request for {@code key}; throws the 429 when the key is over its count in this window. */
    public void acquire(Object key) {
        long now = clock.millis();
        if (windows.size() >= MAX_KEYS && !windows.containsKey(key)) {
            windows.values().removeIf(w -> w.over(now, windowMillis));
            if (windows.size() >= MAX_KEYS) {
                throw tooMany(windowMillis);
            }
        }
        Window window = windows.compute(key, (k, old) -> old == null || old.over(now, windowMillis)
                ? new Window(now, 1) : new Window(old.start(), old.used() + 1));
        if (window.used() > count) {
            throw tooMany(window.start() + windowMillis - now);
        }
    }

    /** Whether {@code key} has used up its count in the current window (without counting a request). */
    public boolean exhausted(Object key) {
        Window window = windows.get(key);
        return window != null && !window.over(clock.millis(), windowMillis) && window.used() >= count;
    }

    private ProblemException tooMany(long retryAfterMillis) {
        long seconds = Math.max(1, Math.ceilDiv(retryAfterMillis, 1000L));
        return new ProblemException(429, code, detail, Map.of("Retry-After", Long.toString(seconds)));
    }

    private record Window(long start, int used) {
        /** Finished; also when it starts after {@code now} (the clock was set back): never a window in the future. */
        boolean over(long now, long windowMillis) {
            return now - start >= windowMillis || now < start;
        }
    }
}
