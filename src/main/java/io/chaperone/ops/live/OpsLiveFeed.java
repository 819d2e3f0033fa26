package io.chaperone.ops.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chaperone.cluster.ClusterBus;
import io.chaperone.cluster.ClusterException;
import io.chaperone.cluster.ClusterMessage;
import io.chaperone.ops.Meters;
import io.chaperone.protocol.CloseCodes;
import io.chaperone.relay.Outbox;
import io.chaperone.relay.RelayConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The ops live feed (ADR 0030): once per {@code chaperone.ops.live.interval} every node samples its own meters
 * ({@link Meters#read()}, a timer: nothing is added to the frame path), publishes the sample on
 * {@code <prefix>.ops.samples} in cluster mode and keeps the latest sample of every node it heard from. A node with
 * ops sockets then reads the open sessions by state from the database (cluster-wide already; one query per interval,
 * never two in flight: while one is out, the snapshot carries the counts last read) and sends each socket the same
 * {@link OpsSnapshot}.
 * <p>
 * In-memory state and other nodes: the samples are a per-node cache of what every node published; a socket on any
 * node sees the same totals within one interval. A node that stops publishing (dead, cut from NATS) drops out of
 * the totals after three intervals — its hubs and sessions are then counted where they reconnect. Single node: no
 * NATS, the only sample is its own.
 */
@ApplicationScoped
public class OpsLiveFeed {

    private static final Logger LOG = Logger.getLogger(OpsLiveFeed.class);
    static final List<String> OPEN_STATES = List.of("requested", "approved", "active", "suspended");
    private static final String SESSIONS_BY_STATE = "SELECT state, count(*) FROM support_sessions "
            + "WHERE state IN ('requested', 'approved', 'active', 'suspended') GROUP BY state";
    /** Samples older than this many intervals are a node that is gone. */
    private static final int STALE_AFTER_INTERVALS = 3;

    @Inject
    OpsLiveConfig config;
    @Inject
    RelayConfig relay;
    @Inject
    Meters meters;
    @Inject
    ClusterBus bus;
    @Inject
    Pool pool;
    @Inject
    Vertx vertx;
    @Inject
    ObjectMapper json;

    private final Map<String, OpsSnapshot.Received> samples = new ConcurrentHashMap<>();
    private final Set<Outbox> watchers = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean reading = new AtomicBoolean();
    private NodeSampler sampler;
    private ClusterBus.Subscription subscription;
    private volatile Map<String, Long> lastSessions;
    private volatile String lastFrame;
    private volatile long lastFrameAt;
    private long timer = -1;

    void start(@Observes StartupEvent event) {
        sampler = new NodeSampler(bus.nodeId(), config.interval());
        if (bus.enabled()) {
            subscription = bus.subscribe(subject(), this::received);
        }
        timer = vertx.setPeriodic(config.interval().toMillis(), id -> tick());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        if (subscription != null) {
            subscription.close();
        }
        watchers.forEach(w -> w.connection().close().subscribe().with(v -> { }, e -> { }));
    }

    /** An ops socket opened here: it gets the latest snapshot at once if there is a fresh one, then every interval. */
    void opened(WebSocketConnection connection) {
        Outbox watcher = new Outbox(connection, relay.maxPendingSends(), () -> { });
        connection.userData().put(OpsLiveEndpoint.WATCHER, watcher);
        watchers.add(watcher);
        String frame = lastFrame;
        if (frame != null && System.currentTimeMillis() - lastFrameAt < 2 * config.interval().toMillis()) {
            watcher.send(frame);
        }
    }

    void closed(WebSocketConnection connection) {
        Outbox watcher = connection.userData().get(OpsLiveEndpoint.WATCHER);
        if (watcher != null) {
            watchers.remove(watcher);
        }
    }

    /** The feed is read-only: a client that sends anything is closed (1008). */
    void unexpectedFrame(WebSocketConnection connection) {
        connection.close(CloseCodes.ABUSE_REASON).subscribe().with(v -> { }, e -> { });
    }

    public int sockets() {
        return watchers.size();
    }

    boolean full() {
        return watchers.size() >= config.maxSockets();
    }

    /** The nodes whose samples are current here (this one included). */
    public Set<String> nodesHeard() {
        return Set.copyOf(samples.keySet());
    }

    private void tick() {
        long now = System.currentTimeMillis();
        NodeSample own = sampler.sample(now, meters.read());
        samples.put(own.nodeId(), new OpsSnapshot.Received(own, now));
        samples.values().removeIf(r -> now - r.receivedAt() > STALE_AFTER_INTERVALS * config.interval().toMillis());
        publish(own);
        if (watchers.isEmpty()) {
            return;
        }
        if (!reading.compareAndSet(false, true)) {
            // The last read is still out (a busy database): the meters go out now with the counts last read.
            broadcast(now, lastSessions);
            return;
        }
        sessionsByState().subscribe().with(counts -> {
            reading.set(false);
            lastSessions = counts;
            broadcast(now, counts);
        }, failure -> {
            reading.set(false);
            lastSessions = null;
            LOG.debugf("ops feed: sessions by state unavailable (%s)", failure.getClass().getSimpleName());
            broadcast(now, null);
        });
    }

    private Uni<Map<String, Long>> sessionsByState() {
        return pool.query(SESSIONS_BY_STATE).execute().map(rows -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            OPEN_STATES.forEach(state -> counts.put(state, 0L));
            rows.forEach(row -> counts.put(row.getString(0), row.getLong(1)));
            return counts;
        });
    }

    private void broadcast(long now, Map<String, Long> sessions) {
        OpsSnapshot snapshot = OpsSnapshot.of(Instant.ofEpochMilli(now), config.interval().toMillis(), bus.nodeId(),
                samples.values(), sessions);
        String frame;
        try {
            frame = json.writeValueAsString(snapshot);
        } catch (JsonProcessingException e) {
            LOG.warnf("ops feed: snapshot not serialised (%s)", e.getClass().getSimpleName());
            return;
        }
        lastFrame = frame;
        lastFrameAt = now;
        watchers.forEach(watcher -> watcher.send(frame));
    }

    private void publish(NodeSample own) {
        if (!bus.enabled()) {
            return;
        }
        try {
            bus.publish(subject(), json.writeValueAsBytes(own));
        } catch (ClusterException | JsonProcessingException e) {
            // Best effort, like every sample: the next interval publishes a fresh one.
            LOG.debugf("ops feed: sample not published (%s)", e.getClass().getSimpleName());
        }
    }

    private void received(ClusterMessage message) {
        NodeSample sample;
        try {
            sample = json.readValue(message.data(), NodeSample.class);
        } catch (IOException e) {
            LOG.debugf("ops feed: unreadable sample ignored (%s)", e.getClass().getSimpleName());
            return;
        }
        if (sample.nodeId() == null || sample.nodeId().equals(bus.nodeId()) || sample.deniedLastMinute() == null
                || sample.anomalyFlagsLastMinute() == null || sample.anomalyFlagsTotal() == null) {
            return;
        }
        samples.put(sample.nodeId(), new OpsSnapshot.Received(sample, System.currentTimeMillis()));
    }

    private String subject() {
        return bus.subjects().named("ops.samples");
    }
}
