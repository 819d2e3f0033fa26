package io.chaperone.signin;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.chaperone.consent.StepUp;
import io.chaperone.identity.Caller;
import io.chaperone.identity.CurrentCaller;
import io.chaperone.identity.DevCredentials;
import io.quarkus.security.Authenticated;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Instant;

/**
 * The browser's view of its sign-in: {@code GET /auth/session} says who is signed in (401 {@code unauthenticated}
 * otherwise), {@code GET /auth/providers} which sign-in to offer, {@code POST /auth/sign-out} removes the session cookie. Both read only the token: no database.
 */
@Path("/auth")
@Produces(MediaType.APPLICATION_JSON)
public class AuthSessionResource {

    @Inject
    CurrentCaller current;
    @Inject
    JsonWebToken jwt;
    @Inject
    StepUp stepUp;
    @Inject
    DevCredentials devIssuer;

    @GET
    @Path("/session")
    @Authenticated
    public BrowserSession session() {
        Caller caller = current.get();
        return new BrowserSession(caller.subject(), caller.name() == null ? caller.subject() : caller.name(),
                caller.role().claim(), caller.org().orElse(null), stepUp.hasMfa(caller),
                caller.authTime().orElse(null), Instant.ofEpochSecond(jwt.getExpirationTime()));
    }

    /** Which sign-in the pages offer: the development issuer's form and/or the OIDC provider. */
    @GET
    @Path("/providers")
    public Providers providers() {
        return new Providers(devIssuer.enabled(), false);
    }

    /** Needs no valid session: an expired cookie is removed all the same. */
    @POST
    @Path("/sign-out")
    public Response signOut(@Context HttpServerRequest http) {
        return Response.noContent().header(HttpHeaders.SET_COOKIE, SessionCookie.cleared(http)).build();
    }

    public record Providers(boolean devIssuer, boolean oidc) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BrowserSession(String subject, String name, String role, String org, boolean mfa,
                                 Instant authTime, Instant expiresAt) {
    }
}
