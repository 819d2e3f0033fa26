package io.chaperone.consent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chaperone.audit.AuditKind;
import io.chaperone.audit.AuditRecord;

/** The C1 audit record of a session change: which kind it is and what it keeps (never personal data). */
final class SessionAudit {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SessionAudit() {
    }

    static AuditRecord recordOf(SessionChanged change, Transition transition) {
        ObjectNode detail = JSON.createObjectNode()
                .put("from", change.from() == null ? null : change.from().name())
                .put("to", change.to().name())
                .put("reason", change.reason())
                .put("scopeVersion", change.scope().version());
        if (change.expiresAt() != null) {
            detail.put("expiresAt", change.expiresAt().toString());
        }
        if (transition instanceof Transition.ChangeReveal change2) {
            detail.put("dataClass", change2.dataClass().wireName());
        }
        String correlation = transition instanceof Transition.DecideEscalation d ? d.escalationId().toString()
                : transition instanceof Transition.DecideExtension x ? x.extensionId().toString() : null;
        return new AuditRecord(change.sessionId(), change.homeId(), change.at(), change.actor(),
                kindOf(change, transition), null, null, change.to().name(), correlation, detail.toString());
    }

    static AuditKind kindOf(SessionChanged change, Transition transition) {
        if (transition instanceof Transition.DecideEscalation decide) {
            return decide.approve() ? AuditKind.ESCALATION_APPROVED : AuditKind.ESCALATION_DENIED;
        }
        if (transition instanceof Transition.DecideExtension extension) {
            return extension.approve() ? AuditKind.EXTENSION_APPROVED : AuditKind.EXTENSION_DENIED;
        }
        if (transition instanceof Transition.ChangeReveal change2) {
            return change2.reveal() ? AuditKind.DATA_CLASS_REVEALED : AuditKind.DATA_CLASS_HIDDEN;
        }
        if (change.from() == null) {
            return AuditKind.SESSION_REQUESTED;
        }
        return switch (change.to()) {
            case requested -> AuditKind.SESSION_REQUESTED;
            case approved -> switch (change.from()) {
                case active -> AuditKind.SESSION_DEACTIVATED;
                case suspended -> AuditKind.SESSION_RESUMED;
                default -> AuditKind.SESSION_APPROVED;
            };
            case active -> AuditKind.SESSION_ACTIVATED;
            case suspended -> AuditKind.SESSION_SUSPENDED;
            case ended -> AuditKind.SESSION_ENDED;
            case revoked -> AuditKind.SESSION_REVOKED;
            case expired -> AuditKind.SESSION_EXPIRED;
            case denied -> AuditKind.SESSION_DENIED;
            case cancelled -> AuditKind.SESSION_CANCELLED;
            case terminated -> AuditKind.SESSION_KILLED;
        };
    }

    static AuditRecord escalationRequested(SupportSession session, Escalation escalation, String actor) {
        ObjectNode detail = JSON.createObjectNode().put("reason", escalation.reason);
        return new AuditRecord(session.id, session.homeId, escalation.requestedAt, actor,
                AuditKind.ESCALATION_REQUESTED, null, null, "requested", escalation.id.toString(), detail.toString());
    }
}
