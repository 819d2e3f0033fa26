package io.chaperone.identity;

import io.chaperone.web.ProblemException;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Who is calling, read once from the verified bearer token. The step-up facts (auth_time, acr, amr)
 * travel with it so that approvals can judge them.
 */
public record Caller(String subject, Role role, Optional<String> org, String name, String email,
                     Optional<Instant> authTime, Optional<String> acr, Set<String> amr) {

    public boolean is(Role expected) {
        return role == expected;
    }

    /** This caller, or 403 {@code role_required} when it has another role. */
    public Caller require(Role expected) {
        if (role != expected) {
            throw ProblemException.forbidden("role_required", "this needs the role " + expected.claim());
        }
        return this;
    }
}
