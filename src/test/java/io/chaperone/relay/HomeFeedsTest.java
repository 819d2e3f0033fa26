package io.chaperone.relay;

import io.chaperone.cluster.ClusterBus;
import io.chaperone.cluster.ClusterModeProfile;
import io.chaperone.relay.RelayWorld.Home;
import io.chaperone.support.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.chaperone.relay.RelayWorld.ORIGIN;
import static io.chaperone.relay.RelayWorld.grant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The live feed's cluster side in one JVM on a real NATS (docs/cluster.md "The live feed on every node"): the home's
 * subject is subscribed from the first watcher socket to the last, other nodes' frames are delivered, this node's own
 * are not delivered twice, and every frame of the home is published even with no watcher here.
 */
@QuarkusTest
@TestProfile(ClusterModeProfile.class)
class HomeFeedsTest {

    private static final Duration BOUND = Duration.ofSeconds(20);

    @Inject
    RelayWorld world;
    @Inject
    HomeFeeds feeds;
    @Inject
    ClusterBus bus;

    @AfterEach
    void cleanUp() {
        world.closeAll();
    }

    private WsClient watch(Home home) {
        return world.open("/ws/homes/" + home.homeId() + "/activity",
                Map.of("Origin", ORIGIN, "Authorization", "Bearer " + world.residentToken(home)));
    }

    private void publish(Home home, String origin, String n) {
        bus.publish(bus.subjects().home(home.homeId()), Map.of(HomeFeeds.ORIGIN, origin),
                new JsonObject().put("type", "probe").put("n", n).encode().getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> probes(WsClient feed) {
        return feed.frames("probe").stream().map(f -> f.getString("n")).toList();
    }

    @Test
    void shouldSubscribeAtTheFirstWatcherAndUnsubscribeAtTheLast() {
        await().atMost(BOUND).until(bus::connected);
        Home home = world.home(List.of("diag.read"), 600);
        assertThat(feeds.subscribed(home.homeId())).isFalse();

        WsClient first = watch(home);
        await().atMost(BOUND).until(() -> feeds.subscribed(home.homeId()));
        WsClient second = watch(home);
        first.close();
        publish(home, "node-elsewhere", "p-1");
        await().atMost(BOUND).until(() -> probes(second).contains("p-1"));
        assertThat(feeds.subscribed(home.homeId())).isTrue();
        assertThat(probes(second)).containsExactly("p-1");

        second.close();
        await().atMost(BOUND).until(() -> !feeds.subscribed(home.homeId()));
    }

    @Test
    void shouldDeliverAnotherNodesFramesInOrderAndNotItsOwnAgain() {
        await().atMost(BOUND).until(bus::connected);
        Home home = world.home(List.of("diag.read"), 600);
        WsClient feed = watch(home);
        await().atMost(BOUND).until(() -> feeds.subscribed(home.homeId()));

        publish(home, "node-elsewhere", "p-1");
        publish(home, bus.nodeId(), "own");
        publish(home, "node-elsewhere", "p-2");
        publish(home, "node-third", "p-3");

        // One publisher, one subject: once p-3 is here, "own" would have been too.
        await().atMost(BOUND).until(() -> probes(feed).contains("p-3"));
        assertThat(probes(feed)).containsExactly("p-1", "p-2", "p-3");
    }

    @Test
    void shouldPublishEveryFrameOfTheHomeWithThisNodeAsOriginEvenWithNoWatcherHere() {
        await().atMost(BOUND).until(bus::connected);
        Home home = world.home(List.of("diag.read"), 600);
        List<String> heard = new CopyOnWriteArrayList<>();
        try (ClusterBus.Subscription other = bus.subscribe(bus.subjects().home(home.homeId()),
                m -> heard.add(m.header(HomeFeeds.ORIGIN) + " " + new String(m.data(), StandardCharsets.UTF_8)))) {
            publish(home, "probe", "ready");
            await().atMost(BOUND).until(() -> heard.size() == 1);
            assertThat(feeds.subscribed(home.homeId())).isFalse();

            UUID sid = world.approvedSession(home, List.of(grant(List.of("thermostat-1"), List.of("diag.read"))), List.of());
            WsClient technician = world.technician(home, sid);
            technician.await(f -> "session".equals(f.getString("type")));
            technician.sendCommand("c-1", "thermostat-1", "diag.read");
            technician.awaitReply("result", "c-1");

            await().atMost(BOUND).until(() -> heard.stream().anyMatch(h -> h.contains("\"kind\":\"result\"")));
            List<String> frames = heard.subList(1, heard.size());
            assertThat(frames).allSatisfy(h -> assertThat(h).startsWith(bus.nodeId() + " "));
            // The session's chain and its request frame (the home's own chain, e.g. attestations, interleaves).
            List<String> kinds = frames.stream().map(h -> new JsonObject(h.substring(h.indexOf(' ') + 1)))
                    .filter(f -> !"activity".equals(f.getString("type"))
                            || sid.toString().equals(f.getJsonObject("event").getString("chainId")))
                    .map(f -> "activity".equals(f.getString("type"))
                            ? f.getJsonObject("event").getString("kind") : f.getString("type"))
                    .toList();
            assertThat(kinds).containsExactly("session.requested", "approval.requested", "session.approved",
                    "consent.receipt", "ticket.issued", "ticket.used", "session.activated", "command", "result");
        }
    }
}
