package io.chaperone.trust;

import io.chaperone.web.ProblemException;

import java.util.List;
import java.util.Map;

/**
 * A connect ticket was refused. Answers 401 with the failure's code when it reaches REST; the
 * relay maps {@link #failure()} to its upgrade rejection. Never carries the token. The
 * {@code WWW-Authenticate} challenge names the code too, so a client that only sees the refused
 * upgrade (no body) still learns it (RFC 6750 {@code invalid_token}, RFC 9449 {@code invalid_dpop_proof}).
 */
public class TicketRejectedException extends ProblemException {

    private final TicketFailure failure;

    public TicketRejectedException(TicketFailure failure) {
        super(401, failure.code(), failure.detail(), Map.of("WWW-Authenticate", challenge(failure)));
        this.failure = failure;
    }

    public TicketFailure failure() { return failure; }

    /** The challenge as upgrade response headers (a refused upgrade has no body). */
    public Map<String, List<String>> challengeHeaders() {
        return Map.of("WWW-Authenticate", List.of(headers().get("WWW-Authenticate")));
    }

    private static String challenge(TicketFailure failure) {
        return failure.aboutProof()
                ? "DPoP error=\"invalid_dpop_proof\", algs=\"" + DpopProof.ALGORITHMS + "\", error_description=\""
                        + failure.code() + "\""
                : "Bearer error=\"invalid_token\", error_description=\"" + failure.code() + "\"";
    }
}
