package io.chaperone.load;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Scenario 04: {@code --sessions} (1,000) live sessions, each technician sending commands closed-loop,
 * revoked by their residents over REST within one second ({@code --revoke-rate}, 1,000/s). Measures revoke sent → technician socket closed (connection ended) and → its close frame received,
 * and counts commands the hubs received after the session.close or after the revoke call answered. With
 * {@code --tech-rate N} the technicians send N commands/s in total instead of closed loop.
 */
record RevocationStorm(BenchWorld world, HubConnector connector, Sockets sockets, Args args) {

    ObjectNode run() throws Exception {
        return revokeAll(Live.start(world, connector, sockets, args.integer("sessions", 1000), 60));
    }

    /** Every technician sends its next command as soon as its last one is answered (the saturated storm). */
    private static long closedLoop(Live live) {
        for (Tech tech : live.techs) {
            tech.onResult(nanos -> {
                if (tech.open()) {
                    tech.send(System.nanoTime());
                }
            });
            tech.send(System.nanoTime());
        }
        return -1;
    }

    /**
     * {@code --tech-rate} commands per second over all technicians, round-robin every 10 ms, whatever the answers:
     * a revocation latency under a stated load, rather than the queueing of a saturated closed loop.
     */
    private long paced(Live live, int perSecond) {
        int[] next = {0};
        double[] owed = {0};
        return sockets.vertx().setPeriodic(10, id -> {
            owed[0] += perSecond / 100.0;
            for (int sent = 0; owed[0] >= 1 && sent < live.techs.size(); sent++) {
                Tech tech = live.techs.get(next[0]++ % live.techs.size());
                if (tech.open()) {
                    tech.send(System.nanoTime());
                    owed[0] -= 1;
                }
            }
            owed[0] = Math.min(owed[0], 1);
        });
    }

    /** Revokes every session of {@code live} at {@code --revoke-rate}/s (scenario 08 reuses it after its relay runs). */
    ObjectNode revokeAll(Live live) throws Exception {
        int sessions = live.techs.size();
        int techRate = args.integer("tech-rate", 0);
        long pacer = techRate > 0 ? paced(live, techRate) : closedLoop(live);
        Thread.sleep(2000);
        // Measured beside the generator's own times: its event loops' lag (a close is seen only when the loop holding
        // the socket gets to it) and the gateway's revocation meters (one node: the one on --management-port).
        LoopLag lag = new LoopLag(sockets.vertx(), 2);
        GatewayTimers gateway = new GatewayTimers(args.integer("management-port", 9000),
                "chaperone_revocation_announce_seconds", "chaperone_revocation_close_seconds");
        gateway.start();
        long[] sentAt = new long[sessions];
        List<CompletableFuture<?>> revokes = new ArrayList<>();
        // The storm: every session revoked within one second (--revoke-rate per second), each request timed
        // from the moment it is sent; a thousand requests in the same millisecond would time the client's queue.
        long intervalNanos = 1_000_000_000L / args.integer("revoke-rate", 1000);
        long start = System.nanoTime();
        long[] answeredAt = new long[sessions];
        java.util.concurrent.atomic.AtomicLong failed = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong pending = new java.util.concurrent.atomic.AtomicLong();
        for (int i = 0; i < sessions; i++) {
            int n = i;
            Tech tech = live.techs.get(i);
            long due = start + i * intervalNanos;
            while (System.nanoTime() < due) {
                Thread.onSpinWait();
            }
            sentAt[i] = System.nanoTime();
            // A failed answer (e.g. 500) is counted, not fatal: the socket's close still says whether it was revoked.
            revokes.add(world.revoke(tech.sid).handle((answer, failure) -> {
                answeredAt[n] = System.nanoTime();
                if (failure != null && String.valueOf(failure.getMessage()).contains(" answered 202")) {
                    pending.incrementAndGet();   // accepted, recorded by the revocation job (ADR 0038)
                } else if (failure != null) {
                    failed.incrementAndGet();
                    System.out.println("revoke " + tech.sid + " failed: " + failure.getMessage());
                }
                live.hubOf(n).revoked(tech.sid, answeredAt[n]);
                return answer;
            }));
        }
        CompletableFuture.allOf(revokes.toArray(CompletableFuture[]::new)).join();
        Live.waitFor(() -> live.techs.stream().noneMatch(Tech::open), Duration.ofSeconds(60));
        lag.close();
        if (pacer >= 0) {
            sockets.vertx().cancelTimer(pacer);
        }
        Thread.sleep(1000); // a late forward would arrive by now
        Percentiles latency = new Percentiles();
        Percentiles closeFrame = new Percentiles();
        Percentiles answered = new Percentiles();
        long wrongCode = 0;
        for (int i = 0; i < sessions; i++) {
            Tech tech = live.techs.get(i);
            latency.record(tech.closedNanos - sentAt[i]);
            if (tech.closeFrameNanos != 0) {
                closeFrame.record(tech.closeFrameNanos - sentAt[i]);
            }
            answered.record(answeredAt[i] - sentAt[i]);
            if (tech.closeCode == null || tech.closeCode != 4002) {
                wrongCode++;
            }
        }
        ObjectNode out = Rest.JSON.createObjectNode().put("sessions", sessions);
        out.put("technicians", techRate > 0 ? "fixed " + techRate + "/s in total" : "closed loop");
        latency.report(out, "revokeToClose.");
        closeFrame.report(out, "revokeToCloseFrame.");
        answered.report(out, "revokeAnswered.");
        lag.report(out, "generatorLoopLag.");
        gateway.report(out, "gateway.");
        out.put("closedWithOtherCode", wrongCode);
        out.put("revokeCallsFailed", failed.get());
        out.put("revokeCallsPending", pending.get());
        out.put("commandsForwarded", live.hubs.stream().mapToLong(h -> h.commands.get()).sum());
        out.put("framesAfterSessionClose", live.hubs.stream().mapToLong(h -> h.afterClose.get()).sum());
        out.put("framesAfterRevokeAnswered", live.hubs.stream().mapToLong(h -> h.afterRevoke.get()).sum());
        return out;
    }
}
