package io.chaperone.anomaly;

import io.chaperone.anomaly.rules.Flag;
import io.chaperone.anomaly.rules.SessionSignals;
import io.chaperone.anomaly.rules.Thresholds;
import io.chaperone.audit.AuditKind;
import io.chaperone.audit.AuditListener;
import io.chaperone.audit.AuditRecord;
import io.chaperone.audit.AuditWriter;
import io.chaperone.policy.Operation;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live-path side of anomaly detection: one {@link SessionSignals} per live session on this node, fed by the
 * command gate for every technician command (a map read and a few arithmetic operations; no I/O, no allocation
 * unless a rule trips). A tripped rule is handed to {@link AnomalyFlags}, off the frame path. Consent events that
 * matter to the rules (a refused escalation, a resume, the end) arrive as committed audit records.
 */
@ApplicationScoped
public class AnomalyWatch implements AuditListener {

    @Inject
    AnomalyConfig config;
    @Inject
    AnomalyFlags flags;
    @Inject
    AuditWriter audit;
    @Inject
    Clock clock;

    private final Map<UUID, SessionSignals> sessions = new ConcurrentHashMap<>();
    private Thresholds thresholds;
    /** The home-local hour, recomputed at most once a minute (a time-zone lookup per frame would allocate). */
    private volatile long hourUntil;
    private volatile int hour;

    void start(@Observes StartupEvent event) {
        thresholds = config.thresholds();
        audit.addListener(this);
    }

    /**
     * One technician command of a live session, after the gate's decision.
     *
     * @param expectedPerMinute the template's expected command rate
     * @param deviceKind        the device's kind from the hub's inventory, or null
     */
    public void command(UUID sessionId, UUID homeId, int expectedPerMinute, boolean denied, Operation op,
                        String deviceKind) {
        if (!config.enabled()) {
            return;
        }
        SessionSignals signals = sessions.get(sessionId);
        if (signals == null) {
            signals = sessions.computeIfAbsent(sessionId, id -> new SessionSignals(thresholds(), expectedPerMinute));
        }
        long now = clock.millis();
        Flag flag = signals.command(now, denied, op, deviceKind, localHour(now));
        if (flag != null) {
            flags.raise(sessionId, homeId, flag);
        }
    }

    @Override
    public void committed(AuditRecord record, long seq) {
        AuditKind kind = record.kind();
        if (kind == AuditKind.ESCALATION_DENIED) {
            SessionSignals signals = sessions.get(record.chainId());
            if (signals != null) {
                signals.escalationRefused(record.at().toEpochMilli());
            }
        } else if (kind == AuditKind.SESSION_RESUMED) {
            SessionSignals signals = sessions.get(record.chainId());
            if (signals != null) {
                signals.resumed();
            }
        } else if (kind == AuditKind.SESSION_ENDED || kind == AuditKind.SESSION_REVOKED
                || kind == AuditKind.SESSION_EXPIRED || kind == AuditKind.SESSION_KILLED) {
            sessions.remove(record.chainId());
        }
    }

    private Thresholds thresholds() {
        Thresholds t = thresholds;
        return t != null ? t : (thresholds = config.thresholds());
    }

    private int localHour(long now) {
        if (now >= hourUntil || now < hourUntil - 120_000) {
            ZoneOffset offset = config.zone().getRules().getOffset(Instant.ofEpochMilli(now));
            long local = now + offset.getTotalSeconds() * 1000L;
            hour = (int) Math.floorMod(local / 3_600_000L, 24L);
            hourUntil = now + 60_000 - Math.floorMod(local, 60_000L);
        }
        return hour;
    }
}
