package io.chaperone.load;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenarios 00 (the bare relay) and 01–03 (the gateway's switches decide which): closed-loop throughput with
 * {@code sessions × inflight} commands in flight, then a fixed rate ({@code --rate}/s) for latency
 * ({@code --phases closed,fixed}: either or both). A command is {@code diag.read} on the session's hub; the hub
 * answers at once. Over each measured window the CPU time of the server ({@code --gateway-pid}) and of this generator
 * is read from /proc and reported per command ({@code cpuMicrosPerCommand}) and as cores busy.
 */
record RelayScenario(Vertx vertx, World world, HubConnector connector, Sockets sockets, Args args) {

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
        String phases = args.get("phases", "closed,fixed");
        ProcessCpu server = new ProcessCpu(Long.parseLong(args.get("gateway-pid", "0")), args.integer("clock-ticks", 100));
        ProcessCpu generator = ProcessCpu.self(args.integer("clock-ticks", 100));
        ObjectNode out = Rest.JSON.createObjectNode();
        out.put("sessions", sessions).put("inflight", sessions * inflight);
        if (phases.contains("closed")) {
            closedLoop(live, inflight, warmup, duration, server, generator, out);
        }
        if (phases.contains("fixed")) {
            fixedRate(live, rate, warmup, duration, server, generator, out);
        }
        return out;
    }

    private void closedLoop(Live live, int inflight, Duration warmup, Duration duration, ProcessCpu server,
                            ProcessCpu generator, ObjectNode out) throws InterruptedException {

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
        CpuWindow cpu = new CpuWindow(server, generator);
        Thread.sleep(duration.toMillis());
        long completed = done.get() - before;
        double seconds = (System.nanoTime() - t0) / 1e9;
        cpu.end(out, "closedLoop.", completed, seconds);
        running[0] = false;
        out.put("closedLoopPerSec", Math.round(completed / seconds));
        out.put("closedLoopDenied", denied.get() - deniedBefore);
        closed.report(out, "closedLoop.");
        Thread.sleep(1000); // let the loop drain
    }

    private void fixedRate(Live live, int rate, Duration warmup, Duration duration, ProcessCpu server,
                           ProcessCpu generator, ObjectNode out) throws InterruptedException {

        // Fixed rate: command i is due at start + i/rate; its round trip counts from then.
        Percentiles fixed = new Percentiles();
        AtomicLong fixedDenied = new AtomicLong();
        AtomicLong answered = new AtomicLong();
        for (Tech tech : live.techs) {
            tech.onResult(nanos -> {
                if (nanos < 0) {
                    fixedDenied.incrementAndGet();
                } else {
                    fixed.record(nanos);
                    answered.incrementAndGet();
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
        Thread.sleep(warmup.toMillis());
        CpuWindow cpu = new CpuWindow(server, generator);
        long answeredBefore = answered.get();
        long t0 = System.nanoTime();
        Thread.sleep(duration.toMillis());
        // per command answered in the window: an overloaded server answers fewer than the rate asks for
        long answeredInWindow = answered.get() - answeredBefore;
        double seconds = (System.nanoTime() - t0) / 1e9;
        cpu.end(out, "fixedRate.", answeredInWindow, seconds);
        out.put("fixedRateAnsweredPerSec", Math.round(answeredInWindow / seconds));
        Thread.sleep(2000); // the last commands' answers
        vertx.cancelTimer(timer);
        out.put("fixedRatePerSec", rate);
        out.put("fixedRateDenied", fixedDenied.get());
        Tech.DENIED_BY_CODE.forEach((code, n) -> out.put("deniedByCode." + code, n.sum()));
        fixed.report(out, "fixedRate.");
    }

    /** CPU of the server and of the generator from its creation to {@link #end}. */
    private static final class CpuWindow {
        private final ProcessCpu server;
        private final ProcessCpu generator;
        private final long serverAtStart;
        private final long generatorAtStart;

        CpuWindow(ProcessCpu server, ProcessCpu generator) {
            this.server = server;
            this.generator = generator;
            this.serverAtStart = server.micros();
            this.generatorAtStart = generator.micros();
        }

        void end(ObjectNode out, String prefix, long commands, double seconds) {
            long serverMicros = server.micros() - serverAtStart;
            long generatorMicros = generator.micros() - generatorAtStart;
            if (serverAtStart >= 0 && commands > 0) {
                out.put(prefix + "cpuMicrosPerCommand", Math.round(10.0 * serverMicros / commands) / 10.0);
                out.put(prefix + "serverCores", Math.round(serverMicros / seconds / 1e4) / 100.0);
            }
            if (generatorAtStart >= 0 && commands > 0) {
                out.put(prefix + "generatorCpuMicrosPerCommand", Math.round(10.0 * generatorMicros / commands) / 10.0);
            }
        }
    }
}
