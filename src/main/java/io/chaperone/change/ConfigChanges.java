package io.chaperone.change;

import com.fasterxml.jackson.databind.JsonNode;
import io.chaperone.privacy.ValueSealing;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stores every {@code configChange} a hub reports, one row per changed setting, values sealed (docs/protocol.md,
 * docs/report.md). The relay only enqueues ({@link #reported}): the frame path makes no database call; a short
 * timer drains the queue into one batch insert per session. Bounded: past {@link #MAX_QUEUED} a change is dropped
 * and logged (the command and result audit rows still hold what happened).
 */
@ApplicationScoped
public class ConfigChanges {

    private static final Logger LOG = Logger.getLogger(ConfigChanges.class);
    static final int MAX_QUEUED = 10_000;
    static final long DRAIN_DELAY_MS = 20;
    static final String BEFORE = "config_change.before";
    static final String AFTER = "config_change.after";

    @Inject
    Vertx vertx;
    @Inject
    Pool pool;
    @Inject
    ValueSealing sealing;
    @Inject
    Clock clock;

    /** One reported change as the hub sent it (unredacted, the frame's own tree). */
    record Reported(UUID sessionId, UUID homeId, UUID hubId, String commandId, JsonNode change, Instant at) {
    }

    /** A stored change ready to insert: one setting. */
    record Row(UUID id, String device, String setting, String commandId, String before, String after, Instant at) {
    }

    private final ConcurrentLinkedQueue<Reported> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicInteger inFlight = new AtomicInteger();

    /** Frame path: O(1), no I/O. {@code change} is {@code {"device","before":{…},"after":{…}}}. */
    public void reported(UUID sessionId, UUID homeId, UUID hubId, String commandId, JsonNode change) {
        if (queued.incrementAndGet() > MAX_QUEUED) {
            queued.decrementAndGet();
            LOG.warn("config change not stored: the queue is full (code=change.dropped)");
            return;
        }
        queue.add(new Reported(sessionId, homeId, hubId, commandId, change, clock.instant()));
        if (scheduled.compareAndSet(false, true)) {
            vertx.setTimer(DRAIN_DELAY_MS, id -> drain());
        }
    }

    /** Whether every reported change has been written (tests and the end-of-session read-back wait on it). */
    public boolean idle() {
        return queued.get() == 0 && inFlight.get() == 0;
    }

    private void drain() {
        scheduled.set(false);
        List<Reported> batch = new ArrayList<>();
        for (Reported r; (r = queue.poll()) != null; ) {
            batch.add(r);
        }
        if (batch.isEmpty()) {
            return;
        }
        inFlight.incrementAndGet();
        queued.addAndGet(-batch.size());
        Map<UUID, List<Reported>> bySession = new java.util.LinkedHashMap<>();
        batch.forEach(r -> bySession.computeIfAbsent(r.sessionId(), k -> new ArrayList<>()).add(r));
        Uni<Void> all = Uni.createFrom().voidItem();
        for (List<Reported> ofSession : bySession.values()) {
            all = all.chain(() -> store(ofSession).onFailure().recoverWithUni(e -> {
                LOG.warnf("config changes not stored: %s (code=change.store_failed)", e.getClass().getSimpleName());
                return Uni.createFrom().voidItem();
            }));
        }
        all.subscribe().with(v -> inFlight.decrementAndGet(), e -> inFlight.decrementAndGet());
    }

    private Uni<Void> store(List<Reported> reports) {
        Reported first = reports.getFirst();
        List<Row> rows = new ArrayList<>();
        reports.forEach(r -> rows.addAll(rowsOf(r)));
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // Sealed in two calls (one purpose each) so the AAD tells a before from an after.
        return sealing.seal(first.sessionId(), first.homeId(), BEFORE, rows.stream().map(Row::before).toList())
                .chain(before -> sealing.seal(first.sessionId(), first.homeId(), AFTER, rows.stream().map(Row::after).toList())
                        .chain(after -> {
                            if (before.isEmpty() || after.isEmpty()) {
                                LOG.debug("config changes not stored: the session's key is gone (code=change.erased)");
                                return Uni.createFrom().voidItem();
                            }
                            List<Tuple> tuples = new ArrayList<>();
                            for (int i = 0; i < rows.size(); i++) {
                                Row row = rows.get(i);
                                tuples.add(Tuple.from(List.<Object>of(row.id(), first.sessionId(), first.homeId(), first.hubId(),
                                        row.device(), row.setting(), row.commandId())).addString(before.get().get(i))
                                        .addString(after.get().get(i)).addOffsetDateTime(row.at().atOffset(ZoneOffset.UTC)));
                            }
                            return pool.preparedQuery("INSERT INTO config_changes (id, session_id, home_id, hub_id, device, "
                                            + "setting, command_id, before_value, after_value, reported_at) "
                                            + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
                                    .executeBatch(tuples).replaceWithVoid();
                        }));
    }

    /** One row per setting whose value differs between before and after; nothing for a malformed change. */
    static List<Row> rowsOf(Reported r) {
        JsonNode change = r.change();
        JsonNode device = change.get("device");
        JsonNode before = change.get("before");
        JsonNode after = change.get("after");
        if (device == null || !device.isTextual() || before == null || !before.isObject() || after == null || !after.isObject()) {
            LOG.debug("config change without device, before or after objects (code=change.malformed)");
            return List.of();
        }
        Set<String> settings = new LinkedHashSet<>();
        before.fieldNames().forEachRemaining(settings::add);
        after.fieldNames().forEachRemaining(settings::add);
        List<Row> rows = new ArrayList<>();
        for (Iterator<String> it = settings.iterator(); it.hasNext(); ) {
            String setting = it.next();
            JsonNode was = before.get(setting);
            JsonNode now = after.get(setting);
            if (!Objects.equals(was, now)) {
                rows.add(new Row(UUID.randomUUID(), device.textValue(), setting, r.commandId(),
                        was == null ? null : was.toString(), now == null ? null : now.toString(), r.at()));
            }
        }
        return rows;
    }
}
