package io.chaperone.trust;

import io.chaperone.web.ProblemException;

/**
 * A connect ticket was refused. Answers 401 with the failure's code when it reaches REST; the
 * relay maps {@link #failure()} to its upgrade rejection. Never carries the token.
 */
public class TicketRejectedException extends ProblemException {

    private final TicketFailure failure;

    public TicketRejectedException(TicketFailure failure) {
        super(401, failure.code(), failure.detail());
        this.failure = failure;
    }

    public TicketFailure failure() { return failure; }
}
