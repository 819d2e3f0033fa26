package io.chaperone.load;

import io.vertx.core.Future;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** A running population: hubs connected, sessions approved, technicians connected (one session per hub). */
final class Live {

    /** Hub handshakes in flight at once (see {@link #online}). */
    static final int CONNECTS_IN_FLIGHT = 64;

    final List<SimHub> hubs = new ArrayList<>();
    final List<Tech> techs = new ArrayList<>();

    static Live start(World world, HubConnector connector, Sockets sockets, int sessions, int minutes) throws Exception {
        Live live = new Live();
        // One session per hub and at most 10 session requests per technician and home in 10 minutes
        // (chaperone.limits.session-requests, docs/operations.md "Limits"): 10 hubs to a home stay within it.
        List<World.HubSeat> seats = world.hubs(connector, sessions, 10);
        live.hubs.addAll(online(connector, seats));
        List<CompletableFuture<Tech>> techs = new ArrayList<>();
        for (World.HubSeat seat : seats) {
            techs.add(world.approvedSession(seat, minutes).thenCompose(sid -> connectTechnician(world, sockets, sid, 1)));
        }
        for (CompletableFuture<Tech> t : techs) {
            live.techs.add(t.get(120, TimeUnit.SECONDS));
        }
        return live;
    }

    /**
     * Connects a technician to an approved session with a fresh ticket; an upgrade refused 503 (the gateway could not
     * commit the connect's audit record within its bound, on a loaded machine) is tried again with a new ticket, up to
     * five times, two seconds apart, like a hub's connect.
     */
    private static CompletableFuture<Tech> connectTechnician(World world, Sockets sockets, String sid, int attempt) {
        return world.connectTicket(sid)
                .thenCompose(ticket -> new Tech(sid).connect(sockets, ticket, BenchWorld.ORIGIN).toCompletionStage())
                .handle((tech, failure) -> {
                    Throwable cause = failure instanceof java.util.concurrent.CompletionException ? failure.getCause() : failure;
                    if (failure == null) {
                        return CompletableFuture.completedFuture(tech);
                    }
                    if (attempt < 5 && cause instanceof io.vertx.core.http.UpgradeRejectedException rejected
                            && rejected.getStatus() == 503) {
                        System.out.println("technician upgrade refused 503, retrying");
                        return CompletableFuture.supplyAsync(() -> null,
                                        CompletableFuture.delayedExecutor(2, TimeUnit.SECONDS))
                                .thenCompose(v -> connectTechnician(world, sockets, sid, attempt + 1));
                    }
                    return CompletableFuture.<Tech>failedFuture(cause);
                })
                .thenCompose(java.util.function.Function.identity());
    }

    /**
     * Connects a {@link SimHub} for each seat; returns once every hub was welcomed and had time to report its
     * inventory. Like a real hub, one whose connection is refused (503 while the gateway's audit trail is
     * unhealthy, e.g. when a burst of connects overruns the commit bound on a loaded machine) tries again, up to
     * five rounds, two seconds apart; the retries are printed. At most {@link #CONNECTS_IN_FLIGHT} handshakes run
     * at once, as a fleet reconnecting with jittered back-off would: thousands of TLS handshakes queued at once only
     * measure how long the last one waited.
     */
    static List<SimHub> online(HubConnector connector, List<World.HubSeat> seats) throws Exception {
        java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(CONNECTS_IN_FLIGHT);
        SimHub[] hubs = new SimHub[seats.size()];
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < seats.size(); i++) {
            pending.add(i);
        }
        for (int round = 1; !pending.isEmpty(); round++) {
            List<Future<SimHub>> connecting = new ArrayList<>();
            for (int i : pending) {
                inFlight.acquire();
                connecting.add(new SimHub().connect(connector, seats.get(i).identity()).onComplete(done -> inFlight.release()));
            }
            List<Integer> refused = new ArrayList<>();
            Exception last = null;
            for (int k = 0; k < pending.size(); k++) {
                try {
                    hubs[pending.get(k)] = connecting.get(k).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    refused.add(pending.get(k));
                    last = e;
                }
            }
            if (!refused.isEmpty()) {
                if (round == 5) {
                    throw new IllegalStateException(refused.size() + " hubs could not connect", last);
                }
                System.out.println(refused.size() + " hub connects refused (" + last.getCause() + "), retrying");
                Thread.sleep(2000);
            }
            pending = refused;
        }
        List<SimHub> online = List.of(hubs);
        waitFor(() -> online.stream().allMatch(h -> h.welcomed), Duration.ofSeconds(120));
        Thread.sleep(500); // inventories are stored asynchronously after the welcome
        return online;
    }

    SimHub hubOf(int index) {
        return hubs.get(index);
    }

    static void waitFor(java.util.function.BooleanSupplier condition, Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("condition not met within " + bound);
            }
            Thread.sleep(20);
        }
    }
}
