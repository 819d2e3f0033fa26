package io.chaperone.privacy;

import io.chaperone.consent.SessionAccess;
import io.chaperone.consent.StepUp;
import io.chaperone.consent.Transition;
import io.chaperone.identity.Caller;
import io.chaperone.identity.CurrentCaller;
import io.chaperone.identity.Role;
import io.chaperone.web.ProblemException;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.time.Clock;
import java.util.UUID;

/**
 * {@code DELETE /api/v1/homes/{id}/data}: the resident erases the home's personal data. It needs step-up
 * like an approval (it cannot be undone); any other caller gets 404 like for an unknown home.
 */
@Path("/api/v1/homes/{id}/data")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class HomeDataResource {

    @Inject
    CurrentCaller current;
    @Inject
    SessionAccess access;
    @Inject
    StepUp stepUp;
    @Inject
    HomeErasure erasure;
    @Inject
    Clock clock;

    @DELETE
    @Consumes(MediaType.WILDCARD)
    public Uni<HomeErasure.Erased> erase(@PathParam("id") UUID id) {
        Caller caller = current.get();
        if (!caller.is(Role.RESIDENT)) {
            throw ProblemException.notFound("home");
        }
        stepUp.require(caller, clock.instant());
        // Pending requests are denied in the resident's name, with the step-up facts of this very call.
        return access.actor(caller).chain(actor -> erasure.erase(id, actor, Transition.Decider.of(actor, caller)));
    }
}
