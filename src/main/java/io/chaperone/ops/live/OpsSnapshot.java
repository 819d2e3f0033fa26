package io.chaperone.ops.live;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code ops.snapshot} frame (docs/protocol.md "Ops live feed"): the cluster's totals and one entry per node.
 * Counts of sockets, rates and queue depths are summed over the nodes; latency percentiles cannot be added, so the
 * cluster shows the worst node's (the maximum). Sessions by state come from the database, which is cluster-wide
 * already ({@code null} when that read failed).
 */
public record OpsSnapshot(String type, int v, Instant at, long intervalMillis, Cluster cluster, List<Node> nodes) {

    public static final String TYPE = "ops.snapshot";

    public record Cluster(int nodes, int hubsOnline, int liveSessions, Map<String, Long> sessions,
                          double commandsPerSecond, double deniedPerSecond, Map<String, Long> deniedLastMinute,
                          Map<String, Long> anomalyFlagsLastMinute, Map<String, Long> anomalyFlagsTotal,
                          long anomalySevereTotal, double auditCommitP50Ms, double auditCommitP99Ms, int auditQueueDepth) {
    }

    /** One node's sample and how old it was when this snapshot was made ({@code ageMillis}, receiver's clock). */
    public record Node(String nodeId, long ageMillis, boolean self, int hubsConnected, int liveSessions,
                       double commandsPerSecond, double deniedPerSecond, Map<String, Long> deniedLastMinute,
                       Map<String, Long> anomalyFlagsLastMinute, double auditCommitP50Ms, double auditCommitP99Ms,
                       int auditQueueDepth) {
    }

    /** A sample with the local time it arrived. */
    record Received(NodeSample sample, long receivedAt) {
    }

    static OpsSnapshot of(Instant at, long intervalMillis, String selfId, Collection<Received> samples,
                          Map<String, Long> sessions) {
        long now = at.toEpochMilli();
        int hubs = 0;
        int live = 0;
        int queue = 0;
        long severe = 0;
        double commands = 0;
        double denied = 0;
        double p50 = 0;
        double p99 = 0;
        Map<String, Long> deniedMinute = new LinkedHashMap<>();
        Map<String, Long> flagsMinute = new LinkedHashMap<>();
        Map<String, Long> flagsTotal = new LinkedHashMap<>();
        List<Received> ordered = samples.stream().sorted(Comparator.comparing(r -> r.sample().nodeId())).toList();
        List<Node> nodes = new java.util.ArrayList<>(ordered.size());
        for (Received received : ordered) {
            NodeSample s = received.sample();
            hubs += s.hubsConnected();
            live += s.liveSessions();
            queue += s.auditQueueDepth();
            severe += s.anomalySevereTotal();
            commands += s.commandsPerSecond();
            denied += s.deniedPerSecond();
            p50 = Math.max(p50, s.auditCommitP50Ms());
            p99 = Math.max(p99, s.auditCommitP99Ms());
            s.deniedLastMinute().forEach((k, n) -> deniedMinute.merge(k, n, Long::sum));
            s.anomalyFlagsLastMinute().forEach((k, n) -> flagsMinute.merge(k, n, Long::sum));
            s.anomalyFlagsTotal().forEach((k, n) -> flagsTotal.merge(k, n, Long::sum));
            nodes.add(new Node(s.nodeId(), Math.max(0, now - received.receivedAt()), s.nodeId().equals(selfId),
                    s.hubsConnected(), s.liveSessions(), s.commandsPerSecond(), s.deniedPerSecond(), s.deniedLastMinute(),
                    s.anomalyFlagsLastMinute(), s.auditCommitP50Ms(), s.auditCommitP99Ms(), s.auditQueueDepth()));
        }
        Cluster cluster = new Cluster(nodes.size(), hubs, live, sessions, NodeSampler.round(commands),
                NodeSampler.round(denied), deniedMinute, flagsMinute, flagsTotal, severe, p50, p99, queue);
        return new OpsSnapshot(TYPE, 1, at, intervalMillis, cluster, List.copyOf(nodes));
    }
}
