package io.chaperone.trust;

import io.chaperone.identity.CurrentCaller;
import io.chaperone.web.ProblemException;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Optional;
import java.util.UUID;

/**
 * {@code POST /api/v1/sessions/{id}/tickets}: a single-use connect ticket for the session's socket, bound
 * to the key of the request's {@code DPoP} proof or of the body's {@code keyThumbprint}.
 */
@Path("/api/v1/sessions/{id}/tickets")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ConnectTicketResource {

    @Inject
    CurrentCaller current;
    @Inject
    ConnectTickets tickets;
    @Inject
    DpopProofs proofs;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> issue(@PathParam("id") UUID sessionId, @Valid ConnectTicketRequest body,
                               @Context HttpServerRequest request) {
        return issue(sessionId, Optional.ofNullable(body).map(ConnectTicketRequest::keyThumbprint), request);
    }

    /** The body is optional: a POST without one binds the ticket to its DPoP proof's key, or to none. */
    @POST
    public Uni<Response> issueWithoutBody(@PathParam("id") UUID sessionId, String body,
                                          @Context HttpServerRequest request) {
        if (body != null && !body.isEmpty()) {
            return Uni.createFrom().failure(new ProblemException(415, "unsupported_media_type",
                    "send no body, or JSON with Content-Type: application/json"));
        }
        return issue(sessionId, Optional.empty(), request);
    }

    private Uni<Response> issue(UUID sessionId, Optional<String> thumbprint, HttpServerRequest request) {
        return tickets.issue(current.get(), sessionId, thumbprint, proofs.presentedAt(request))
                .map(ticket -> Response.status(Response.Status.CREATED).entity(ticket).build());
    }
}
