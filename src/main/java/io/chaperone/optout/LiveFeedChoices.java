package io.chaperone.optout;

import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which homes chose a minimal live feed, in memory: the activity feed asks per committed audit record, so it must
 * cost one set lookup and no database read. Loaded at start, updated when a resident changes the choice.
 * (With several nodes each node learns a change made on another at its next start: see docs/privacy.md.)
 */
@ApplicationScoped
public class LiveFeedChoices {

    private final Set<UUID> minimal = ConcurrentHashMap.newKeySet();

    @Inject
    Pool pool;

    void load(@Observes StartupEvent event) {
        pool.query("SELECT home_id FROM home_logging_choices WHERE live_feed_content = 'minimal'").execute()
                .invoke(rows -> {
                    for (Row row : rows) {
                        minimal.add(row.getUUID(0));
                    }
                }).await().atMost(Duration.ofSeconds(30));
    }

    /** Whether the home's live feed carries only that something happened, never what (device, op, outcome). */
    public boolean minimal(UUID homeId) {
        return homeId != null && minimal.contains(homeId);
    }

    void changed(UUID homeId, boolean minimalNow) {
        if (minimalNow) {
            minimal.add(homeId);
        } else {
            minimal.remove(homeId);
        }
    }
}
