package io.chaperone.anomaly;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chaperone.anomaly.rules.Flag;
import io.chaperone.anomaly.rules.Severity;
import io.chaperone.audit.AuditKind;
import io.chaperone.audit.AuditRecord;
import io.chaperone.audit.AuditWriter;
import io.chaperone.consent.Actor;
import io.chaperone.consent.SessionAction;
import io.chaperone.consent.SessionTransitions;
import io.chaperone.consent.Transition;
import io.chaperone.notify.NotificationKind;
import io.chaperone.notify.NotificationSummary;
import io.chaperone.notify.Notifications;
import io.chaperone.ops.Meters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;

/**
 * What a tripped rule causes, off the frame path: the C1 {@code anomaly.flagged} record first (a flag that cannot be
 * audited still suspends: failing closed beats failing silent), then the resident's notification, and for a severe
 * flag the suspension through {@link SessionTransitions} as the system, which closes the technician's socket with
 * 4004 until the resident resumes or revokes.
 */
@ApplicationScoped
public class AnomalyFlags {

    private static final Logger LOG = Logger.getLogger(AnomalyFlags.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    AuditWriter audit;
    @Inject
    Notifications notifications;
    @Inject
    SessionTransitions transitions;
    @Inject
    Clock clock;
    @Inject
    Meters meters;

    void raise(UUID sessionId, UUID homeId, Flag flag) {
        String detail = JSON.createObjectNode().put("rule", flag.rule().wireName())
                .put("severity", flag.severity().wireName()).put("observed", flag.observed())
                .put("threshold", flag.threshold()).toString();
        AuditRecord record = new AuditRecord(sessionId, homeId, clock.instant(), "system", AuditKind.ANOMALY_FLAGGED,
                null, null, flag.severity().wireName(), flag.rule().wireName(), detail);
        meters.anomalyFlagged(flag.rule(), flag.severity());
        LOG.infof("Anomaly flagged (code=anomaly.flagged, sessionId=%s, rule=%s, severity=%s)", sessionId,
                flag.rule().wireName(), flag.severity().wireName());
        audit.commit(record).replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("anomaly flag not audited (code=anomaly.audit_failed): %s",
                        e.getClass().getSimpleName()))
                .onFailure().recoverWithNull()
                .chain(() -> flag.severity() == Severity.SEVERE ? suspend(sessionId, flag) : Uni.createFrom().voidItem())
                .chain(() -> notifications.publish(homeId, NotificationKind.ANOMALY_FLAGGED, summary(sessionId, flag)))
                .subscribe().with(id -> { }, e -> LOG.warnf("anomaly follow-up failed (code=anomaly.follow_up_failed): %s",
                        e.getClass().getSimpleName()));
    }

    private Uni<Void> suspend(UUID sessionId, Flag flag) {
        return transitions.apply(sessionId, new Transition.Plain(SessionAction.SUSPEND,
                        "suspended: anomaly " + flag.rule().wireName()), Actor.system())
                .replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("anomaly suspension failed (code=anomaly.suspend_failed): %s",
                        e.getClass().getSimpleName()))
                .onFailure().recoverWithNull();
    }

    private static NotificationSummary summary(UUID sessionId, Flag flag) {
        String title = flag.severity() == Severity.SEVERE
                ? "A support session was paused: unusual activity (" + flag.rule().wireName() + ")"
                : "Unusual activity in a support session (" + flag.rule().wireName() + ")";
        return new NotificationSummary(title, sessionId, Map.of("rule", flag.rule().wireName(),
                "severity", flag.severity().wireName(), "observed", Long.toString(flag.observed()),
                "threshold", Long.toString(flag.threshold())));
    }
}
