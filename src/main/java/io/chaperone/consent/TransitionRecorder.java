package io.chaperone.consent;

import io.smallrye.mutiny.Uni;

/**
 * A feature that records something of its own for a committed-to-be transition, inside the same transaction and
 * after the transition's C1 audit record (consent receipts). A failure fails the transition: a decision that
 * cannot be recorded this way does not happen.
 */
public interface TransitionRecorder {

    Uni<Void> recorded(SupportSession session, Transition transition, SessionChanged change);
}
