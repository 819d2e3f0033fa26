package io.chaperone.ops.live;

import io.chaperone.cluster.ClusterBus;
import io.chaperone.cluster.ClusterModeProfile;
import io.chaperone.relay.RelayWorld;
import io.chaperone.support.Tokens;
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
import java.util.concurrent.CopyOnWriteArrayList;

import static io.chaperone.relay.RelayWorld.ORIGIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The feed in cluster mode on a real NATS: this node publishes its own sample every interval, and another node's
 * sample is added into the totals (sums; the worst latency) until that node falls silent for three intervals.
 */
@QuarkusTest
@TestProfile(ClusterModeProfile.class)
class OpsLiveClusterTest {

    private static final Duration BOUND = Duration.ofSeconds(20);

    @Inject
    RelayWorld world;
    @Inject
    Tokens tokens;
    @Inject
    ClusterBus bus;

    @AfterEach
    void cleanUp() {
        world.closeAll();
    }

    private void publishOtherNode() {
        JsonObject sample = new JsonObject().put("nodeId", "node-z").put("at", System.currentTimeMillis())
                .put("hubsConnected", 3).put("liveSessions", 2).put("commandsPerSecond", 5.0).put("deniedPerSecond", 1.0)
                .put("deniedLastMinute", new JsonObject().put("rate_limited", 4))
                .put("anomalyFlagsLastMinute", new JsonObject()).put("anomalyFlagsTotal", new JsonObject())
                .put("anomalySevereTotal", 0).put("auditCommitP50Ms", 400.0).put("auditCommitP99Ms", 900.0)
                .put("auditQueueDepth", 11);
        bus.publish(bus.subjects().named("ops.samples"), sample.encode().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldPublishItsOwnSampleEveryIntervalWithoutIds() {
        // Given a listener on the samples subject
        await().atMost(BOUND).until(bus::connected);
        List<JsonObject> heard = new CopyOnWriteArrayList<>();
        try (var subscription = bus.subscribe(bus.subjects().named("ops.samples"),
                m -> heard.add(new JsonObject(new String(m.data(), StandardCharsets.UTF_8))))) {

            // When / Then: the node's own samples arrive, about one per second, with counts only
            await().atMost(BOUND).until(() -> heard.stream().filter(s -> bus.nodeId().equals(s.getString("nodeId"))).count() >= 3);
            JsonObject own = heard.stream().filter(s -> bus.nodeId().equals(s.getString("nodeId"))).findFirst().orElseThrow();
            assertThat(own.fieldNames()).containsExactlyInAnyOrder("nodeId", "at", "hubsConnected", "liveSessions",
                    "commandsPerSecond", "deniedPerSecond", "deniedLastMinute", "anomalyFlagsLastMinute",
                    "anomalyFlagsTotal", "anomalySevereTotal", "auditCommitP50Ms", "auditCommitP99Ms", "auditQueueDepth");
        }
    }

    @Test
    void shouldAddAnotherNodesSampleIntoTheTotalsAndDropItWhenItFallsSilent() {
        // Given an ops socket on this node and its own numbers
        await().atMost(BOUND).until(bus::connected);
        WsClient ops = world.open("/ws/ops/live", Map.of("Origin", ORIGIN,
                "Authorization", "Bearer " + tokens.ops(Tokens.unique("ops"))));
        JsonObject alone = ops.await(f -> f.getJsonObject("cluster").getInteger("nodes") == 1).getJsonObject("cluster");
        int ownHubs = alone.getInteger("hubsOnline");
        int ownLive = alone.getInteger("liveSessions");

        // When node-z publishes its sample (twice: the first may cross the socket's first frame)
        publishOtherNode();
        publishOtherNode();

        // Then the totals include it: sums of counts, the worst percentile, node-z listed as another node
        JsonObject both = ops.await(f -> f.getJsonObject("cluster").getInteger("nodes") == 2);
        JsonObject cluster = both.getJsonObject("cluster");
        assertThat(cluster.getInteger("hubsOnline")).isEqualTo(ownHubs + 3);
        assertThat(cluster.getInteger("liveSessions")).isEqualTo(ownLive + 2);
        assertThat(cluster.getDouble("auditCommitP99Ms")).isEqualTo(900.0);
        assertThat(cluster.getDouble("commandsPerSecond")).isGreaterThanOrEqualTo(5.0);
        assertThat(cluster.getJsonObject("deniedLastMinute").getLong("rate_limited")).isGreaterThanOrEqualTo(4L);
        assertThat(cluster.getInteger("auditQueueDepth")).isGreaterThanOrEqualTo(11);
        assertThat(both.getJsonArray("nodes").stream().map(JsonObject.class::cast)
                .filter(n -> "node-z".equals(n.getString("nodeId"))).findFirst().orElseThrow().getBoolean("self")).isFalse();

        // When node-z says nothing more, then after three intervals it is gone from the totals
        int seen = ops.frames().size();
        await().atMost(BOUND).until(() -> ops.frames().stream().skip(seen)
                .anyMatch(f -> f.getJsonObject("cluster").getInteger("nodes") == 1));
    }
}
