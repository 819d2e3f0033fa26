package io.chaperone.feedback;

import io.chaperone.audit.AuditKind;
import io.chaperone.audit.AuditRecord;
import io.chaperone.audit.AuditWriter;
import io.chaperone.consent.Actor;
import io.chaperone.consent.SessionAccess;
import io.chaperone.consent.SupportSession;
import io.chaperone.identity.CurrentCaller;
import io.chaperone.identity.Role;
import io.chaperone.web.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * {@code POST /api/v1/sessions/{id}/feedback}: after a session ended, its resident side (a household member with the
 * view right) and its technician may each leave one feedback. Ops may read it (beside the template) but not write.
 * {@code GET} shows the caller's own side's feedback on the session (none or one), so an app can tell whether it was given.
 */
@Path("/api/v1/sessions/{id}/feedback")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class FeedbackResource {

    @Inject
    CurrentCaller current;
    @Inject
    SessionAccess access;
    @Inject
    AuditWriter audit;
    @Inject
    Clock clock;

    @GET
    public Uni<List<FeedbackView>> own(@PathParam("id") UUID id) {
        var caller = current.get();
        if (caller.role() == Role.OPS) {
            throw ProblemException.forbidden("feedback_party_only", "ops read feedback beside the template");
        }
        return access.actor(caller).chain(actor -> Panache.withSession(() ->
                SupportSession.<SupportSession>findById(id).chain(session -> access.visible(session, actor))
                        .chain(session -> SessionFeedback.<SessionFeedback>list("sessionId = ?1 and party = ?2", session.id,
                                partyOf(actor)))))
                .map(list -> list.stream().map(FeedbackView::of).toList());
    }

    private static String partyOf(Actor actor) {
        return actor.is(Role.TECHNICIAN) ? SessionFeedback.TECHNICIAN : SessionFeedback.RESIDENT;
    }

    @POST
    public Uni<Response> give(@PathParam("id") UUID id, @NotNull @Valid FeedbackBody body) {
        var caller = current.get();
        if (caller.role() == Role.OPS) {
            throw ProblemException.forbidden("feedback_party_only", "only the session's resident side and technician give feedback");
        }
        return access.actor(caller).chain(actor -> Panache.withTransaction(() ->
                SupportSession.<SupportSession>findById(id).chain(session -> access.visible(session, actor))
                        .chain(session -> record(session, actor, body))))
                .map(f -> Response.status(201).entity(FeedbackView.of(f)).build());
    }

    private Uni<SessionFeedback> record(SupportSession session, Actor actor, FeedbackBody body) {
        java.time.Instant now = SupportSession.now(clock);
        if (!session.effectiveState(now).terminal()) {
            throw ProblemException.conflict("session_not_ended", "feedback can be given once the session has ended");
        }
        String party = partyOf(actor);
        return SessionFeedback.count("sessionId = ?1 and party = ?2", session.id, party).chain(existing -> {
            if (existing > 0) {
                throw ProblemException.conflict("feedback_exists", "the " + party + " already gave feedback on this session");
            }
            SessionFeedback f = new SessionFeedback();
            f.id = UUID.randomUUID();
            f.sessionId = session.id;
            f.templateId = session.templateId;
            f.party = party;
            f.author = actor.subject();
            f.rating = body.rating();
            f.comment = body.comment() == null || body.comment().isBlank() ? null : body.comment();
            f.createdAt = now;
            // On the session's chain, before the row; the comment is the author's words: not in the audit detail.
            String detail = "{\"party\":\"" + party + "\",\"rating\":" + f.rating + ",\"comment\":" + (f.comment != null) + "}";
            return audit.commit(new AuditRecord(session.id, session.homeId, now, actor.subject(),
                            AuditKind.SESSION_FEEDBACK_GIVEN, null, null, "recorded", null, detail))
                    .chain(seq -> f.<SessionFeedback>persist());
        });
    }
}
