package io.chaperone.ops;

import io.chaperone.anomaly.rules.Rule;
import io.chaperone.anomaly.rules.Severity;
import io.chaperone.audit.AuditWriter;
import io.chaperone.policy.DenyReason;
import io.chaperone.relay.LiveRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Every meter of the gateway (ARCHITECTURE §11), registered once at start with bounded tags only:
 * never a session, hub or person id. The per-frame path only increments pre-built meters. Created at
 * start so that every meter is scraped (at zero) before its first use.
 */
@Startup
@ApplicationScoped
public class Meters {

    private final LiveRegistry live;
    private final AuditWriter audit;
    private final Timer auditCommit;
    private final Counter commandsAllowed;
    private final Counter commandsDenied;
    private final Counter hubFramesRelayed;
    private final Map<DenyReason, Counter> denied = new EnumMap<>(DenyReason.class);
    private final Map<Rule, Counter> anomalyWarnings = new EnumMap<>(Rule.class);
    private final Map<Rule, Counter> anomalySevere = new EnumMap<>(Rule.class);
    private final Counter invalidFrames;
    private final Counter slowConsumerCloses;
    private final Counter abuseCloses;
    private final Counter upgradeRefusalsUnaudited;
    private final Timer frameLatency;
    /** By the way the closing reached the holding node: local, nats, feed ({@code SessionClosing.Via}). */
    private final Map<String, Timer> revocationClose = new LinkedHashMap<>();
    /** By where the session was live: local (shut here) or remote (published to the other nodes). */
    private final Map<String, Timer> revocationAnnounce = new LinkedHashMap<>();
    private final Timer expiryLateness;

    @Inject
    public Meters(MeterRegistry registry, LiveRegistry live, AuditWriter audit) {
        this.live = live;
        this.audit = audit;
        Gauge.builder("chaperone.sessions.active", live, LiveRegistry::sessionCount)
                .description("sessions with a connected technician on this node").register(registry);
        Gauge.builder("chaperone.hubs.connected", live, LiveRegistry::hubCount)
                .description("hubs connected to this node").register(registry);
        Gauge.builder("chaperone.audit.queue.depth", audit, AuditWriter::queueDepth)
                .description("audit records waiting to be committed").register(registry);
        auditCommit = Timer.builder("chaperone.audit.commit.latency")
                .description("one audit batch: connection requested to INSERT committed")
                .publishPercentileHistogram().publishPercentiles(0.5, 0.99)
                .minimumExpectedValue(Duration.ofNanos(100_000)).maximumExpectedValue(Duration.ofSeconds(5))
                .register(registry);
        audit.onCommitLatency(nanos -> auditCommit.record(nanos, TimeUnit.NANOSECONDS));
        commandsAllowed = Counter.builder("chaperone.frames").tag("direction", "technician_to_hub")
                .tag("decision", "allowed").register(registry);
        commandsDenied = Counter.builder("chaperone.frames").tag("direction", "technician_to_hub")
                .tag("decision", "denied").register(registry);
        hubFramesRelayed = Counter.builder("chaperone.frames").tag("direction", "hub_to_technician")
                .tag("decision", "allowed").register(registry);
        for (DenyReason reason : DenyReason.values()) {
            denied.put(reason, Counter.builder("chaperone.frames.denied").tag("reason", reason.code()).register(registry));
        }
        for (Rule rule : Rule.values()) {
            anomalyWarnings.put(rule, anomalyCounter(registry, rule, Severity.WARNING));
            anomalySevere.put(rule, anomalyCounter(registry, rule, Severity.SEVERE));
        }
        invalidFrames = Counter.builder("chaperone.frames.invalid").register(registry);
        slowConsumerCloses = Counter.builder("chaperone.ws.closed").tag("reason", "slow_consumer").register(registry);
        abuseCloses = Counter.builder("chaperone.ws.closed").tag("reason", "abuse").register(registry);
        upgradeRefusalsUnaudited = Counter.builder("chaperone.upgrades.refused.unaudited")
                .description("refused technician upgrades over the per-source audit bound (counted, not audited)")
                .register(registry);
        frameLatency = Timer.builder("chaperone.frame.latency")
                .description("technician command received to forwarded to the hub (includes the audit commit)")
                .publishPercentileHistogram().publishPercentiles(0.5, 0.99, 0.999)
                .minimumExpectedValue(Duration.ofNanos(50_000)).maximumExpectedValue(Duration.ofSeconds(3))
                .register(registry);
        for (String via : List.of("local", "nats", "feed")) {
            revocationClose.put(via, Timer.builder("chaperone.revocation.close").tag("via", via)
                    .description("revocation received on the node holding the technician to its close frame written")
                    .publishPercentileHistogram().register(registry));
        }
        for (String route : List.of("local", "remote")) {
            revocationAnnounce.put(route, Timer.builder("chaperone.revocation.announce").tag("route", route)
                    .description("revoke request arrived to the live session shut here (local) or the closing "
                            + "published to the other nodes (remote)")
                    .publishPercentileHistogram().register(registry));
        }
        expiryLateness = Timer.builder("chaperone.expiry.lateness")
                .description("how late after expiresAt a live session was closed")
                .publishPercentileHistogram().register(registry);
    }

    private static Counter anomalyCounter(MeterRegistry registry, Rule rule, Severity severity) {
        return Counter.builder("chaperone.anomaly.flags").description("anomaly rules tripped on this node")
                .tag("rule", rule.wireName()).tag("severity", severity.wireName()).register(registry);
    }

    /**
     * The values the ops live feed shows, read from the meters themselves on its timer (never on the frame path):
     * cumulative counts since this node started, the audit commit latency percentiles of Micrometer's decaying
     * window (about the last two minutes) and the current gauges.
     */
    public Readings read() {
        Map<String, Long> deniedByReason = new LinkedHashMap<>();
        denied.forEach((reason, counter) -> deniedByReason.put(reason.code(), (long) counter.count()));
        Map<String, Long> anomalies = new LinkedHashMap<>();
        long severe = 0;
        for (Rule rule : Rule.values()) {
            long severeOfRule = (long) anomalySevere.get(rule).count();
            anomalies.put(rule.wireName(), (long) anomalyWarnings.get(rule).count() + severeOfRule);
            severe += severeOfRule;
        }
        double p50 = 0;
        double p99 = 0;
        for (var percentile : auditCommit.takeSnapshot().percentileValues()) {
            if (percentile.percentile() == 0.5) {
                p50 = percentile.value(TimeUnit.MILLISECONDS);
            } else if (percentile.percentile() == 0.99) {
                p99 = percentile.value(TimeUnit.MILLISECONDS);
            }
        }
        return new Readings((long) commandsAllowed.count(), (long) commandsDenied.count(), deniedByReason, anomalies,
                severe, p50, p99, audit.queueDepth(), live.hubCount(), live.sessionCount());
    }

    /** One reading of {@link #read()}; the maps are keyed by wire codes (deny reasons, anomaly rules). */
    public record Readings(long commandsAllowed, long commandsDenied, Map<String, Long> deniedByReason,
                           Map<String, Long> anomalyFlags, long anomalyFlagsSevere, double auditCommitP50Millis,
                           double auditCommitP99Millis, int auditQueueDepth, int hubsConnected, int liveSessions) {
    }

    public void anomalyFlagged(Rule rule, Severity severity) {
        (severity == Severity.SEVERE ? anomalySevere : anomalyWarnings).get(rule).increment();
    }

    public void commandForwarded(long receivedNanos) {
        commandsAllowed.increment();
        frameLatency.record(System.nanoTime() - receivedNanos, TimeUnit.NANOSECONDS);
    }

    public void commandDenied(DenyReason reason) {
        commandsDenied.increment();
        denied.get(reason).increment();
    }

    public void hubFrameRelayed() {
        hubFramesRelayed.increment();
    }

    public void invalidFrame() {
        invalidFrames.increment();
    }

    public void slowConsumerClosed() {
        slowConsumerCloses.increment();
    }

    public void abuseClosed() {
        abuseCloses.increment();
    }

    public void upgradeRefusalUnaudited() {
        upgradeRefusalsUnaudited.increment();
    }

    /** A revocation's close frame was written {@code nanos} after the closing reached this node {@code via}. */
    public void revocationClosed(String via, long nanos) {
        revocationClose.get(via).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A revoke request was acted on {@code nanos} after it arrived: shut here or published ({@code route}). */
    public void revocationAnnounced(String route, long nanos) {
        revocationAnnounce.get(route).record(nanos, TimeUnit.NANOSECONDS);
    }

    public void expiryLateness(long millis) {
        expiryLateness.record(millis, TimeUnit.MILLISECONDS);
    }
}
