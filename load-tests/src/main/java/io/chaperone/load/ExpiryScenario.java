package io.chaperone.load;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;

/**
 * Scenario 06: {@code --sessions} sessions of one minute (the shortest a request may ask for), each
 * technician sending commands closed-loop until the gateway closes the socket at expiry. Lateness =
 * socket closed (client wall clock, same host) − the session's {@code expiresAt}.
 */
record ExpiryScenario(BenchWorld world, HubConnector connector, Sockets sockets, Args args) {

    ObjectNode run() throws Exception {
        int sessions = args.integer("sessions", 200);
        Live live = Live.start(world, connector, sockets, sessions, 1);
        for (Tech tech : live.techs) {
            tech.onResult(nanos -> {
                if (tech.open()) {
                    tech.send(System.nanoTime());
                }
            });
            tech.send(System.nanoTime());
        }
        Live.waitFor(() -> live.techs.stream().noneMatch(Tech::open), Duration.ofMinutes(3));
        Percentiles lateness = new Percentiles();
        long wrongCode = 0;
        for (Tech tech : live.techs) {
            lateness.record(Math.max(0, tech.closedMillis - tech.expiresAt.toEpochMilli()) * 1_000_000L);
            if (tech.closeCode == null || tech.closeCode != 4001) {
                wrongCode++;
            }
        }
        ObjectNode out = Rest.JSON.createObjectNode().put("sessions", sessions);
        lateness.report(out, "expiryLateness.");
        out.put("closedWithOtherCode", wrongCode);
        out.put("commandsForwarded", live.hubs.stream().mapToLong(h -> h.commands.get()).sum());
        out.put("framesAfterSessionClose", live.hubs.stream().mapToLong(h -> h.afterClose.get()).sum());
        return out;
    }
}
