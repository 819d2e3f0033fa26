package io.chaperone.trust;

import io.chaperone.identity.CurrentCaller;
import io.chaperone.web.ProblemException;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Optional;
import java.util.UUID;

/** {@code POST /api/v1/sessions/{id}/tickets}: a single-use connect ticket for the session's socket. */
@Path("/api/v1/sessions/{id}/tickets")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ConnectTicketResource {

    @Inject
    CurrentCaller current;
    @Inject
    ConnectTickets tickets;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> issue(@PathParam("id") UUID sessionId, @Valid ConnectTicketRequest body) {
        return issue(sessionId, Optional.ofNullable(body).map(ConnectTicketRequest::keyThumbprint));
    }

    /** The body is optional: a POST without one asks for a ticket bound to no key. */
    @POST
    public Uni<Response> issueWithoutBody(@PathParam("id") UUID sessionId, String body) {
        if (body != null && !body.isEmpty()) {
            return Uni.createFrom().failure(new ProblemException(415, "unsupported_media_type",
                    "send no body, or JSON with Content-Type: application/json"));
        }
        return issue(sessionId, Optional.empty());
    }

    private Uni<Response> issue(UUID sessionId, Optional<String> thumbprint) {
        return tickets.issue(current.get(), sessionId, thumbprint)
                .map(ticket -> Response.status(Response.Status.CREATED).entity(ticket).build());
    }
}
