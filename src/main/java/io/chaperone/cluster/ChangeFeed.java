package io.chaperone.cluster;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.pubsub.PgSubscriber;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The node's end of the change feed (ADR 0018): one dedicated connection LISTENs on {@value ChangeNotice#CHANNEL}
 * (Vert.x {@link PgSubscriber}: reconnects forever, handler on the event loop). Every (re)connect runs
 * {@link FeedResync} before the state counts as confirmed; a heartbeat NOTIFYed through the pool and received back
 * keeps it confirmed. A tick fails the node closed ({@link FeedUnconfirmed}) for as long as the state stays
 * unconfirmed beyond the bound. Off (and always "confirmed") when the feed is disabled: a single node.
 */
@ApplicationScoped
public class ChangeFeed {

    private static final Logger LOG = Logger.getLogger(ChangeFeed.class);
    static final String APPLICATION_NAME = "chaperone-change-feed";

    @Inject
    FeedConfig config;
    @Inject
    Vertx vertx;
    @Inject
    Pool pool;
    @Inject
    ClusterEvents events;
    @Inject
    FeedResync resync;
    @Inject
    Event<FeedUnconfirmed> unconfirmed;
    @Inject
    Config settings;

    /** Tells our own heartbeats from other nodes'; not a cluster identity. */
    private final String node = UUID.randomUUID().toString();
    private volatile FeedState state;
    private volatile PgSubscriber subscriber;
    private volatile boolean failedClosed;
    private volatile boolean stopped;
    private long beatTimer = -1;
    private long tickTimer = -1;

    void start(@Observes StartupEvent event) {
        if (!config.revocationFeedEnabled()) {
            LOG.info("Cluster change feed off (single node: every decision is made where its sockets are)");
            return;
        }
        config.validate();
        state = new FeedState(config.revocationFeedBound().toNanos(), System.nanoTime());
        long reconnect = Math.max(1, config.revocationFeedReconnect().toMillis());
        subscriber = PgSubscriber.subscriber(vertx, connectOptions()).reconnectPolicy(retries -> reconnect);
        subscriber.channel(ChangeNotice.CHANNEL).handler(this::received).subscribeHandler(v -> listening());
        connect();
        beatTimer = vertx.setPeriodic(config.revocationFeedHeartbeat().toMillis(), id -> beat());
        tickTimer = vertx.setPeriodic(Math.max(10, config.revocationFeedBound().toMillis() / 10), id -> tick());
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        if (beatTimer >= 0) {
            vertx.cancelTimer(beatTimer);
            vertx.cancelTimer(tickTimer);
        }
        if (subscriber != null) {
            subscriber.close();
        }
    }

    public boolean enabled() {
        return state != null;
    }

    /** Whether this node may forward and admit: the feed is off, or the revocation state is confirmed. */
    public boolean confirmed() {
        FeedState s = state;
        return s == null || s.confirmed(System.nanoTime());
    }

    /** Milliseconds the revocation state has been unconfirmed beyond the bound (0 when confirmed or off). */
    public long unconfirmedMillis() {
        FeedState s = state;
        return s == null || confirmed() ? 0 : s.unconfirmedMillis(System.nanoTime());
    }

    /** The first connect: later ones are the subscriber's reconnect policy; a failed first one is retried here. */
    private void connect() {
        subscriber.connect().onFailure(e -> {
            if (!stopped) {
                LOG.warnf("Change feed not connected (code=cluster.feed_connect_failed): %s", e.getClass().getSimpleName());
                vertx.setTimer(Math.max(1, config.revocationFeedReconnect().toMillis()), id -> connect());
            }
        });
    }

    /** LISTEN is in place on a (new) connection: re-read what may have been missed, then count as confirmed. */
    private void listening() {
        long connection = state.listening();
        long startedAt = System.nanoTime();
        resync.run().subscribe().with(v -> {
            state.synced(connection, startedAt);
            LOG.infof("Change feed listening and re-read (code=cluster.feed_confirmed, connection=%d)", connection);
        }, e -> {
            LOG.warnf("Change feed re-read failed; retrying (code=cluster.feed_resync_failed): %s",
                    e.getClass().getSimpleName());
            vertx.setTimer(Math.max(1, config.revocationFeedReconnect().toMillis()), id -> {
                if (!stopped && !state.synced()) {
                    listening();
                }
            });
        });
    }

    private void received(String payload) {
        ChangeNotice.parse(payload).ifPresent(notice -> {
            if (notice instanceof ChangeNotice.Beat beat) {
                if (node.equals(beat.node())) {
                    state.beat(beat.sentAt());
                }
                return;
            }
            try {
                events.apply(notice);
            } catch (RuntimeException e) {
                LOG.errorf("a change notice was not applied: %s", e.getClass().getSimpleName());
            }
        });
    }

    /**
     * The heartbeat goes out on the feed's own connection, never through the shared pool: it proves that what other
     * nodes committed reaches this node, and a pool busy with ordinary traffic said nothing about that yet made the
     * beat late; under load the node failed closed (4005 for every session) with a healthy feed. No connection: no beat
     * (the state then ages into unconfirmed, as it should).
     */
    private void beat() {
        PgSubscriber s = subscriber;
        PgConnection connection = s == null || s.closed() ? null : s.actualConnection();
        if (connection == null) {
            return;
        }
        connection.preparedQuery(ClusterEvents.NOTIFY)
                .execute(io.vertx.sqlclient.Tuple.of(ChangeNotice.CHANNEL, ChangeNotice.beat(node, System.nanoTime())))
                .onFailure(e -> LOG.debugf("heartbeat not sent: %s", e.getClass().getSimpleName()));
    }

    /**
     * Sends {@code payload} on the channel through the feed's own connection, so a closing notice does not queue behind
     * ordinary traffic for a pool connection; through the pool while the feed connection is being re-established.
     */
    Uni<Void> announce(String payload) {
        PgSubscriber s = subscriber;
        PgConnection connection = s == null || s.closed() ? null : s.actualConnection();
        if (connection == null) {
            return pool.preparedQuery(ClusterEvents.NOTIFY).execute(Tuple.of(ChangeNotice.CHANNEL, payload)).replaceWithVoid();
        }
        return Uni.createFrom().completionStage(() -> connection.preparedQuery(ClusterEvents.NOTIFY)
                .execute(io.vertx.sqlclient.Tuple.of(ChangeNotice.CHANNEL, payload)).toCompletionStage()).replaceWithVoid();
    }

    private void tick() {
        long now = System.nanoTime();
        if (state.confirmed(now)) {
            if (failedClosed) {
                failedClosed = false;
                LOG.info("Revocation state confirmed again; forwarding and admissions resume (code=cluster.feed_recovered)");
            }
            return;
        }
        if (!failedClosed) {
            failedClosed = true;
            LOG.warnf("Revocation state unconfirmed beyond %s: failing closed (code=cluster.feed_unconfirmed)",
                    config.revocationFeedBound());
        }
        // Every tick, not once: a technician admitted just before the bound ran out registers after the first sweep.
        unconfirmed.fire(new FeedUnconfirmed(state.unconfirmedMillis(now)));
    }

    private PgConnectOptions connectOptions() {
        String url = config.revocationFeedUrl()
                .orElseGet(() -> settings.getValue("quarkus.datasource.reactive.url", String.class));
        PgConnectOptions options = PgConnectOptions.fromUri(url.replaceFirst("^vertx-reactive:", ""));
        settings.getOptionalValue("quarkus.datasource.username", String.class).ifPresent(options::setUser);
        settings.getOptionalValue("quarkus.datasource.password", String.class).ifPresent(options::setPassword);
        options.addProperty("application_name", APPLICATION_NAME);
        // Heartbeats arrive as reads: a connection silent for two bounds is dead (a partition sends no FIN); closing
        // it makes the subscriber reconnect, and a handshake that hangs is cut the same way.
        options.setReadIdleTimeout((int) Math.max(1, config.revocationFeedBound().toMillis() * 2));
        options.setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
        return options;
    }
}
