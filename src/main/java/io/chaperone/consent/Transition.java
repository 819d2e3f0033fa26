package io.chaperone.consent;

import io.chaperone.home.Home;
import io.chaperone.home.Hub;
import io.chaperone.household.NeverGrantList;
import io.chaperone.identity.Caller;
import io.chaperone.policy.DataClass;
import io.chaperone.policy.Scope;
import io.chaperone.web.ProblemException;
import io.smallrye.mutiny.Uni;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * One change to a session, applied by {@link SessionTransitions#apply} inside its transaction.
 * Each kind calls the domain method and writes the rows that record the decision (approvals,
 * escalation outcome); the returned text is the reason carried by {@link SessionChanged}.
 */
public sealed interface Transition {

    Uni<String> applyTo(SupportSession session, Instant now);

    static Transition of(SessionAction action) {
        return new Plain(action, null);
    }

    /** The step-up facts of the resident who decided, recorded with the decision. */
    record Decider(UUID residentId, Instant authTime, String acr, Set<String> amr) {
        public static Decider of(Actor actor, Caller caller) {
            return new Decider(actor.personId(), caller.authTime().orElse(null), caller.acr().orElse(null), caller.amr());
        }
    }

    /** An action with no terms: cancel, end, revoke, suspend, resume, activate, deactivate, expire. */
    record Plain(SessionAction action, String why) implements Transition {
        public Plain {
            if (action == SessionAction.APPROVE || action == SessionAction.DENY) {
                throw new IllegalArgumentException("approve and deny record the resident's decision: use Approve/Deny");
            }
        }

        @Override
        public Uni<String> applyTo(SupportSession session, Instant now) {
            session.apply(action, now, why);
            // An expiry says which deadline passed: the session's end, or the approval's start-by (ADR 0020).
            if (action == SessionAction.EXPIRE) {
                return Uni.createFrom().item(session.endReason);
            }
            return Uni.createFrom().item(why == null ? action.defaultReason() : why);
        }
    }

    /** Approval of the request; {@code privacyNoticeVersion} is the notice the resident was shown. */
    record Approve(ApprovalTerms terms, Decider decider, String privacyNoticeVersion) implements Transition {
        public Approve(ApprovalTerms terms, Decider decider) {
            this(terms, decider, null);
        }

        @Override
        public Uni<String> applyTo(SupportSession session, Instant now) {
            // A quarantined hub (failed attestation, docs/device-trust.md) can have no session approved.
            return Hub.<Hub>findById(session.hubId).chain(hub -> {
                if (hub == null || hub.quarantined || hub.removedAt != null) {
                    return Uni.createFrom().<Home>failure(ProblemException.conflict("hub_quarantined",
                            "the hub failed attestation or was removed; no session can be approved on it"));
                }
                if (hub.killedAt != null) {
                    return Uni.createFrom().<Home>failure(ProblemException.conflict("hub_killed",
                            "ops killed this hub; no session can be approved on it until they lift the kill"));
                }
                return Home.<Home>findById(session.homeId);
            }).chain(home -> {
                // After erasure nothing of the session could be recorded (the home's keys are gone): it may not run.
                if (home == null || home.erasedAt != null) {
                    return Uni.createFrom().failure(homeErased());
                }
                return SessionTemplate.asOf(session.templateId, session.templateVersion).chain(template ->
                        NeverGrantList.load(session.homeId).chain(never -> {
                    session.approve(terms.withinTemplate(template.redactedByDefault()), now);
                    // Defence in depth (ADR 0021): the list may have grown since the request was checked.
                    never.require(session.granted(), session.revealed());
                    Approval approval = Approval.approved(session, decider, now);
                    approval.privacyNoticeVersion = privacyNoticeVersion;
                    return approval.persist().replaceWith(SessionAction.APPROVE.defaultReason());
                }));
            });
        }
    }

    static ProblemException homeErased() {
        return ProblemException.conflict("home_erased", "the home's data was erased; no session can run on it");
    }

    record Deny(Decider decider) implements Transition {
        @Override
        public Uni<String> applyTo(SupportSession session, Instant now) {
            session.apply(SessionAction.DENY, now, null);
            return Approval.denied(session.id, null, decider, now).persist().replaceWith(SessionAction.DENY.defaultReason());
        }
    }

    /** The resident's answer to an escalation; on approval the scope widens (from == to in the event). */
    record DecideEscalation(UUID escalationId, boolean approve, Decider decider) implements Transition {
        @Override
        public Uni<String> applyTo(SupportSession session, Instant now) {
            return Escalation.<Escalation>findById(escalationId).chain(escalation -> {
                if (escalation == null || !escalation.sessionId.equals(session.id)) {
                    return Uni.createFrom().failure(ProblemException.notFound("escalation"));
                }
                escalation.decide(approve, now);
                if (!approve) {
                    return Approval.denied(session.id, escalation.id, decider, now).persist()
                            .replaceWith("escalation denied by resident");
                }
                Scope added = escalation.added();
                session.widen(added, now);
                return NeverGrantList.load(session.homeId).invoke(never -> never.require(added, Set.of())).chain(ok ->
                Approval.escalationApproved(session, escalation.id, added, decider, now).persist()
                        .replaceWith("escalation approved by resident"));
            });
        }
    }

    /**
     * The resident's answer to an extension request (consent.extension): {@code rows} records the decision on the
     * extension's own row and, on approval, moves the end ({@link SupportSession#extendTo}); from == to in the event.
     */
    record DecideExtension(UUID extensionId, boolean approve, Decider decider, ExtensionRows rows) implements Transition {
        @Override
        public Uni<String> applyTo(SupportSession session, Instant now) {
            return rows.decide(session, this, now);
        }
    }

    /** What the extension feature writes inside the decision's transaction. */
    @FunctionalInterface
    interface ExtensionRows {
        Uni<String> decide(SupportSession session, DecideExtension decision, Instant now);
    }

    /**
     * The resident reveals ({@code reveal}) or hides a data class in a live session (from == to in the event, with the
     * new reveal set). A class the template redacts by default cannot be revealed, as at approval.
     */
    record ChangeReveal(DataClass dataClass, boolean reveal, Decider decider) implements Transition {
        @Override
        public Uni<String> applyTo(SupportSession session, Instant now) {
            if (!reveal) {
                session.changeReveal(dataClass, false, now);
                return Uni.createFrom().item(dataClass.wireName() + " hidden by resident");
            }
            return SessionTemplate.asOf(session.templateId, session.templateVersion).map(template -> {
                if (template != null && template.redactedByDefault().contains(dataClass)) {
                    throw ProblemException.conflict("redacted_by_template",
                            "this session's template always redacts " + dataClass.wireName());
                }
                session.changeReveal(dataClass, true, now);
                return dataClass.wireName() + " revealed by resident";
            });
        }
    }

    /** A new request: nothing to apply, the session was just created in state requested. */
    record Opened() implements Transition {
        @Override
        public Uni<String> applyTo(SupportSession session, Instant now) {
            return Uni.createFrom().item("requested by technician");
        }
    }
}
