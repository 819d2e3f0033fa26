package io.chaperone.cluster;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Dispatcher;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.impl.Headers;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The node's link to the other nodes: NATS core publish/subscribe and request/reply (docs/cluster.md, ADR 0017).
 * In single-node mode ({@code chaperone.cluster.enabled=false}) there is no connection and no attempt to make one;
 * every operation fails with {@link ClusterException.Code#DISABLED}.
 * <p>
 * Handlers never run on the client's thread: each subscription has one Vert.x event-loop context and its messages
 * run there in arrival order (NATS keeps order per publisher and subject). The client reconnects forever; while it is
 * away, publishes are buffered by the client (up to its reconnect buffer) and {@link #connected()} is false.
 */
@ApplicationScoped
public class ClusterBus {

    private static final Logger LOG = Logger.getLogger(ClusterBus.class);

    private final ClusterConfig config;
    private final ClusterNode node;
    private final ClusterSubjects subjects;
    private final Vertx vertx;
    private final Event<ClusterLink> events;
    private final Clock clock;
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final List<Consumer<ClusterLink>> listeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private volatile Connection connection;
    private volatile ClusterLink.State state;
    private Dispatcher dispatcher;
    private Context linkContext;

    @Inject
    ClusterBus(ClusterConfig config, ClusterNode node, ClusterSubjects subjects, Vertx vertx, Event<ClusterLink> events,
               Clock clock) {
        this.config = config;
        this.node = node;
        this.subjects = subjects;
        this.vertx = vertx;
        this.events = events;
        this.clock = clock;
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.infof("cluster mode off: node %s runs alone (no NATS)", node.id());
            return;
        }
        linkContext = eventLoopContext();
        Options options = new Options.Builder()
                .servers(config.natsUrl().split("\\s*,\\s*"))
                .connectionName("chaperone-" + node.id())
                .maxReconnects(-1)
                .reconnectWait(config.reconnectWait())
                .reconnectJitter(config.reconnectJitter())
                .connectionTimeout(config.connectTimeout())
                .connectionListener(this::linkEvent)
                .errorListener(new QuietErrors())
                .useTimeoutException()
                .build();
        LOG.infof("cluster node %s connecting to NATS at %s", node.id(), redacted(config.natsUrl()));
        try {
            Nats.connectAsynchronously(options, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void stop(@Observes ShutdownEvent event) {
        Connection c = connection;
        if (c == null) {
            return;
        }
        try {
            // Drain: stop receiving, deliver what is in flight (ours and our handlers'), then close.
            c.drain(config.drainTimeout()).get(config.drainTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warnf("NATS drain incomplete: %s", e.getClass().getSimpleName());
        } finally {
            try {
                c.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public boolean enabled() {
        return config.enabled();
    }

    /** True while the node has a live NATS connection. */
    public boolean connected() {
        Connection c = connection;
        return c != null && c.getStatus() == Connection.Status.CONNECTED;
    }

    /** The last link state, or null before the first connection (or in single-node mode). */
    public ClusterLink.State state() {
        return state;
    }

    public String nodeId() {
        return node.id();
    }

    public ClusterSubjects subjects() {
        return subjects;
    }

    public void publish(String subject, byte[] data) {
        publish(subject, null, data);
    }

    /** Fire and forget; {@code headers} may be null. */
    public void publish(String subject, Map<String, String> headers, byte[] data) {
        Connection c = required();
        try {
            c.publish(subject, headers(headers), data);
        } catch (IllegalStateException e) {
            throw new ClusterException(ClusterException.Code.NOT_CONNECTED, "NATS connection closed or its buffer is full");
        }
    }

    /** Answers a request received by a handler. */
    public void reply(ClusterMessage request, Map<String, String> headers, byte[] data) {
        if (request.replyTo() == null) {
            throw new IllegalArgumentException("not a request: no reply subject");
        }
        publish(request.replyTo(), headers, data);
    }

    public void reply(ClusterMessage request, byte[] data) {
        reply(request, null, data);
    }

    /**
     * A request with one reply, failing with {@link ClusterException} ({@code TIMEOUT}, {@code NO_RESPONDERS},
     * {@code NOT_CONNECTED}). Sent when subscribed; the result arrives on the caller's Vert.x context if it had one.
     */
    public Uni<ClusterMessage> request(String subject, Map<String, String> headers, byte[] data, Duration timeout) {
        Context caller = Vertx.currentContext();
        Uni<ClusterMessage> reply = Uni.createFrom().deferred(() -> {
            Connection c = required();
            return Uni.createFrom().completionStage(c.requestWithTimeout(subject, headers(headers), data, timeout));
        }).map(m -> new ClusterMessage(m, System.nanoTime())).onFailure().transform(ClusterBus::translated);
        return caller == null ? reply : reply.emitOn(task -> caller.runOnContext(v -> task.run()));
    }

    public Uni<ClusterMessage> request(String subject, byte[] data) {
        return request(subject, null, data, config.requestTimeout());
    }

    /** Every message on {@code subject} (wildcards allowed), in order, on one event loop. */
    public Subscription subscribe(String subject, Consumer<ClusterMessage> handler) {
        return subscribe(subject, null, handler);
    }

    /**
     * As {@link #subscribe(String, Consumer)}, but each message goes to one member of {@code queueGroup} across the
     * cluster. A subscription made before the first connection starts with it.
     */
    public Subscription subscribe(String subject, String queueGroup, Consumer<ClusterMessage> handler) {
        if (!config.enabled()) {
            throw new ClusterException(ClusterException.Code.DISABLED, "cluster mode is off");
        }
        Subscription subscription = new Subscription(subject, queueGroup, eventLoopContext(), handler);
        synchronized (lock) {
            subscriptions.add(subscription);
            if (dispatcher != null) {
                subscription.attach(dispatcher);
            }
        }
        return subscription;
    }

    /** Called with every link change, on one event loop, in order. */
    public void onLink(Consumer<ClusterLink> listener) {
        listeners.add(listener);
    }

    private void linkEvent(Connection c, ConnectionListener.Events event) {
        ClusterLink.State next = switch (event) {
            case CONNECTED -> ClusterLink.State.CONNECTED;
            case RECONNECTED -> ClusterLink.State.RECONNECTED;
            case DISCONNECTED -> ClusterLink.State.DISCONNECTED;
            case CLOSED -> ClusterLink.State.CLOSED;
            default -> null;
        };
        if (next == null) {
            return;
        }
        if (next.up()) {
            synchronized (lock) {
                if (dispatcher == null) {
                    // A connection that began in reconnect mode reports its first success as RECONNECTED.
                    connection = c;
                    dispatcher = c.createDispatcher();
                    subscriptions.forEach(s -> s.attach(dispatcher));
                    next = ClusterLink.State.CONNECTED;
                }
            }
        }
        if (next == state) {
            return; // the client reports DISCONNECTED again after every failed reconnect attempt
        }
        state = next;
        LOG.infof("cluster node %s: NATS %s", node.id(), next);
        ClusterLink link = new ClusterLink(next, clock.instant());
        linkContext.runOnContext(v -> {
            for (Consumer<ClusterLink> listener : listeners) {
                try {
                    listener.accept(link);
                } catch (RuntimeException e) {
                    LOG.warnf("cluster link listener failed: %s", e.getClass().getSimpleName());
                }
            }
            events.fire(link);
        });
    }

    private Connection required() {
        if (!config.enabled()) {
            throw new ClusterException(ClusterException.Code.DISABLED, "cluster mode is off");
        }
        Connection c = connection;
        if (c == null || c.getStatus() == Connection.Status.CLOSED) {
            throw new ClusterException(ClusterException.Code.NOT_CONNECTED, "no NATS connection yet");
        }
        return c;
    }

    private Context eventLoopContext() {
        Context current = Vertx.currentContext();
        if (current != null && current.isEventLoopContext()) {
            return current;
        }
        return ((VertxInternal) vertx).createEventLoopContext();
    }

    private static Headers headers(Map<String, String> values) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        Headers headers = new Headers();
        values.forEach(headers::put);
        return headers;
    }

    static Throwable translated(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof ClusterException) {
            return cause;
        }
        if (cause instanceof TimeoutException) {
            return new ClusterException(ClusterException.Code.TIMEOUT, "no reply in time");
        }
        if (cause instanceof CancellationException) {
            // With useTimeoutException, the client cancels a request only when the server says no one listens.
            return new ClusterException(ClusterException.Code.NO_RESPONDERS, "no subscriber for the request");
        }
        if (cause instanceof IllegalStateException) {
            return new ClusterException(ClusterException.Code.NOT_CONNECTED, "NATS connection closed");
        }
        return cause;
    }

    /** The URL list without user:password. */
    static String redacted(String urls) {
        StringBuilder out = new StringBuilder();
        for (String url : urls.split("\\s*,\\s*")) {
            if (!out.isEmpty()) {
                out.append(',');
            }
            try {
                URI uri = URI.create(url);
                out.append(uri.getScheme()).append("://").append(uri.getHost()).append(':').append(uri.getPort());
            } catch (IllegalArgumentException e) {
                out.append("(unparsable)");
            }
        }
        return out.toString();
    }

    /** One handler on one subject; {@link #close()} ends it. */
    public final class Subscription implements AutoCloseable {

        private final String subject;
        private final String queueGroup;
        private final Context context;
        private final Consumer<ClusterMessage> handler;
        private io.nats.client.Subscription attached;
        private boolean closed;

        private Subscription(String subject, String queueGroup, Context context, Consumer<ClusterMessage> handler) {
            this.subject = subject;
            this.queueGroup = queueGroup;
            this.context = context;
            this.handler = handler;
        }

        public String subject() {
            return subject;
        }

        private void attach(Dispatcher d) {
            if (closed) {
                return;
            }
            io.nats.client.MessageHandler hop = m -> {
                long received = System.nanoTime();
                context.runOnContext(v -> deliver(m, received));
            };
            attached = queueGroup == null ? d.subscribe(subject, hop) : d.subscribe(subject, queueGroup, hop);
        }

        private void deliver(io.nats.client.Message m, long receivedNanos) {
            try {
                handler.accept(new ClusterMessage(m, receivedNanos));
            } catch (RuntimeException e) {
                // Never the payload: only which subject's handler failed and how.
                LOG.warnf("cluster handler of %s failed: %s", subject, e.getClass().getSimpleName());
            }
        }

        @Override
        public void close() {
            synchronized (lock) {
                closed = true;
                subscriptions.remove(this);
                if (attached != null && dispatcher != null && attached.isActive()) {
                    dispatcher.unsubscribe(attached);
                }
            }
        }
    }

    private static final class QuietErrors implements ErrorListener {
        @Override
        public void errorOccurred(Connection conn, String error) {
            LOG.warnf("NATS error: %s", error);
        }

        @Override
        public void exceptionOccurred(Connection conn, Exception exp) {
            LOG.debugf("NATS exception: %s", exp.getClass().getSimpleName());
        }
    }
}
