package io.chaperone.cluster;

import io.chaperone.cluster.ClusterWorld.Home;
import io.chaperone.cluster.ClusterWorld.Live;
import io.chaperone.support.WsClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.chaperone.cluster.ClusterWorld.ORIGIN;
import static io.chaperone.cluster.ClusterWorld.call;
import static io.chaperone.cluster.ClusterWorld.login;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * The resident's live feed across nodes (docs/cluster.md "The live feed on every node"): the resident watches on node
 * A, hub and technician are on node B, the logging choice is changed through node C. Frames committed on B reach the
 * watcher on A in order and exactly once; after the change on C, A's watcher gets only minimal frames.
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

    private static boolean isActivity(JsonObject frame, String sid, String kind) {
        return "activity".equals(frame.getString("type")) && sid.equals(event(frame).getString("chainId"))
                && kind.equals(event(frame).getString("kind"));
    }

    private static JsonObject event(JsonObject frame) {
        return frame.getJsonObject("event");
    }
}
