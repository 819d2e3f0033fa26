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
    /** Ops killed a session (ADR 0010; detail: the operator's reason); the session becomes terminated. */
    SESSION_KILLED("session.killed", C1),
    /** Ops killed a hub (chain = hub id; detail: reason): its socket closes, its sessions are killed, no reconnect. */
    HUB_KILLED("hub.killed", C1),
    /** Ops lifted a hub kill (chain = hub id; detail: reason): the hub may connect again. */
    HUB_KILL_LIFTED("hub.kill_lifted", C1),
    /** The resident asked for erasure (chain = home id); committed first, whether or not the erasure then runs. */
    HOME_ERASURE_REQUESTED("home.erasure_requested", C1),
    /** The resident exported the home's data (chain = home id); committed before the first byte is sent. */
    HOME_EXPORTED("home.exported", C1),
    ATTESTATION_FAILED("attestation.failed", C1),
    /** Support tickets (chain = the ticket's home, correlation = ticket id): committed before the ticket row changes. */
    SUPPORT_TICKET_OPENED("support_ticket.opened", C1),
    SUPPORT_TICKET_STATE_CHANGED("support_ticket.state_changed", C1),
    /** Catalogue changes by ops (chain = the provider's or template's own id): committed before the row. */
    PROVIDER_CREATED("provider.created", C1),
    TEMPLATE_CREATED("template.created", C1),
    /** Device trust (trust.device.DeviceTrustAudit): claim and enrollment on the home's chain, removal on the hub's. */
    HUB_CLAIM_ISSUED("hub.claim_issued", C1),
    HUB_ENROLLED("hub.enrolled", C1),
    HUB_REMOVED("hub.removed", C1),
    HUB_CERTIFICATE_REVOKED("hub.certificate_revoked", C1),
    /** Ops changes to the device-trust catalogue, on its own chain (DeviceTrustAudit.CATALOGUE_CHAIN). */
    ATTESTATION_BASELINE_REGISTERED("attestation_baseline.registered", C1),
    VENDOR_KEY_REGISTERED("vendor_key.registered", C1),

    RESULT("result", C2),
    OUTPUT("output", C2),
    DEVICE_EVENT("device.event", C2),
    HUB_CONNECTED("hub.connected", C2),
    HUB_DISCONNECTED("hub.disconnected", C2),
    COMMAND_ABANDONED("command.abandoned", C2),
    COMMAND_DENIED("command.denied", C2),
    /** A technician upgrade refused (bad ticket, wrong Origin, replay, …): the gateway chain, bounded per source. */
    UPGRADE_REFUSED("upgrade.refused", C2),
    /** Why a live session's technician socket closed (detail {code, cause}; relay.SessionClosedAudit), after the close. */
    SESSION_CLOSED("session.closed", C1),
    /** A session report was stored (report.SessionReports; detail: its SHA-256): a report edited later no longer matches. */
    REPORT_GENERATED("report.generated", C1),
    /** A ticket's resolution (chain = home, correlation = ticket id; detail: outcome): committed before the row. */
    SUPPORT_TICKET_RESOLVED("support_ticket.resolved", C1),
    /** Household roles (issue 17, household package; chain = the home): invitations, joining, leaving, rights. */
    HOUSEHOLD_INVITED("household.invited", C1),
    HOUSEHOLD_INVITATION_CANCELLED("household.invitation_cancelled", C1),
    HOUSEHOLD_JOINED("household.joined", C1),
    HOUSEHOLD_MEMBER_REMOVED("household.member_removed", C1),
    HOUSEHOLD_MEMBER_LEFT("household.member_left", C1),
    HOUSEHOLD_RIGHTS_CHANGED("household.rights_changed", C1),
    /** The home's never-grant list (chain = the home): an entry added or removed by the owner. */
    NEVER_GRANT_ADDED("never_grant.added", C1),
    NEVER_GRANT_REMOVED("never_grant.removed", C1),
    /** Extensions (consent.extension): asked by the technician, decided by the resident (correlation = extension id). */
    EXTENSION_REQUESTED("extension.requested", C1),
    EXTENSION_APPROVED("extension.approved", C1),
    EXTENSION_DENIED("extension.denied", C1),
    /** A consent receipt was issued (receipt package): detail {receiptId, receiptHash} in clear, on the session's chain. */
    CONSENT_RECEIPT("consent.receipt", C1),
    /** Access reviews (review package), on the home's chain: one generated, and its one-click revoke-all. */
    ACCESS_REVIEW_GENERATED("access_review.generated", C1),
    ACCESS_REVIEW_REVOKE_ALL("access_review.revoke_all", C1),
    /** The resident changed a logging choice (ADR 0023), on the home's chain: committed before the row changes. */
    LOGGING_CHOICE_CHANGED("logging_choice.changed", C1),
    /** The resident revealed / hid a data class in a live session (detail: dataClass); committed before the row. */
    DATA_CLASS_REVEALED("data_class.revealed", C1),
    DATA_CLASS_HIDDEN("data_class.hidden", C1),
    /** An anomaly rule flagged a live session (detail: rule, severity, observed, threshold); docs/anomaly.md. */
    ANOMALY_FLAGGED("anomaly.flagged", C1),
    /** Ops changed a template: a new version (detail as template.created, plus version); committed before the row. */
    TEMPLATE_REVISED("template.revised", C1),
    /** A party left feedback on an ended session (detail: party, rating, whether a comment was given); before the row. */
    SESSION_FEEDBACK_GIVEN("session_feedback.given", C1);

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
