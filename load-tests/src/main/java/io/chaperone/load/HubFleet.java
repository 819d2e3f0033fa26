package io.chaperone.load;

import io.vertx.core.Future;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code --scenario hub-fleet}: the hubs for a driver that cannot play one (the Gatling simulation in
 * load-tests/gatling). Builds the world, enrolls and connects {@code --hubs} {@link SimHub}s ({@code --per-home}
 * to a home, 1 by default), writes {@code --seats-out} (CSV with the header {@code homeId,hubId,providerId,templateId},
 * one line per hub), prints {@code ready} and keeps the hubs online, answering, until the process is terminated.
 * On SIGTERM it closes the hubs and prints what they saw, for the driver's numbers to be checked against.
 */
record HubFleet(BenchWorld world, HubConnector connector, Args args) {

    static final String READY = "ready";

    /** Never returns: the fleet serves until the JVM is asked to stop. */
    void run() throws Exception {
        int n = args.integer("hubs", 100);
        Path seatsOut = Path.of(args.get("seats-out", "load-tests/target/hub-seats.csv"));
        List<World.HubSeat> seats = world.hubs(connector, n, args.integer("per-home", 1));
        List<SimHub> hubs = Live.online(connector, seats);
        StringBuilder csv = new StringBuilder("homeId,hubId,providerId,templateId\n");
        for (World.HubSeat seat : seats) {
            csv.append(seat.homeId()).append(',').append(seat.hubId()).append(',').append(world.providerId())
                    .append(',').append(world.templateId()).append('\n');
        }
        Path parent = seatsOut.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path partial = Files.createTempFile(parent, "seats", ".csv");
        Files.writeString(partial, csv);
        Files.move(partial, seatsOut, StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(hubs), "hub-fleet-stop"));
        System.out.println(n + " hubs online, seats in " + seatsOut);
        System.out.println(READY);
        new CountDownLatch(1).await();
    }

    private static void stop(List<SimHub> hubs) {
        long commands = hubs.stream().mapToLong(h -> h.commands.get()).sum();
        long afterClose = hubs.stream().mapToLong(h -> h.afterClose.get()).sum();
        long closed = hubs.stream().mapToLong(SimHub::closedSessions).sum();
        long ended = hubs.stream().mapToLong(h -> h.endedSessions.get()).sum();
        Map<Short, Long> dropped = hubs.stream().filter(h -> h.closeCode != null)
                .collect(Collectors.groupingBy(h -> h.closeCode, TreeMap::new, Collectors.counting()));
        System.out.printf("hub fleet: %d commands answered, %d sessions closed by the gateway (%d ended), "
                + "%d commands after a session.close, hubs disconnected before the end (by close code): %s%n",
                commands, closed, ended, afterClose, dropped);
        try {
            Future.join(hubs.stream().map(SimHub::close).toList()).toCompletionStage().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the gateway may already be gone: nothing is left to clean up on this side
        }
    }
}
