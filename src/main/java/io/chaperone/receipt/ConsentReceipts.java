package io.chaperone.receipt;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chaperone.audit.AuditKind;
import io.chaperone.audit.AuditRecord;
import io.chaperone.audit.AuditWriter;
import io.chaperone.consent.SessionChanged;
import io.chaperone.consent.SupportSession;
import io.chaperone.consent.Transition;
import io.chaperone.consent.TransitionRecorder;
import io.chaperone.household.AuthorizationDetails;
import io.chaperone.privacy.PrivacyNotices;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Issues a consent receipt for every approval, escalation approval and extension approval, inside the decision's
 * transaction (docs/api.md "Consent receipts"): built from what the session now holds and the approver's step-up
 * facts, signed ({@link ReceiptSigning}), stored, and its hash committed to the session's audit chain as a C1
 * {@code consent.receipt} record, so a receipt changed later no longer matches the chain.
 */
@ApplicationScoped
public class ConsentReceipts implements TransitionRecorder {

    static final String FORMAT = "chaperone-consent-receipt/1";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ReceiptSigning signing;
    @Inject
    AuditWriter audit;
    @Inject
    PrivacyNotices notices;

    @Override
    public Uni<Void> recorded(SupportSession session, Transition transition, SessionChanged change) {
        return switch (transition) {
            case Transition.Approve approve -> issue(session, change, "approval", session.id, approve.decider(),
                    approve.privacyNoticeVersion() == null ? notices.currentVersion() : approve.privacyNoticeVersion(),
                    payload -> { });
            case Transition.DecideEscalation decide when decide.approve() -> issue(session, change, "escalation",
                    decide.escalationId(), decide.decider(), notices.currentVersion(),
                    payload -> payload.put("escalationId", decide.escalationId().toString()));
            case Transition.DecideExtension extend when extend.approve() -> issue(session, change, "extension",
                    extend.extensionId(), extend.decider(), notices.currentVersion(),
                    payload -> payload.put("extensionId", extend.extensionId().toString()));
            default -> Uni.createFrom().voidItem();
        };
    }

    private Uni<Void> issue(SupportSession session, SessionChanged change, String kind, UUID decisionId,
                            Transition.Decider decider, String notice, java.util.function.Consumer<ObjectNode> extra) {
        Instant now = change.at();
        UUID id = UUID.randomUUID();
        ObjectNode payload = JSON.createObjectNode().put("format", FORMAT).put("id", id.toString()).put("kind", kind)
                .put("sessionId", session.id.toString()).put("homeId", session.homeId.toString())
                .put("hubId", session.hubId.toString()).put("providerId", session.providerId.toString())
                .put("technicianId", session.technicianId.toString()).put("templateId", session.templateId.toString());
        extra.accept(payload);
        payload.putObject("approver").put("residentId", decider.residentId() == null ? null : decider.residentId().toString())
                .put("subject", change.actor());
        ObjectNode authentication = payload.putObject("authentication")
                .put("acr", decider.acr()).put("authTime", decider.authTime() == null ? null : decider.authTime().toString());
        ArrayNode amr = authentication.putArray("amr");
        new TreeSet<>(decider.amr() == null ? java.util.Set.<String>of() : decider.amr()).forEach(amr::add);
        payload.put("decidedAt", now.toString()).put("privacyNoticeVersion", notice)
                .put("scopeVersion", session.scopeVersion)
                .put("approvedAt", session.approvedAt.toString()).put("expiresAt", session.expiresAt.toString());
        payload.set("authorizationDetails", authorizationDetails(session));
        payload.put("issuedAt", now.toString()).put("keyId", signing.keyId());
        return signing.keyStored().chain(() -> {
            ConsentReceipt receipt = new ConsentReceipt();
            receipt.id = id;
            receipt.sessionId = session.id;
            receipt.homeId = session.homeId;
            receipt.kind = kind;
            receipt.decisionId = decisionId;
            receipt.issuedAt = now;
            receipt.keyId = signing.keyId();
            receipt.jws = signing.sign(payload);
            receipt.hash = ReceiptSigning.hashOf(receipt.jws);
            return receipt.persist().chain(() -> audit.commit(chainRecord(receipt, change.actor()))).replaceWithVoid();
        });
    }

    /**
     * The grant in force in household's RFC 9396 form ({@link AuthorizationDetails#render}, docs/api.md
     * "authorization_details"), exactly as the session's {@code granted_authorization_details} shows it, so an app
     * that renders or approves one reads the receipt the same way: duration as approved, start_by as granted; the
     * end moved by extensions is the receipt's own {@code expiresAt}.
     */
    static ArrayNode authorizationDetails(SupportSession session) {
        Duration startBy = session.startBy == null || session.approvedAt == null ? null
                : Duration.between(session.approvedAt, session.startBy);
        return JSON.valueToTree(AuthorizationDetails.render(session.granted(), session.durationMinutes,
                session.revealed(), startBy, session.id));
    }

    private static AuditRecord chainRecord(ConsentReceipt receipt, String actor) {
        // In clear (PrivacyAuditSealer): a hash and an id, nothing personal, and the offline verifier must read it.
        String detail = JSON.createObjectNode().put("receiptId", receipt.id.toString()).put("receiptHash", receipt.hash)
                .put("kind", receipt.kind).toString();
        return new AuditRecord(receipt.sessionId, receipt.homeId, receipt.issuedAt, actor, AuditKind.CONSENT_RECEIPT,
                null, null, "issued", receipt.id.toString(), detail);
    }
}
