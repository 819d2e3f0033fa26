package io.chaperone.identity;

import io.chaperone.identity.DevIssuer.DevToken;
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

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;

/**
 * {@code POST /dev-issuer/login}: the development issuer's password login for the configured demo
 * accounts, standing in for an OIDC provider's login page. Answers 404 when the issuer is disabled.
 */
@Path("/dev-issuer/login")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class DevLoginResource {

    private static final String AUDIENCE = "chaperone";
    // compared against when the username is unknown, so both failures take the same path
    private static final byte[] NO_PASSWORD = "\u0000no-such-account".getBytes(StandardCharsets.UTF_8);

    @Inject
    DevIssuer issuer;
    @Inject
    DevAccounts accounts;
    @Inject
    Clock clock;

    // A plain (non-Uni) method runs on a worker thread: RSA signing (~1 ms of CPU) stays off the event loop.
    @POST
    public TokenResponse login(@Valid @NotNull LoginRequest request) {
        if (!issuer.enabled()) {
            throw ProblemException.notFound("resource");
        }
        DevAccounts.Account account = accounts.accounts().get(request.username());
        byte[] expected = account == null ? NO_PASSWORD : account.password().getBytes(StandardCharsets.UTF_8);
        boolean matches = MessageDigest.isEqual(expected, request.password().getBytes(StandardCharsets.UTF_8));
        if (account == null || !matches) {
            throw new ProblemException(401, "invalid_credentials", "unknown username or wrong password");
        }
        Instant now = clock.instant();
        String token = issuer.issue(new DevToken(request.username(), account.role(), account.org(),
                account.name().orElse(request.username()),
                account.email().orElse(request.username() + "@example.test"),
                request.mfa(), now, now, accounts.tokenLifetime(), AUDIENCE));
        return new TokenResponse(token, "Bearer", accounts.tokenLifetime().toSeconds());
    }

    /** The login form; {@code mfa=true} stands for a completed second factor (acr mfa, amr pwd+otp). */
    public record LoginRequest(@NotBlank String username, @NotBlank String password, boolean mfa) {
    }

    public record TokenResponse(String accessToken, String tokenType, long expiresIn) {
    }
}
