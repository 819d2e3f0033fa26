package io.chaperone.relay;

import io.chaperone.web.LimitsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Open activity sockets per resident (by token subject), capped by {@code chaperone.limits.activity-sockets-per-resident}:
 * the upgrade is refused with 429 when the resident is at the cap, and a socket that races past it is closed with 1013.
 */
@ApplicationScoped
public class ActivitySockets {

    private final Map<String, Integer> open = new ConcurrentHashMap<>();

    @Inject
    LimitsConfig limits;

    boolean full(String resident) {
        return open.getOrDefault(resident, 0) >= limits.activitySocketsPerResident();
    }

    /** Counts one more socket of {@code resident}; false (nothing counted) when at the cap. */
    boolean open(String resident) {
        boolean[] admitted = new boolean[1];
        open.compute(resident, (r, n) -> {
            int current = n == null ? 0 : n;
            admitted[0] = current < limits.activitySocketsPerResident();
            return admitted[0] ? current + 1 : n;
        });
        return admitted[0];
    }

    void closed(String resident) {
        open.computeIfPresent(resident, (r, n) -> n > 1 ? n - 1 : null);
    }
}
