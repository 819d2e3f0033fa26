package io.chaperone.load;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Scenario 08: hubs enroll and connect to the {@code --port} node (A); technicians connect to the {@code --tech-port}
 * node (B, "cross") or to A ("same"); revocations go over REST to the {@code --revoke-url} node (C). The two modes run
 * interleaved in this one process ({@code --rounds} pairs: cross, same, cross, same, ...) because the machine is shared
 * and noisy. Each run is a fresh population of {@code --sessions} sessions: the relay measurement of 01-03 (closed loop,
 * then {@code --rate}/s), then every session revoked at {@code --revoke-rate}/s, timed from the request sent to the
 * technician's socket closed (4002). The load average (/proc/loadavg) is recorded before and after each run.
 */
record CrossNode(Vertx vertx, BenchWorld world, HubConnector connector, Sockets crossSockets, Args args) {

    private static final List<String> KEYS = List.of("closedLoopPerSec", "closedLoop.p50Ms", "closedLoop.p99Ms",
            "fixedRate.p50Ms", "fixedRate.p99Ms", "revocation.revokeToClose.p50Ms", "revocation.revokeToClose.p99Ms",
            "revocation.revokeAnswered.p99Ms");

    ObjectNode run() throws Exception {
        Sockets sameSockets = new Sockets(vertx, args.integer("port", 8080), args.integer("loopbacks", 8));
        String revokeUrl = args.get("revoke-url", null);
        if (revokeUrl != null) {
            world.revokeThrough(new Rest(revokeUrl));
        }
        int rounds = args.integer("rounds", 3);
        ObjectNode out = Rest.JSON.createObjectNode();
        ArrayNode runs = out.putArray("runs");
        for (int round = 1; round <= rounds; round++) {
            for (String mode : List.of("cross", "same")) {
                ObjectNode run = once(mode.equals("cross") ? crossSockets : sameSockets);
                run.put("mode", mode).put("round", round);
                runs.add(run);
                System.out.println(mode + " round " + round + ": " + summary(run));
            }
        }
        for (String mode : List.of("cross", "same")) {
            ObjectNode median = out.putObject("median." + mode);
            for (String key : KEYS) {
                double[] values = new double[rounds];
                int i = 0;
                for (var run : runs) {
                    if (run.get("mode").asText().equals(mode)) {
                        values[i++] = run.get(key).asDouble();
                    }
                }
                Arrays.sort(values);
                median.put(key, values[rounds / 2]).put(key + ".min", values[0]).put(key + ".max", values[rounds - 1]);
            }
        }
        return out;
    }

    private ObjectNode once(Sockets techSockets) throws Exception {
        String before = loadAverage();
        Live live = Live.start(world, connector, techSockets, args.integer("sessions", 256), 60);
        ObjectNode run = new RelayScenario(vertx, world, connector, techSockets, args).measure(live);
        Thread.sleep(1000); // the fixed-rate tail drains before the revocations start
        ObjectNode revocations = new RevocationStorm(world, connector, techSockets, args).revokeAll(live);
        revocations.fieldNames().forEachRemaining(name -> run.set("revocation." + name, revocations.get(name)));
        for (SimHub hub : live.hubs) {
            hub.close();
        }
        return run.put("loadBefore", before).put("loadAfter", loadAverage());
    }

    private static String summary(ObjectNode run) {
        List<String> parts = new ArrayList<>();
        for (String key : KEYS) {
            parts.add(key + "=" + run.get(key));
        }
        parts.add("fixedRateDenied=" + run.get("fixedRateDenied"));
        parts.add("revokeCallsFailed=" + run.get("revocation.revokeCallsFailed"));
        parts.add("closedWithOtherCode=" + run.get("revocation.closedWithOtherCode"));
        parts.add("load " + run.get("loadBefore").asText() + " -> " + run.get("loadAfter").asText());
        return String.join(" ", parts);
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return "?";
        }
    }
}
