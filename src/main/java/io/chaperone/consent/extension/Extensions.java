package io.chaperone.consent.extension;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chaperone.audit.AuditKind;
import io.chaperone.audit.AuditRecord;
import io.chaperone.audit.AuditWriter;
import io.chaperone.consent.Actor;
import io.chaperone.consent.ConsentConfig;
import io.chaperone.consent.SessionAccess;
import io.chaperone.consent.SessionChanged;
import io.chaperone.consent.SessionTransitions;
import io.chaperone.consent.SupportSession;
import io.chaperone.consent.Transition;
import io.chaperone.web.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Extensions: a technician asks (nothing changes yet, one open request per session), the resident decides through
 * {@link SessionTransitions} ({@link Transition.DecideExtension}); on approval only {@code expiresAt} moves, by
 * the asked minutes, never past the maximum total duration, and the scope and its version stay as they are.
 */
@ApplicationScoped
public class Extensions {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Clock clock;
    @Inject
    SessionAccess access;
    @Inject
    SessionTransitions transitions;
    @Inject
    AuditWriter audit;
    @Inject
    ExtensionsConfig config;
    @Inject
    ConsentConfig consent;

    public Uni<SessionExtension> request(UUID sessionId, Actor technician, ExtensionBody body) {
        if (body.minutes() > config.maxMinutes()) {
            throw new ProblemException(422, "extension_too_long",
                    "one extension may ask for at most " + config.maxMinutes() + " minutes");
        }
        Instant now = SupportSession.now(clock);
        return Panache.withTransaction(() -> SupportSession.<SupportSession>findById(sessionId)
                .chain(s -> access.visible(s, technician))
                .chain(session -> {
                    if (!session.effectiveState(now).live()) {
                        throw ProblemException.conflict("session_not_active",
                                "extensions need an approved or active session; it is " + session.effectiveState(now).name());
                    }
                    // Refused when asked, not only when approved: the resident is never asked for what cannot be given.
                    if (Duration.between(session.approvedAt, session.expiresAt.plus(Duration.ofMinutes(body.minutes())))
                            .compareTo(maxTotal()) > 0) {
                        throw new ProblemException(422, "extension_exceeds_maximum",
                                "the session may last at most " + maxTotal().toMinutes() + " minutes in all");
                    }
                    return SessionExtension.<SessionExtension>count("sessionId = ?1 and state = ?2", session.id,
                            SessionExtension.State.requested).chain(open -> {
                        if (open > 0) {
                            throw ProblemException.conflict("extension_pending", "an extension of this session awaits the resident");
                        }
                        SessionExtension extension = SessionExtension.request(session.id, session.technicianId,
                                body.minutes(), body.reason(), now);
                        return extension.<SessionExtension>persist().call(saved -> audit.commit(requested(session, saved,
                                technician.subject())));
                    });
                }));
    }

    /** The resident's decision (step-up checked by the resource for an approval). */
    public Uni<SessionChanged> decide(UUID sessionId, UUID extensionId, boolean approve, Transition.Decider decider,
                                      Actor resident) {
        return transitions.apply(sessionId, new Transition.DecideExtension(extensionId, approve, decider, this::apply),
                resident);
    }

    public Uni<List<ExtensionView>> list(UUID sessionId, Actor actor) {
        return Panache.withSession(() -> SupportSession.<SupportSession>findById(sessionId)
                .chain(s -> access.visible(s, actor))
                .chain(s -> SessionExtension.<SessionExtension>list("sessionId", Sort.by("requestedAt"), s.id))
                .map(all -> all.stream().map(ExtensionView::of).toList()));
    }

    public Uni<ExtensionView> one(UUID sessionId, UUID extensionId, Actor actor) {
        return Panache.withSession(() -> SupportSession.<SupportSession>findById(sessionId)
                .chain(s -> access.visible(s, actor))
                .chain(s -> SessionExtension.<SessionExtension>findById(extensionId))
                .map(e -> {
                    if (e == null || !e.sessionId.equals(sessionId)) {
                        throw ProblemException.notFound("extension");
                    }
                    return ExtensionView.of(e);
                }));
    }

    /** Inside the decision's transaction: the extension's row, and on approval the session's new end. */
    private Uni<String> apply(SupportSession session, Transition.DecideExtension decision, Instant now) {
        return SessionExtension.<SessionExtension>findById(decision.extensionId()).map(extension -> {
            if (extension == null || !extension.sessionId.equals(session.id)) {
                throw ProblemException.notFound("extension");
            }
            extension.decide(decision.approve(), now);
            if (!decision.approve()) {
                return "extension denied by resident";
            }
            Instant previous = session.expiresAt;
            session.extendTo(previous.plus(Duration.ofMinutes(extension.minutes)), now, maxTotal());
            extension.previousExpiresAt = previous;
            extension.newExpiresAt = session.expiresAt;
            return "extension approved by resident";
        });
    }

    private Duration maxTotal() {
        Duration configured = config.maxTotalDuration();
        return configured.compareTo(consent.globalMaxDuration()) < 0 ? configured : consent.globalMaxDuration();
    }

    private static AuditRecord requested(SupportSession session, SessionExtension extension, String actor) {
        String detail = JSON.createObjectNode().put("minutes", extension.minutes).put("reason", extension.reason).toString();
        return new AuditRecord(session.id, session.homeId, extension.requestedAt, actor, AuditKind.EXTENSION_REQUESTED,
                null, null, "requested", extension.id.toString(), detail);
    }
}
