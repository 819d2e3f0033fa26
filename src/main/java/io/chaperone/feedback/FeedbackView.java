package io.chaperone.feedback;

import java.time.Instant;
import java.util.UUID;

/** One feedback as its author and ops see it. */
public record FeedbackView(UUID id, UUID sessionId, String party, int rating, String comment, Instant createdAt) {

    static FeedbackView of(SessionFeedback f) {
        return new FeedbackView(f.id, f.sessionId, f.party, f.rating, f.comment, f.createdAt);
    }
}
