package io.chaperone.signin;

import io.chaperone.identity.DevAccounts;
import io.chaperone.identity.DevCredentials;
import io.chaperone.web.ProblemException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code POST /auth/dev-sign-in}: the sign-in page of the development issuer (demo, dev and test profiles only;
 * 404 elsewhere). A correct password (and, when given, the account's one-time code) sets the
 * {@link SessionCookie}; the token never appears in the body. The answer names where to go next, a path on
 * this gateway only ({@link SafeNext}). Like every sign-in POST it needs {@code X-Chaperone-Request} ({@link CsrfGuard}).
 */
@Path("/auth/dev-sign-in")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class DevSignInResource {

    @Inject
    DevCredentials credentials;

    // Worker thread (plain return type): RSA signing costs about a millisecond of CPU.
    @POST
    public Response signIn(@Valid @NotNull SignInRequest request, @Context HttpServerRequest http) {
        if (!credentials.enabled()) {
            throw ProblemException.notFound("resource");
        }
        DevAccounts.Account account = credentials.account(request.username(), request.password());
        boolean mfa = request.oneTimeCode() != null && !request.oneTimeCode().isBlank();
        if (mfa) {
            credentials.requireSecondFactor(account, request.oneTimeCode().strip());
        }
        String token = credentials.issue(request.username(), account, mfa);
        return Response.ok(new SignedIn(SafeNext.of(request.next()), mfa, credentials.tokenLifetime().toSeconds()))
                .header(HttpHeaders.SET_COOKIE, SessionCookie.set(token, credentials.tokenLifetime(), http))
                .build();
    }

    /** The form: {@code oneTimeCode} empty or absent signs in with the password only. */
    public record SignInRequest(@NotBlank @Size(max = 200) String username, @NotBlank @Size(max = 200) String password,
                                @Size(max = 20) String oneTimeCode, @Size(max = 2048) String next) {
    }

    public record SignedIn(String next, boolean mfa, long expiresIn) {
    }
}
