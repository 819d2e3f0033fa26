package io.chaperone.load;

import io.vertx.core.Future;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A running population: hubs connected, sessions approved, technicians connected (one session per hub). */
final class Live {

    final List<SimHub> hubs = new ArrayList<>();
    final List<Tech> techs = new ArrayList<>();

    static Live start(BenchWorld world, HubConnector connector, Sockets sockets, int sessions, int minutes) throws Exception {
        Live live = new Live();
        List<BenchWorld.HubSeat> seats = world.hubs(connector, sessions, 50);
        live.hubs.addAll(online(connector, seats));
        List<CompletableFuture<Tech>> techs = new ArrayList<>();
        for (BenchWorld.HubSeat seat : seats) {
            techs.add(world.approvedSession(seat, minutes).thenCompose(sid -> world.connectTicket(sid)
                    .thenCompose(ticket -> new Tech(sid).connect(sockets, ticket, BenchWorld.ORIGIN)
                            .toCompletionStage())));
        }
        for (CompletableFuture<Tech> t : techs) {
            live.techs.add(t.get(120, TimeUnit.SECONDS));
        }
        return live;
    }

    /** Connects a {@link SimHub} for each seat; returns once every hub was welcomed and had time to report its inventory. */
    static List<SimHub> online(HubConnector connector, List<BenchWorld.HubSeat> seats) throws Exception {
        List<Future<SimHub>> connecting = new ArrayList<>();
        for (BenchWorld.HubSeat seat : seats) {
            connecting.add(new SimHub().connect(connector, seat.identity()));
        }
        List<SimHub> hubs = new ArrayList<>();
        for (Future<SimHub> f : connecting) {
            hubs.add(f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS));
        }
        waitFor(() -> hubs.stream().allMatch(h -> h.welcomed), Duration.ofSeconds(60));
        Thread.sleep(500); // inventories are stored asynchronously after the welcome
        return hubs;
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
