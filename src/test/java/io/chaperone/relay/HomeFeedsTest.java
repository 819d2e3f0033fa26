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
 * are not delivered twice, and a home's frames are published only while another node announces a watcher of it.
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
    void shouldPublishTheHomesFramesOnlyWhileAnotherNodeWatchesIt() {
        await().atMost(BOUND).until(bus::connected);
        Home home = world.home(List.of("diag.read"), 600);
        List<String> heard = new CopyOnWriteArrayList<>();
        try (ClusterBus.Subscription other = bus.subscribe(bus.subjects().home(home.homeId()),
                m -> heard.add(m.header(HomeFeeds.ORIGIN) + " " + new String(m.data(), StandardCharsets.UTF_8)))) {
            publish(home, "probe", "ready");
            await().atMost(BOUND).until(() -> heard.size() == 1);
            UUID sid = world.approvedSession(home, List.of(grant(List.of("thermostat-1"), List.of("diag.read"))), List.of());
            WsClient technician = world.technician(home, sid);
            technician.await(f -> "session".equals(f.getString("type")));

            // With no watcher on any node, a command's rows are not published (nor is a frame made for them)
            command(technician, sid, "c-1");
            await().during(Duration.ofMillis(500)).atMost(BOUND).until(() -> heard.size() == 1);
            assertThat(feeds.watchedElsewhere(home.homeId())).isFalse();

            // When another node announces a watcher of the home, the next command's rows are published
            announce("watch", home);
            await().atMost(BOUND).until(() -> feeds.watchedElsewhere(home.homeId()));
            command(technician, sid, "c-2");
            await().atMost(BOUND).until(() -> heard.stream().anyMatch(h -> h.contains("\"kind\":\"result\"")));
            List<String> frames = heard.subList(1, heard.size());
            assertThat(frames).allSatisfy(h -> assertThat(h).startsWith(bus.nodeId() + " "));
            List<String> published = frames.stream().map(h -> new JsonObject(h.substring(h.indexOf(' ') + 1)))
                    .filter(f -> sid.toString().equals(f.getJsonObject("event").getString("chainId")))
                    .map(f -> f.getJsonObject("event").getString("kind") + " " + f.getJsonObject("event").getString("correlationId"))
                    .toList();
            assertThat(published).containsExactly("command c-2", "result c-2");

            // And after its last watcher closed there, nothing more
            announce("unwatch", home);
            await().atMost(BOUND).until(() -> !feeds.watchedElsewhere(home.homeId()));
            int before = heard.size();
            command(technician, sid, "c-3");
            await().during(Duration.ofMillis(500)).atMost(BOUND).until(() -> heard.size() == before);
        }
    }

    /** A command through the technician, once its result row is committed. */
    private void command(WsClient technician, UUID sid, String id) {
        technician.sendCommand(id, "thermostat-1", "diag.read");
        technician.awaitReply("result", id);
        await().atMost(BOUND).until(() -> world.count("SELECT count(*) FROM audit_events WHERE chain_id = $1 "
                + "AND kind = 'result' AND correlation_id = '" + id + "'", sid) == 1);
    }

    /** An interest announcement as another node makes it. */
    private void announce(String kind, Home home) {
        bus.publish(bus.subjects().named(HomeFeeds.INTEREST), Map.of(HomeFeeds.ORIGIN, "node-elsewhere",
                HomeFeeds.KIND, kind), home.homeId().toString().getBytes(StandardCharsets.UTF_8));
    }
}
