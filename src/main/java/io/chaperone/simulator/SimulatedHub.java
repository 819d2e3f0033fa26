package io.chaperone.simulator;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.impl.WebSocketInternal;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A simulated smart-home hub on a real WebSocket: connects to {@code wss://host:port/ws/hub} with its device
 * certificate ({@link Builder#identity(DeviceIdentity)}), answers the gateway through a {@link HubAgent}, and can
 * misbehave on purpose: {@link #pause()} stops reading (backpressure tests), {@link #vanish()} drops the TCP
 * connection without a close frame, and with auto-reconnect it comes back with jittered exponential backoff.
 *
 * <p>An independent implementation of the hub side (Vert.x {@link WebSocketClient} + {@link JsonObject}),
 * deliberately not sharing the gateway's codec, so tests catch drift in either.
 */
public final class SimulatedHub implements AutoCloseable {

    private final Vertx vertx;
    /** The gateway addresses, tried in turn: a failed attempt moves on to the next (a node died, its port is dead). */
    private final List<URI> uris;
    private volatile int current;
    private final HubAgent agent;
    private final boolean autoReconnect;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Function<String, JsonObject> attestation;
    private final WebSocketClient client;
    private final SplittableRandom jitter;
    private final AtomicInteger connects = new AtomicInteger();
    private final AtomicInteger welcomes = new AtomicInteger();
    private volatile WebSocket socket;
    private volatile boolean stopped;
    private volatile Integer lastCloseCode;
    private volatile String lastCloseReason;
    private int failedAttempts;

    private SimulatedHub(Builder b) {
        this.vertx = b.vertx;
        this.uris = List.copyOf(b.uris);
        this.agent = b.agent;
        this.autoReconnect = b.autoReconnect;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.attestation = b.attestation;
        this.jitter = new SplittableRandom(b.seed);
        WebSocketClientOptions options = new WebSocketClientOptions()
                .setSsl("wss".equalsIgnoreCase(uris.getFirst().getScheme()))
                .setConnectTimeout(5_000);
        b.clientOptions.accept(options);
        this.client = vertx.createWebSocketClient(options);
    }

    public static Builder builder(Vertx vertx, URI hubEndpoint) {
        return new Builder(vertx, hubEndpoint);
    }

    /** Opens the socket; completes when the upgrade succeeded (the {@code welcome} follows asynchronously). */
    public Future<Void> connect() {
        stopped = false;
        Promise<Void> opened = Promise.promise();
        WebSocketConnectOptions options = new WebSocketConnectOptions().setAbsoluteURI(uris.get(current).toString());
        // Connect from an event-loop context: the completion handler then runs in the same task that finishes
        // the upgrade, so the handlers are attached before the first frame (welcome) can be read. Called from
        // another thread, the handler would be queued behind that frame and the frame lost.
        vertx.getOrCreateContext().runOnContext(v -> client.connect(options).onComplete(ar -> {
            if (ar.succeeded()) {
                attach(ar.result());
                opened.complete();
            } else {
                current = (current + 1) % uris.size();
                scheduleReconnect();
                opened.fail(ar.cause());
            }
        }));
        return opened.future();
    }

    private void attach(WebSocket ws) {
        socket = ws;
        connects.incrementAndGet();
        ws.textMessageHandler(this::onText);
        ws.closeHandler(v -> {
            lastCloseCode = ws.closeStatusCode() == null ? null : Integer.valueOf(ws.closeStatusCode());
            lastCloseReason = ws.closeReason();
            if (socket == ws) {
                socket = null;
            }
            scheduleReconnect();
        });
        ws.exceptionHandler(e -> { /* the close handler follows and decides about reconnecting */ });
    }

    private void onText(String text) {
        JsonObject frame;
        try {
            frame = new JsonObject(text);
        } catch (DecodeException | ClassCastException notAnObject) {
            return; // a real hub ignores what it cannot parse; the gateway never sends this
        }
        if ("attest.challenge".equals(frame.getValue("type")) && attestation != null) {
            JsonObject evidence = attestation.apply(frame.getString("nonce"));
            if (evidence != null) {
                send(evidence);
            }
        }
        if ("welcome".equals(frame.getValue("type"))) {
            welcomes.incrementAndGet();
            failedAttempts = 0;
        }
        for (JsonObject answer : agent.onFrame(frame)) {
            send(answer);
        }
    }

    private void scheduleReconnect() {
        if (stopped || !autoReconnect) {
            return;
        }
        long delay = backoffMillis(failedAttempts++);
        vertx.setTimer(delay, id -> {
            if (!stopped && socket == null) {
                connect();
            }
        });
    }

    /** "Equal jitter": half the exponential step fixed, half random, so a fleet does not reconnect in lockstep. */
    long backoffMillis(int attempt) {
        long cap = Math.min(maxBackoff.toMillis(), initialBackoff.toMillis() << Math.min(attempt, 20));
        long half = Math.max(1, cap / 2);
        return half + jitter.nextLong(half + 1);
    }

    /** Sends a frame as the hub (e.g. an unsolicited {@link HubAgent#event(String, String)}). */
    public Future<Void> send(JsonObject frame) {
        return sendRaw(frame.encode());
    }

    /** Sends any text, valid or not (protocol-abuse tests). */
    public Future<Void> sendRaw(String text) {
        WebSocket ws = socket;
        return ws == null ? Future.failedFuture("not connected") : ws.writeTextMessage(text);
    }

    /** Stops reading from the socket: frames pile up in the gateway's send queue. */
    public void pause() {
        WebSocket ws = socket;
        if (ws != null) {
            ws.pause();
        }
    }

    public void resume() {
        WebSocket ws = socket;
        if (ws != null) {
            ws.resume();
        }
    }

    /**
     * Drops the TCP connection without a close frame, as a hub that lost power would. With auto-reconnect
     * on, the hub comes back after its backoff.
     */
    public void vanish() {
        WebSocket ws = socket;
        if (ws instanceof WebSocketInternal internal) {
            // Vert.x offers no public abortive close, and Netty's WebSocket handler turns channel.close() into a
            // close frame. Closing from the first pipeline context skips every handler (and TLS close_notify).
            Channel channel = internal.channelHandlerContext().channel();
            ChannelHandlerContext first = channel.pipeline().firstContext();
            if (first != null) {
                first.close();
            } else {
                channel.close();
            }
        } else if (ws != null) {
            throw new IllegalStateException("this Vert.x WebSocket cannot be dropped abruptly");
        }
    }

    /** Closes normally (1000) and stops reconnecting. */
    @Override
    public void close() {
        stopped = true;
        WebSocket ws = socket;
        if (ws != null) {
            ws.close((short) 1000, "hub shutting down");
        }
        client.close();
    }

    public HubAgent agent() { return agent; }

    /** The address the hub connects (or reconnects) to now. */
    public URI currentUri() { return uris.get(current); }

    public boolean isConnected() {
        WebSocket ws = socket;
        return ws != null && !ws.isClosed();
    }

    /** Successful upgrades so far (1 + reconnects). */
    public int connectCount() { return connects.get(); }

    /** {@code welcome} frames received so far. */
    public int welcomeCount() { return welcomes.get(); }

    /** The close code of the last closed connection; empty if it vanished without one or never closed. */
    public Optional<Integer> lastCloseCode() { return Optional.ofNullable(lastCloseCode); }

    public Optional<String> lastCloseReason() { return Optional.ofNullable(lastCloseReason); }

    public static final class Builder {
        private final Vertx vertx;
        private final List<URI> uris = new ArrayList<>();
        private HubAgent agent;
        private boolean autoReconnect;
        private Duration initialBackoff = Duration.ofMillis(200);
        private Duration maxBackoff = Duration.ofSeconds(30);
        private Function<String, JsonObject> attestation;
        private Consumer<WebSocketClientOptions> clientOptions = o -> { };
        private long seed = System.nanoTime();

        private Builder(Vertx vertx, URI uri) {
            this.vertx = Objects.requireNonNull(vertx, "vertx");
            this.uris.add(Objects.requireNonNull(uri, "uri"));
        }


        /** Defaults to {@link HubAgent#standardHome(java.time.Clock)} on the system clock. */
        public Builder agent(HubAgent agent) { this.agent = agent; return this; }

        /** More gateway addresses (other nodes of a cluster), tried in order after a failed attempt. */
        public Builder failover(List<URI> others) { this.uris.addAll(others); return this; }

        public Builder autoReconnect(boolean autoReconnect) { this.autoReconnect = autoReconnect; return this; }

        public Builder backoff(Duration initial, Duration max) {
            if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("backoff needs 0 < initial <= max");
            }
            this.initialBackoff = initial;
            this.maxBackoff = max;
            return this;
        }

        /** Answers {@code attest.challenge}: nonce in, {@code attest.evidence} frame out (null: no answer). None by default. */
        public Builder attestation(Function<String, JsonObject> attestation) { this.attestation = attestation; return this; }

        /** mTLS with an enrolled {@link DeviceIdentity}: its certificate, trusting only its device CA. */
        public Builder identity(DeviceIdentity identity) {
            Consumer<WebSocketClientOptions> previous = this.clientOptions;
            this.clientOptions = o -> { previous.accept(o); identity.applyTo(o); };
            return this;
        }

        /** TLS trust, client certificate, frame limits, …: applied after the defaults. */
        public Builder clientOptions(Consumer<WebSocketClientOptions> customizer) { this.clientOptions = customizer; return this; }

        /** Seed of the reconnect jitter, for reproducible tests. */
        public Builder seed(long seed) { this.seed = seed; return this; }

        public SimulatedHub build() {
            if (agent == null) {
                agent = HubAgent.standardHome(java.time.Clock.systemUTC());
            }
            return new SimulatedHub(this);
        }
    }
}
