package io.chaperone.ops.live;

import java.util.Map;

/**
 * What one node measured over its last interval: metadata only (counts, rates, latencies; wire codes as keys),
 * never a session, hub or person id, never a payload. Published as JSON on the cluster bus
 * ({@code <prefix>.ops.samples}) and shown per node in the feed.
 *
 * @param at                     when the node took it (epoch millis, the node's clock)
 * @param commandsPerSecond      technician commands judged (allowed + denied) per second over the last interval
 * @param deniedPerSecond        of those, denied
 * @param deniedLastMinute       denied commands of the last minute, by reason code (zeros left out)
 * @param anomalyFlagsLastMinute anomaly flags of the last minute, by rule (zeros left out)
 * @param anomalyFlagsTotal      anomaly flags since the node started, by rule (zeros left out)
 * @param auditCommitP50Ms       audit batch commit latency, median of the decaying window (about two minutes)
 * @param auditCommitP99Ms       the same, 99th percentile
 */
public record NodeSample(String nodeId, long at, int hubsConnected, int liveSessions, double commandsPerSecond,
                         double deniedPerSecond, Map<String, Long> deniedLastMinute,
                         Map<String, Long> anomalyFlagsLastMinute, Map<String, Long> anomalyFlagsTotal,
                         long anomalySevereTotal, double auditCommitP50Ms, double auditCommitP99Ms,
                         int auditQueueDepth) {
}
