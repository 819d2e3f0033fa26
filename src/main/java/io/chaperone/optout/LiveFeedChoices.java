package io.chaperone.optout;

import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which homes chose a minimal live feed, in memory: the activity feed asks per committed audit record, so it must
 * cost one set lookup and no database read. Loaded at start, updated when a resident changes the choice.
 * In cluster mode a change committed on another node arrives on the change feed (V130, {@link #learned}) and the
 * whole set is re-read after the feed reconnects ({@link #reload}): docs/cluster.md "The live feed on every node".
 */
@ApplicationScoped
public class LiveFeedChoices {

    private final Set<UUID> minimal = ConcurrentHashMap.newKeySet();

    @Inject
    Pool pool;

    void load(@Observes StartupEvent event) {
        reload().await().atMost(Duration.ofSeconds(30));
    }

    /** Re-reads every choice (at start, and after the change feed was away): adds the new, drops the lifted. */
    public Uni<Void> reload() {
        return pool.query("SELECT home_id FROM home_logging_choices WHERE live_feed_content = 'minimal'").execute()
                .invoke(rows -> {
                    Set<UUID> now = new HashSet<>();
                    for (Row row : rows) {
                        now.add(row.getUUID(0));
                    }
                    minimal.addAll(now);
                    minimal.retainAll(now);
                }).replaceWithVoid();
    }

    /** A change committed on another node, as the change feed announced it. */
    public void learned(UUID homeId, boolean minimalNow) {
        changed(homeId, minimalNow);
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
