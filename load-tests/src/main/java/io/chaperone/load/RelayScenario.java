package io.chaperone.load;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenarios 01–03 (the gateway's switches decide which): closed-loop throughput with
 * {@code sessions × inflight} commands in flight, then a fixed rate ({@code --rate}/s) for latency.
 * A command is {@code diag.read} on the session's hub; the hub answers at once.
 */
record RelayScenario(Vertx vertx, BenchWorld world, HubConnector connector, Sockets sockets, Args args) {

    ObjectNode run() throws Exception {
        // Many sessions with one command in flight each: no session comes near its rate limit (the template's
        // 10,000/min with headroom), so 01-03 compare the same work; 64 sessions x 4 hit it in 02.
        return measure(Live.start(world, connector, sockets, args.integer("sessions", 256), 60));
    }

    /** Closed loop, then fixed rate, on an already running population (scenario 08 reuses it before revoking). */
    ObjectNode measure(Live live) throws Exception {
        int sessions = live.techs.size();
        int inflight = args.integer("inflight", 1);
        Duration warmup = args.duration("warmup", "5s");
        Duration duration = args.duration("duration", "20s");
        int rate = args.integer("rate", 5000);
        ObjectNode out = Rest.JSON.createObjectNode();
        out.put("sessions", sessions).put("inflight", sessions * inflight);

        // Closed loop: every answer (result or denial) sends the next command at once.
        Percentiles closed = new Percentiles();
        AtomicLong done = new AtomicLong();
        AtomicLong denied = new AtomicLong();
        boolean[] running = {true};
        for (Tech tech : live.techs) {
            tech.onResult(nanos -> {
                if (nanos < 0) {
                    denied.incrementAndGet();
                } else {
                    closed.record(nanos);
                    done.incrementAndGet();
                }
                if (running[0]) {
                    tech.send(System.nanoTime());
                }
            });
            for (int i = 0; i < inflight; i++) {
                tech.send(System.nanoTime());
            }
        }
        Thread.sleep(warmup.toMillis());
        closed.reset();
        long before = done.get();
        long deniedBefore = denied.get();
        long t0 = System.nanoTime();
        Thread.sleep(duration.toMillis());
        long completed = done.get() - before;
        double seconds = (System.nanoTime() - t0) / 1e9;
        running[0] = false;
        out.put("closedLoopPerSec", Math.round(completed / seconds));
        out.put("closedLoopDenied", denied.get() - deniedBefore);
        closed.report(out, "closedLoop.");
        Thread.sleep(1000); // let the loop drain

        // Fixed rate: command i is due at start + i/rate; its round trip counts from then.
        Percentiles fixed = new Percentiles();
        AtomicLong fixedDenied = new AtomicLong();
        for (Tech tech : live.techs) {
            tech.onResult(nanos -> {
                if (nanos < 0) {
                    fixedDenied.incrementAndGet();
                } else {
                    fixed.record(nanos);
                }
            });
        }
        long start = System.nanoTime();
        long interval = 1_000_000_000L / rate;
        long[] sent = {0};
        long end = start + warmup.toNanos() + duration.toNanos();
        boolean[] measuring = {false};
        long timer = vertx.setPeriodic(1, id -> {
            long now = System.nanoTime();
            if (!measuring[0] && now - start > warmup.toNanos()) {
                measuring[0] = true;
                fixed.reset();
            }
            while (start + sent[0] * interval <= Math.min(now, end)) {
                live.techs.get((int) (sent[0] % live.techs.size())).send(start + sent[0] * interval);
                sent[0]++;
            }
        });
        Thread.sleep(warmup.toMillis() + duration.toMillis() + 2000);
        vertx.cancelTimer(timer);
        out.put("fixedRatePerSec", rate);
        out.put("fixedRateDenied", fixedDenied.get());
        Tech.DENIED_BY_CODE.forEach((code, n) -> out.put("deniedByCode." + code, n.sum()));
        fixed.report(out, "fixedRate.");
        return out;
    }
}
