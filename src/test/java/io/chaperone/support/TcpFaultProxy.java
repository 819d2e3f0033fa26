package io.chaperone.support;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A TCP proxy on 127.0.0.1 in front of a loopback service (PostgreSQL) that tests can break: {@link #cut()}
 * closes every connection and refuses new ones, {@link #blackhole()} accepts and swallows everything,
 * {@link #addLatency(Duration)} delays every chunk sent towards the service, {@link #restore()} heals.
 * Loopback only and bounded: at most {@value #MAX_LINKS} connections.
 */
public final class TcpFaultProxy implements AutoCloseable {

    private static final int MAX_LINKS = 64;

    private enum Mode { FORWARD, CUT, BLACKHOLE }

    /** One client connection and its upstream; {@code upstream} is null while connecting or swallowing. */
    private final class Link {
        final NetSocket client;
        volatile NetSocket upstream;
        volatile boolean swallowing;
        /** Chunks waiting for their added latency; touched only on the client socket's event loop. */
        final ArrayDeque<Delayed> delayed = new ArrayDeque<>();

        Link(NetSocket client) { this.client = client; }

        void close() {
            links.remove(this);
            client.close();
            if (upstream != null) {
                upstream.close();
            }
        }
    }

    private record Delayed(long due, Buffer chunk) { }

    private final Vertx vertx = Vertx.vertx();
    private final int targetPort;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private volatile Mode mode = Mode.FORWARD;
    private volatile long latencyMs;
    private NetServer server;
    private NetClient client;

    public TcpFaultProxy(int targetPort) { this.targetPort = targetPort; }

    public TcpFaultProxy start() {
        client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(2_000));
        server = vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0))
                .connectHandler(this::accept);
        await(server.listen().mapEmpty());
        return this;
    }

    public int port() { return server.actualPort(); }

    public void cut() {
        mode = Mode.CUT;
        links.forEach(Link::close);
    }

    public void blackhole() {
        mode = Mode.BLACKHOLE;
        links.forEach(l -> l.swallowing = true);
    }

    /** Delays every chunk towards the service by {@code delay} more (a longer round trip), keeping order. */
    public void addLatency(Duration delay) { latencyMs += delay.toMillis(); }

    /** Forwards again without delay; connections whose bytes were swallowed are closed (their stream is broken). */
    public void restore() {
        latencyMs = 0;
        mode = Mode.FORWARD;
        links.stream().filter(l -> l.swallowing).forEach(Link::close);
    }

    @Override
    public void close() {
        links.forEach(Link::close);
        await(vertx.close());
    }

    private void accept(NetSocket socket) {
        if (mode == Mode.CUT || links.size() >= MAX_LINKS) {
            socket.close();
            return;
        }
        Link link = new Link(socket);
        links.add(link);
        socket.closeHandler(v -> link.close());
        if (mode == Mode.BLACKHOLE) {
            link.swallowing = true;
            socket.handler(b -> { });
            return;
        }
        socket.pause();
        client.connect(targetPort, "127.0.0.1").onSuccess(upstream -> {
            link.upstream = upstream;
            upstream.closeHandler(v -> link.close());
            upstream.handler(b -> { if (!link.swallowing) socket.write(b); });
            socket.handler(b -> toUpstream(link, b));
            socket.resume();
        }).onFailure(e -> link.close());
    }

    private void toUpstream(Link link, Buffer chunk) {
        if (link.swallowing) {
            return;
        }
        long delay = latencyMs;
        if (delay == 0 && link.delayed.isEmpty()) {
            link.upstream.write(chunk);
            return;
        }
        // One queue per connection, drained by one timer at a time: chunks leave in the order they came.
        link.delayed.add(new Delayed(System.currentTimeMillis() + delay, chunk));
        if (link.delayed.size() == 1) {
            scheduleDrain(link);
        }
    }

    private void scheduleDrain(Link link) {
        long wait = Math.max(1, link.delayed.peek().due() - System.currentTimeMillis());
        vertx.setTimer(wait, t -> {
            long now = System.currentTimeMillis();
            while (!link.delayed.isEmpty() && link.delayed.peek().due() <= now) {
                Buffer chunk = link.delayed.poll().chunk();
                if (!link.swallowing) {
                    link.upstream.write(chunk);
                }
            }
            if (!link.delayed.isEmpty()) {
                scheduleDrain(link);
            }
        });
    }

    private static void await(io.vertx.core.Future<Void> future) {
        try {
            future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("fault proxy did not start or stop", e);
        }
    }
}
