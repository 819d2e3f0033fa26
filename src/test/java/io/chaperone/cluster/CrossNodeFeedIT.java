package io.chaperone.cluster;

import io.chaperone.cluster.ClusterWorld.Home;
import io.chaperone.cluster.ClusterWorld.Live;
import io.chaperone.support.WsClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.chaperone.cluster.ClusterWorld.ORIGIN;
import static io.chaperone.cluster.ClusterWorld.call;
import static io.chaperone.cluster.ClusterWorld.login;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The resident's live feed across nodes (docs/cluster.md "The live feed on every node"): the resident watches on node
 * A, hub and technician are on node B, the logging choice is changed through node C. Frames committed on B reach the
 * watcher on A in order and exactly once; after the change on C, A's watcher gets only minimal frames. And a home's
 * frames cross NATS only while some node has a watcher of it (counted with a plain NATS subscriber).
 */
class CrossNodeFeedIT {

    private static final java.util.Set<String> MINIMAL = java.util.Set.of("chainId", "seq", "at", "kind");

    private static ClusterWorld world;

    @BeforeAll
    static void boot() throws Exception {
        world = ClusterWorld.start(3);
    }

    @AfterAll
    static void shutDown() throws Exception {
        if (world != null) {
            world.close();
        }
    }

    @Test
    void shouldFeedTheResidentOnAWithBsFramesInOrderOnceAndMinimalAfterTheChoiceChangesOnC() throws Exception {
        ClusterNodes.Node a = world.node(0);
        ClusterNodes.Node b = world.node(1);
        ClusterNodes.Node c = world.node(2);
        Home home = world.home(b);
        WsClient feed = WsClient.connect(world.vertx, a.httpPort(), "/ws/homes/" + home.homeId() + "/activity",
                Map.of("Origin", ORIGIN, "Authorization", "Bearer " + login(a, "bench-resident")));
        world.closeWithWorld(feed);

        Live live = world.live(b, home);

        // The command's C1 row, then its result, each exactly once, in commit order.
        feed.await(f -> isActivity(f, live.sid(), "result") && "c-1".equals(event(f).getString("correlationId")));
        List<JsonObject> c1 = feed.frames("activity").stream().map(CrossNodeFeedIT::event)
                .filter(e -> "c-1".equals(e.getString("correlationId"))).toList();
        assertThat(c1).extracting(e -> e.getString("kind")).containsExactly("command", "result");
        assertThat(c1.get(0).getString("device")).isEqualTo("thermostat-1");
        assertThat(c1.get(0).getLong("seq")).isLessThan(c1.get(1).getLong("seq"));
        assertThat(feed.frames("approval.requested")).extracting(f -> f.getString("sessionId")).containsExactly(live.sid());
        long resultSeq = c1.get(1).getLong("seq");

        String resident = login(c, "bench-resident");
        call(c, resident).body(Map.of("liveFeedContent", "minimal"))
                .put("/api/v1/homes/{id}/logging-choices", home.homeId()).then().statusCode(200)
                .body("liveFeedContent", equalTo("minimal"));

        live.technician().sendCommand("c-2", "thermostat-1", "diag.read");
        live.technician().awaitReply("result", "c-2");
        call(b, login(b, "bench-tech")).post("/api/v1/sessions/{id}/end", live.sid()).then().statusCode(200);
        // The end is committed after c-2's rows on B and published after them: once it is here, all of them are.
        feed.await(f -> isActivity(f, live.sid(), "session.ended"));

        List<JsonObject> after = feed.frames("activity").stream().map(CrossNodeFeedIT::event)
                .filter(e -> live.sid().equals(e.getString("chainId")) && e.getLong("seq") > resultSeq).toList();
        assertThat(after).isNotEmpty();
        assertThat(after).allSatisfy(e -> assertThat(e.fieldNames()).containsExactlyInAnyOrderElementsOf(MINIMAL));
        assertThat(after).extracting(e -> e.getString("kind")).contains("command").doesNotContain("result");
        // Nothing of the session's chain delivered twice (A subscribes once; B's own frames are not looped back).
        List<String> keys = feed.frames("activity").stream().map(CrossNodeFeedIT::event)
                .map(e -> e.getString("chainId") + "/" + e.getLong("seq")).toList();
        assertThat(keys).doesNotHaveDuplicates();
    }

    @Test
    void shouldPublishAHomesFeedOnlyWhileSomeNodeWatchesItAndThenFeedTheWatcherOnB() throws Exception {
        ClusterNodes.Node a = world.node(0);
        ClusterNodes.Node b = world.node(1);
        Home home = world.home(a);
        String prefix = world.cluster.subjectPrefix();
        try (io.nats.client.Connection nats = io.nats.client.Nats.connect(world.cluster.natsUrl())) {
            List<io.nats.client.Message> onHome = new CopyOnWriteArrayList<>();
            List<String> interest = new CopyOnWriteArrayList<>();
            io.nats.client.Dispatcher tap = nats.createDispatcher();
            tap.subscribe(prefix + ".home." + home.homeId(), onHome::add);
            tap.subscribe(prefix + ".feeds.interest", m -> interest.add(header(m, "o") + " " + header(m, "k") + " "
                    + new String(m.getData(), StandardCharsets.UTF_8)));
            nats.flush(Duration.ofSeconds(10));

            // Given a session whose hub and technician are on A, and nobody watching the home on any node
            Live live = world.live(a, home);
            awaitResultRow(live, "c-1");
            // Then none of its frames crossed NATS
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(30)).until(onHome::isEmpty);

            // When the resident watches on B, and B's interest is announced
            WsClient feed = WsClient.connect(world.vertx, b.httpPort(), "/ws/homes/" + home.homeId() + "/activity",
                    Map.of("Origin", ORIGIN, "Authorization", "Bearer " + login(b, "bench-resident")));
            world.closeWithWorld(feed);
            await().atMost(Duration.ofSeconds(30)).until(() -> interest.stream().anyMatch(i ->
                    i.startsWith("node-b watch ") && i.contains(home.homeId())));
            live.technician().sendCommand("c-2", "thermostat-1", "diag.read");
            live.technician().awaitReply("result", "c-2");

            // Then B's watcher gets the command's C1 row and its result from A, in order and once
            feed.await(f -> isActivity(f, live.sid(), "result") && "c-2".equals(event(f).getString("correlationId")));
            assertThat(feed.frames("activity").stream().map(CrossNodeFeedIT::event)
                    .filter(e -> "c-2".equals(e.getString("correlationId"))).map(e -> e.getString("kind")).toList())
                    .containsExactly("command", "result");
            assertThat(onHome).isNotEmpty().allSatisfy(m -> assertThat(header(m, "o")).isEqualTo("node-a"));

            // When that watcher closes, A stops publishing the home's frames again
            feed.close();
            await().atMost(Duration.ofSeconds(30)).until(() -> interest.stream().anyMatch(i ->
                    i.startsWith("node-b unwatch ") && i.contains(home.homeId())));
            int published = onHome.size();
            live.technician().sendCommand("c-3", "thermostat-1", "diag.read");
            live.technician().awaitReply("result", "c-3");
            awaitResultRow(live, "c-3");
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(30)).until(() -> onHome.size() == published);
        }
    }

    private static void awaitResultRow(Live live, String id) {
        await().atMost(Duration.ofSeconds(30)).until(() -> world.count("SELECT count(*) FROM audit_events WHERE "
                + "chain_id = ?::uuid AND kind = 'result' AND correlation_id = '" + id + "'", live.sid()) == 1);
    }

    private static String header(io.nats.client.Message message, String name) {
        return message.getHeaders() == null ? null : message.getHeaders().getFirst(name);
    }

    private static boolean isActivity(JsonObject frame, String sid, String kind) {
        return "activity".equals(frame.getString("type")) && sid.equals(event(frame).getString("chainId"))
                && kind.equals(event(frame).getString("kind"));
    }

    private static JsonObject event(JsonObject frame) {
        return frame.getJsonObject("event");
    }
}
