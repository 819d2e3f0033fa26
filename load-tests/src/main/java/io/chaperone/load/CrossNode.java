package io.chaperone.load;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;

/**
 * Scenario 08: one population of {@code --sessions} sessions (hubs on the {@code --port} node, technicians on the
 * {@code --tech-port} node), first the relay measurement of 01-03 (closed loop, then {@code --rate}/s), then every
 * session revoked over REST on the {@code --revoke-url} node at {@code --revoke-rate}/s, timed from the request sent to
 * the technician's socket closed (with 4002). Run once with the technician port of another node ("cross") and once
 * with the hubs' node ("same"); load-tests/run-cross-node.sh interleaves the two.
 */
record CrossNode(Vertx vertx, BenchWorld world, HubConnector connector, Sockets sockets, Args args) {

    ObjectNode run() throws Exception {
        Live live = Live.start(world, connector, sockets, args.integer("sessions", 256), 60);
        ObjectNode out = new RelayScenario(vertx, world, connector, sockets, args).measure(live);
        String revokeUrl = args.get("revoke-url", null);
        if (revokeUrl != null) {
            world.revokeThrough(new Rest(revokeUrl));
        }
        Thread.sleep(1000); // the fixed-rate tail drains before the revocations start
        ObjectNode revocations = new RevocationStorm(world, connector, sockets, args).revokeAll(live);
        revocations.fieldNames().forEachRemaining(name -> out.set("revocation." + name, revocations.get(name)));
        out.put("mode", args.get("mode", "?"));
        return out;
    }
}
