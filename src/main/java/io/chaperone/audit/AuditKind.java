package io.chaperone.audit;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.chaperone.audit.AuditClass.C1;
import static io.chaperone.audit.AuditClass.C2;

/** The audit event catalogue: a stable wire name (stored in {@code audit_events.kind}) and its class. */
public enum AuditKind {
    SESSION_REQUESTED("session.requested", C1),
    SESSION_APPROVED("session.approved", C1),
    SESSION_DENIED("session.denied", C1),
    SESSION_CANCELLED("session.cancelled", C1),
    SESSION_ACTIVATED("session.activated", C1),
    SESSION_DEACTIVATED("session.deactivated", C1),
    SESSION_SUSPENDED("session.suspended", C1),
    SESSION_RESUMED("session.resumed", C1),
    SESSION_ENDED("session.ended", C1),
    SESSION_REVOKED("session.revoked", C1),
    SESSION_EXPIRED("session.expired", C1),
    ESCALATION_REQUESTED("escalation.requested", C1),
    ESCALATION_APPROVED("escalation.approved", C1),
    ESCALATION_DENIED("escalation.denied", C1),
    TICKET_ISSUED("ticket.issued", C1),
    TICKET_USED("ticket.used", C1),
    COMMAND("command", C1),
    /** The resident erased the home's personal data (chain = home id); committed before the keys are destroyed. */
    HOME_ERASED("home.erased", C1),
    ATTESTATION_PASSED("attestation.passed", C1),
    ATTESTATION_FAILED("attestation.failed", C1),

    RESULT("result", C2),
    OUTPUT("output", C2),
    DEVICE_EVENT("device.event", C2),
    HUB_CONNECTED("hub.connected", C2),
    HUB_DISCONNECTED("hub.disconnected", C2),
    COMMAND_ABANDONED("command.abandoned", C2),
    COMMAND_DENIED("command.denied", C2),
    /** A technician upgrade refused (bad ticket, wrong Origin, replay, …): the gateway chain, bounded per source. */
    UPGRADE_REFUSED("upgrade.refused", C2);

    private static final Map<String, AuditKind> BY_WIRE_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(AuditKind::wireName, Function.identity()));

    private final String wireName;
    private final AuditClass auditClass;

    AuditKind(String wireName, AuditClass auditClass) {
        this.wireName = wireName;
        this.auditClass = auditClass;
    }

    public String wireName() { return wireName; }

    public AuditClass auditClass() { return auditClass; }

    public boolean durableBeforeEffect() { return auditClass == C1; }

    public static Optional<AuditKind> fromWireName(String wireName) {
        return Optional.ofNullable(BY_WIRE_NAME.get(wireName));
    }
}
