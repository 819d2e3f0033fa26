package io.chaperone.change;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.chaperone.consent.SessionChanged;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Default;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The end-of-session read-back (docs/api.md): once a session is final and its reported changes are stored, every
 * touched device's settings are read from the hub with a system {@code config.read} through the command gate, and
 * each change is judged ({@link Persistence}). A device whose hub is offline leaves its changes {@code unknown};
 * {@link #recheckUnknown} tries them again every minute, so they are settled soon after the hub returns.
 */
@ApplicationScoped
public class ChangeChecks {

    private static final Logger LOG = Logger.getLogger(ChangeChecks.class);
    static final long IDLE_POLL_MS = 50;
    static final int IDLE_POLLS = 100;

    @Inject
    Vertx vertx;
    @Inject
    Pool pool;
    @Inject
    Clock clock;
    @Inject
    ConfigChanges changes;
    @Inject
    ChangeQueries queries;
    @Inject
    Instance<HubCommands> commands;
    @Inject
    Event<ChangesChecked> checked;

    /** The end-of-session read-backs still running, so the report can wait for them ({@link #settled}). */
    private final Map<UUID, java.util.concurrent.CompletableFuture<Void>> running = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Only on the node that committed the change ({@code @Default}): another node that learns of it from the change
     * feed (a remote {@link SessionChanged}) must not read the hub back a second time.
     */
    void onChanged(@Observes @Default SessionChanged change) {
        if (change.to() != null && change.to().terminal() && change.from() != change.to()) {
            running.put(change.sessionId(), new java.util.concurrent.CompletableFuture<>());
            whenStored(change.sessionId(), IDLE_POLLS);
        }
    }

    /** Completes once the session's end-of-session read-back is done (at once if none is running). */
    public Uni<Void> settled(UUID sessionId) {
        var pending = running.get(sessionId);
        return pending == null ? Uni.createFrom().voidItem() : Uni.createFrom().completionStage(pending);
    }

    /** Waits (bounded) for the change queue to drain, so the last write's change is judged too. */
    private void whenStored(UUID sessionId, int polls) {
        vertx.setTimer(IDLE_POLL_MS, id -> {
            if (!changes.idle() && polls > 0) {
                whenStored(sessionId, polls - 1);
                return;
            }
            check(sessionId).subscribe().with(n -> done(sessionId), e -> {
                done(sessionId);
                LOG.warnf("config read-back failed: %s (code=change.check_failed)", e.getClass().getSimpleName());
            });
        });
    }

    private void done(UUID sessionId) {
        var pending = running.remove(sessionId);
        if (pending != null) {
            pending.complete(null);
        }
    }

    @Scheduled(every = "${chaperone.change.recheck-every:60s}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> recheckUnknown() {
        return pool.preparedQuery("SELECT DISTINCT session_id FROM config_changes WHERE persistence = 'unknown' LIMIT 100")
                .execute().onItem().transformToMulti(set -> Multi.createFrom().iterable(set))
                .onItem().transformToUniAndConcatenate(row -> check(row.getUUID(0)).onFailure().recoverWithItem(0))
                .collect().last().replaceWithVoid();
    }

    /** Reads back and judges the session's unsettled changes; completes with how many it settled. */
    public Uni<Integer> check(UUID sessionId) {
        if (!commands.isResolvable()) {
            return Uni.createFrom().item(0); // no command gate in this build: the changes stay pending
        }
        return queries.stored(sessionId).chain(all -> {
            List<StoredChange> open = all.stream().filter(c -> "pending".equals(c.persistence())
                    || "unknown".equals(c.persistence())).toList();
            if (open.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            Set<String> devices = new LinkedHashSet<>();
            open.forEach(c -> devices.add(c.device()));
            return readBack(sessionId, devices).chain(readBack -> queries.values(sessionId, all).chain(values -> {
                List<JsonNode> after = values.stream().map(ChangeQueries.Values::after).toList();
                List<Persistence.Verdict> verdicts = Persistence.judge(all, after, readBack);
                List<Tuple> updates = new ArrayList<>();
                var now = clock.instant().atOffset(ZoneOffset.UTC);
                for (Persistence.Verdict v : verdicts) {
                    boolean judged = open.contains(v.change()) || "superseded".equals(v.persistence());
                    if (judged && !v.persistence().equals(v.change().persistence())) {
                        updates.add(Tuple.of(v.change().id(), v.persistence(), now));
                    }
                }
                return pool.preparedQuery("UPDATE config_changes SET persistence = $2, checked_at = $3 WHERE id = $1")
                        .executeBatch(updates).replaceWith(updates.size());
            })).invoke(n -> {
                if (n > 0) {
                    checked.fire(new ChangesChecked(sessionId));
                }
            });
        });
    }

    private Uni<Map<String, JsonNode>> readBack(UUID sessionId, Set<String> devices) {
        Map<String, JsonNode> read = new HashMap<>();
        return Multi.createFrom().iterable(devices)
                .onItem().transformToUniAndConcatenate(device -> commands.get().send(sessionId, "readback-" + UUID.randomUUID(), device, "config.read",
                                JsonNodeFactory.instance.objectNode())
                        .invoke(answer -> {
                            if (answer.ok() && answer.data() != null && answer.data().isObject()) {
                                read.put(device, answer.data());
                            }
                        }).onFailure().recoverWithNull())
                .collect().last().replaceWith(read);
    }
}
