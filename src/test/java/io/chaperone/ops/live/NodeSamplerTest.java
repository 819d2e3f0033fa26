package io.chaperone.ops.live;

import io.chaperone.ops.Meters.Readings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Rates and last-minute windows from cumulative readings, and how node samples combine into the cluster's totals. */
class NodeSamplerTest {

    private static Readings readings(long allowed, long denied, long outOfScope, long denialBursts) {
        return new Readings(allowed, denied, Map.of("out_of_scope", outOfScope, "rate_limited", 0L),
                Map.of("denial_burst", denialBursts, "command_rate", 0L), 0, 1.5, 9.0, 3, 2, 1);
    }

    @Test
    void shouldReportNoRateForTheFirstReadingAndTheRateOverTheIntervalAfter() {
        NodeSampler sampler = new NodeSampler("node-a", Duration.ofSeconds(1));

        NodeSample first = sampler.sample(10_000, readings(100, 10, 10, 0));
        NodeSample second = sampler.sample(12_000, readings(106, 12, 12, 0));

        assertThat(first.commandsPerSecond()).isZero();
        assertThat(second.commandsPerSecond()).isEqualTo(4.0);   // (6 allowed + 2 denied) / 2 s
        assertThat(second.deniedPerSecond()).isEqualTo(1.0);
        assertThat(second.hubsConnected()).isEqualTo(2);
        assertThat(second.liveSessions()).isEqualTo(1);
        assertThat(second.auditQueueDepth()).isEqualTo(3);
        assertThat(second.auditCommitP99Ms()).isEqualTo(9.0);
    }

    @Test
    void shouldCountTheLastMinuteOnlyAndLeaveZerosOut() {
        NodeSampler sampler = new NodeSampler("node-a", Duration.ofSeconds(1));
        sampler.sample(0, readings(0, 5, 5, 1));
        for (int s = 1; s <= 60; s++) {
            sampler.sample(s * 1000L, readings(0, 5, 5, 1));
        }

        // 61 readings are kept: the minute-old one is the base, so the five denials before it are gone
        NodeSample quiet = sampler.sample(61_000, readings(0, 7, 7, 1));

        assertThat(quiet.deniedLastMinute()).containsExactlyEntriesOf(Map.of("out_of_scope", 2L));
        assertThat(quiet.anomalyFlagsLastMinute()).isEmpty();
        assertThat(quiet.anomalyFlagsTotal()).containsExactlyEntriesOf(Map.of("denial_burst", 1L));
    }

    @Test
    void shouldSumCountsAndRatesAndTakeTheWorstLatencyOverTheNodes() {
        NodeSample a = new NodeSample("node-a", 1000, 2, 0, 1.0, 0.0, Map.of(), Map.of(), Map.of(), 0, 1.0, 5.0, 1);
        NodeSample b = new NodeSample("node-b", 1000, 1, 3, 4.5, 2.0, Map.of("out_of_scope", 3L),
                Map.of("denial_burst", 1L), Map.of("denial_burst", 2L), 1, 3.0, 40.0, 7);
        Instant at = Instant.ofEpochMilli(1500);

        OpsSnapshot snapshot = OpsSnapshot.of(at, 1000, "node-a", List.of(new OpsSnapshot.Received(b, 1200),
                new OpsSnapshot.Received(a, 1500)), Map.of("active", 3L));

        OpsSnapshot.Cluster c = snapshot.cluster();
        assertThat(c.nodes()).isEqualTo(2);
        assertThat(c.hubsOnline()).isEqualTo(3);
        assertThat(c.liveSessions()).isEqualTo(3);
        assertThat(c.commandsPerSecond()).isEqualTo(5.5);
        assertThat(c.deniedPerSecond()).isEqualTo(2.0);
        assertThat(c.auditCommitP50Ms()).isEqualTo(3.0);
        assertThat(c.auditCommitP99Ms()).isEqualTo(40.0);
        assertThat(c.auditQueueDepth()).isEqualTo(8);
        assertThat(c.deniedLastMinute()).containsExactlyEntriesOf(Map.of("out_of_scope", 3L));
        assertThat(c.anomalyFlagsTotal()).containsExactlyEntriesOf(Map.of("denial_burst", 2L));
        assertThat(c.anomalySevereTotal()).isEqualTo(1);
        assertThat(c.sessions()).containsExactlyEntriesOf(Map.of("active", 3L));
        assertThat(snapshot.nodes()).extracting(OpsSnapshot.Node::nodeId).containsExactly("node-a", "node-b");
        assertThat(snapshot.nodes()).extracting(OpsSnapshot.Node::self).containsExactly(true, false);
        assertThat(snapshot.nodes()).extracting(OpsSnapshot.Node::ageMillis).containsExactly(0L, 300L);
    }
}
