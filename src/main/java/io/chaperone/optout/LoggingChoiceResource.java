package io.chaperone.optout;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chaperone.audit.AuditKind;
import io.chaperone.audit.AuditRecord;
import io.chaperone.audit.AuditWriter;
import io.chaperone.consent.Actor;
import io.chaperone.consent.SessionAccess;
import io.chaperone.home.Home;
import io.chaperone.identity.CurrentCaller;
import io.chaperone.web.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * {@code /api/v1/homes/{id}/logging-choices} (docs/privacy.md "What you can turn off", ADR 0023): the resident's
 * opt-outs. The audit of remote sessions is shown but is not a choice; the live feed's content is. A change is
 * audited (C1, the home's chain) before it takes effect.
 */
@Path("/api/v1/homes/{id}/logging-choices")
@RolesAllowed("resident")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class LoggingChoiceResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the resident sees; {@code sessionAudit} is always {@code always}: it is part of the service. */
    public record Choices(UUID homeId, String liveFeedContent, String sessionAudit, Instant changedAt) {
    }

    public record ChoicesBody(@NotNull @Pattern(regexp = "full|minimal") String liveFeedContent) {
    }

    @Inject
    CurrentCaller current;
    @Inject
    SessionAccess access;
    @Inject
    AuditWriter audit;
    @Inject
    LiveFeedChoices choices;
    @Inject
    Clock clock;

    @GET
    public Uni<Choices> get(@PathParam("id") UUID homeId) {
        return owned(homeId).chain(actor -> Panache.withSession(() -> HomeLoggingChoice.<HomeLoggingChoice>findById(homeId)))
                .map(c -> view(homeId, c));
    }

    @PUT
    public Uni<Choices> put(@PathParam("id") UUID homeId, @NotNull @jakarta.validation.Valid ChoicesBody body) {
        Instant now = clock.instant();
        return owned(homeId).chain(actor -> Panache.withTransaction(() -> HomeLoggingChoice.<HomeLoggingChoice>findById(homeId)
                .chain(found -> {
                    String before = found == null ? "full" : found.liveFeedContent;
                    HomeLoggingChoice choice = found == null ? fresh(homeId) : found;
                    choice.liveFeedContent = body.liveFeedContent();
                    choice.changedAt = now;
                    String detail = JSON.createObjectNode().put("choice", "liveFeedContent").put("from", before)
                            .put("to", body.liveFeedContent()).toString();
                    return audit.commit(new AuditRecord(homeId, homeId, now, actor.subject(), AuditKind.LOGGING_CHOICE_CHANGED,
                            null, null, body.liveFeedContent(), null, detail)).chain(() -> choice.<HomeLoggingChoice>persist());
                })))
                .invoke(saved -> choices.changed(homeId, "minimal".equals(saved.liveFeedContent)))
                .map(saved -> view(homeId, saved));
    }

    private static HomeLoggingChoice fresh(UUID homeId) {
        HomeLoggingChoice choice = new HomeLoggingChoice();
        choice.homeId = homeId;
        return choice;
    }

    private static Choices view(UUID homeId, HomeLoggingChoice c) {
        return new Choices(homeId, c == null ? "full" : c.liveFeedContent, "always", c == null ? null : c.changedAt);
    }

    private Uni<Actor> owned(UUID homeId) {
        return access.actor(current.get()).chain(actor -> Panache.withSession(() -> Home.<Home>findById(homeId))
                .map(home -> {
                    if (home == null || !home.residentId.equals(actor.personId())) {
                        throw ProblemException.notFound("home");
                    }
                    return actor;
                }));
    }
}
