package io.chaperone.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chaperone.audit.AuditKind;
import io.chaperone.audit.AuditRecord;
import io.chaperone.audit.AuditWriter;
import io.chaperone.consent.Actor;
import io.chaperone.consent.Revocations;
import io.chaperone.consent.SessionState;
import io.chaperone.consent.SessionTransitions;
import io.chaperone.consent.SupportSession;
import io.chaperone.consent.Transition;
import io.chaperone.web.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * "One click to revoke anything still open": every approval a review lists as open is ended the way the resident
 * would end it by hand, through consent (a waiting request is denied, an approved, active or suspended session is
 * revoked through {@link Revocations}, which wins every race). Audited first as {@code access_review.revoke_all}.
 */
@ApplicationScoped
public class RevokeAll {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What happened to each listed session. */
    public record Outcome(UUID reviewId, List<UUID> revoked, List<UUID> revocationPending, List<UUID> denied,
                          List<UUID> alreadyClosed) {
    }

    @Inject
    Clock clock;
    @Inject
    AuditWriter audit;
    @Inject
    SessionTransitions transitions;
    @Inject
    Revocations revocations;

    public Uni<Outcome> revokeAll(AccessReview review, Actor resident, Transition.Decider decider) {
        List<UUID> listed = new ArrayList<>();
        readTree(review.body).path("openApprovals").forEach(a -> listed.add(UUID.fromString(a.path("sessionId").asText())));
        Outcome outcome = new Outcome(review.id, new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        String detail = JSON.createObjectNode().put("reviewId", review.id.toString()).put("listed", listed.size()).toString();
        return audit.commit(new AuditRecord(review.homeId, review.homeId, SupportSession.now(clock), resident.subject(),
                        AuditKind.ACCESS_REVIEW_REVOKE_ALL, null, null, "requested", review.id.toString(), detail))
                .chain(() -> Multi.createFrom().iterable(listed)
                        .onItem().transformToUniAndConcatenate(id -> close(id, resident, decider, outcome))
                        .collect().last())
                .replaceWith(outcome);
    }

    private Uni<Void> close(UUID sessionId, Actor resident, Transition.Decider decider, Outcome outcome) {
        return Panache.withSession(() -> SupportSession.<SupportSession>findById(sessionId))
                .map(s -> s == null ? SessionState.expired : s.effectiveState(clock.instant()))
                .chain(state -> switch (state) {
                    case requested -> transitions.apply(sessionId, new Transition.Deny(decider), resident)
                            .invoke(() -> outcome.denied().add(sessionId)).replaceWithVoid();
                    case approved, active, suspended -> revocations.revoke(sessionId, resident).invoke(result ->
                            (result == Revocations.Outcome.REVOKED ? outcome.revoked() : outcome.revocationPending())
                                    .add(sessionId)).replaceWithVoid();
                    default -> {
                        outcome.alreadyClosed().add(sessionId);
                        yield Uni.createFrom().voidItem();
                    }
                })
                // Closed meanwhile by someone else (the technician ended it, it expired): nothing left to do.
                .onFailure(ProblemException.class).recoverWithUni(e -> {
                    outcome.alreadyClosed().add(sessionId);
                    return Uni.createFrom().voidItem();
                });
    }

    private static JsonNode readTree(String body) {
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored access review is not readable");
        }
    }
}
