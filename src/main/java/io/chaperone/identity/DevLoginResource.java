package io.chaperone.identity;

import io.chaperone.web.ProblemException;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code POST /dev-issuer/login}: the development issuer's password login for the configured demo
 * accounts, standing in for an OIDC provider's login page. Answers 404 when the issuer is disabled.
 */
@Path("/dev-issuer/login")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class DevLoginResource {

    @Inject
    DevCredentials credentials;

    // A plain (non-Uni) method runs on a worker thread: RSA signing (~1 ms of CPU) stays off the event loop.
    @POST
    public TokenResponse login(@Valid @NotNull LoginRequest request) {
        if (!credentials.enabled()) {
            throw ProblemException.notFound("resource");
        }
        DevAccounts.Account account = credentials.account(request.username(), request.password());
        String token = credentials.issue(request.username(), account, request.mfa());
        return new TokenResponse(token, "Bearer", credentials.tokenLifetime().toSeconds());
    }

    /** The login form; {@code mfa=true} stands for a completed second factor (acr mfa, amr pwd+otp). */
    public record LoginRequest(@NotBlank String username, @NotBlank String password, boolean mfa) {
    }

    public record TokenResponse(String accessToken, String tokenType, long expiresIn) {
    }
}
