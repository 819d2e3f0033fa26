package io.chaperone.identity;

import io.chaperone.web.ProblemException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The {@link Caller} of the current request, read once from its verified token. */
@RequestScoped
public class CurrentCaller {

    @Inject
    JsonWebToken jwt;

    private Caller caller;

    public Caller get() {
        if (caller == null) {
            caller = from(jwt);
        }
        return caller;
    }

    static Caller from(JsonWebToken jwt) {
        if (jwt == null || jwt.getSubject() == null) {
            throw new ProblemException(401, "unauthenticated", "a valid bearer token is required");
        }
        Role role = Role.fromGroups(jwt.getGroups() == null ? Set.of() : jwt.getGroups())
                .orElseThrow(() -> ProblemException.forbidden("role_missing",
                        "the token must name exactly one of the roles resident, technician, ops"));
        return new Caller(jwt.getSubject(), role,
                Optional.ofNullable(stringClaim(jwt, "org")),
                stringClaim(jwt, "name"),
                stringClaim(jwt, "email"),
                Optional.ofNullable(longClaim(jwt, "auth_time")).map(Instant::ofEpochSecond),
                Optional.ofNullable(stringClaim(jwt, "acr")),
                amr(jwt));
    }

    private static String stringClaim(JsonWebToken jwt, String name) {
        Object value = jwt.getClaim(name);
        if (value instanceof jakarta.json.JsonString s) {
            return s.getString();
        }
        return value instanceof String s ? s : null;
    }

    private static Long longClaim(JsonWebToken jwt, String name) {
        Object value = jwt.getClaim(name);
        if (value instanceof jakarta.json.JsonNumber n) {
            return n.longValue();
        }
        return value instanceof Number n ? n.longValue() : null;
    }

    private static Set<String> amr(JsonWebToken jwt) {
        Object value = jwt.getClaim("amr");
        if (value instanceof jakarta.json.JsonArray array) {
            return array.stream()
                    .filter(v -> v instanceof jakarta.json.JsonString)
                    .map(v -> ((jakarta.json.JsonString) v).getString())
                    .collect(Collectors.toUnmodifiableSet());
        }
        if (value instanceof Collection<?> c) {
            return c.stream().map(String::valueOf).collect(Collectors.toUnmodifiableSet());
        }
        return Set.of();
    }
}
