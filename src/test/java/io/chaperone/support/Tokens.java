package io.chaperone.support;

import io.chaperone.identity.DevIssuer;
import io.chaperone.identity.DevIssuer.DevToken;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Identity tokens for tests, signed by the development issuer like a real login would be. */
@ApplicationScoped
public class Tokens {

    @Inject
    DevIssuer issuer;

    public String resident(String subject) {
        return issuer.issue(DevToken.of(subject, "resident", Optional.empty(), true, Instant.now()));
    }

    public String technician(String subject, String org) {
        return issuer.issue(DevToken.of(subject, "technician", Optional.of(org), true, Instant.now()));
    }

    public String ops(String subject) {
        return issuer.issue(DevToken.of(subject, "ops", Optional.empty(), true, Instant.now()));
    }

    /** A resident token that authenticated at {@code authTime}, with or without a second factor. */
    public String residentAuthenticatedAt(String subject, Instant authTime, boolean mfa) {
        Instant now = Instant.now();
        return issuer.issue(new DevToken(subject, "resident", Optional.empty(), subject, subject + "@example.test",
                mfa, authTime, now, Duration.ofMinutes(15), "chaperone"));
    }

    public String issue(DevToken token) {
        return issuer.issue(token);
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
