package io.chaperone.notify;

import io.chaperone.audit.AuditListener;
import io.chaperone.audit.AuditRecord;
import io.chaperone.audit.AuditWriter;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.Map;

/**
 * Turns committed consent events into notifications: a new request (approval needed), an escalation request and a
 * session's end. It listens to committed audit records (a C1 record commits before the change it records, so what
 * it announces has happened or is about to), and writes the outbox row on its own statement.
 */
@ApplicationScoped
class SessionNotices implements AuditListener {

    private static final Logger LOG = Logger.getLogger(SessionNotices.class);

    @Inject
    AuditWriter audit;
    @Inject
    Notifications notifications;

    void register(@Observes StartupEvent event) {
        audit.addListener(this);
    }

    @Override
    public void committed(AuditRecord record, long seq) {
        NotificationSummary summary = switch (record.kind()) {
            case SESSION_REQUESTED -> NotificationSummary.of("A technician asks for access to your home", record.chainId());
            case ESCALATION_REQUESTED -> NotificationSummary.of("The technician asks for more access in a live session",
                    record.chainId());
            case SESSION_ENDED, SESSION_REVOKED, SESSION_EXPIRED, SESSION_KILLED -> new NotificationSummary(
                    "A support session in your home ended", record.chainId(), Map.of("how", record.kind().wireName()));
            default -> null;
        };
        if (summary == null) {
            return;
        }
        NotificationKind kind = switch (record.kind()) {
            case SESSION_REQUESTED -> NotificationKind.APPROVAL_NEEDED;
            case ESCALATION_REQUESTED -> NotificationKind.ESCALATION_REQUESTED;
            default -> NotificationKind.SESSION_ENDED;
        };
        notifications.publish(record.homeId(), kind, summary).subscribe().with(id -> { },
                e -> LOG.warnf("A notification was not stored (code=notify.enqueue_failed, kind=%s): %s",
                        kind.wireName(), e.getClass().getSimpleName()));
    }
}
