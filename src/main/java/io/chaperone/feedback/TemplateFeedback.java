package io.chaperone.feedback;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

/** The public read of feedback for other features: what ops see beside a template. Needs a Panache session. */
@ApplicationScoped
public class TemplateFeedback {

    /** How many recent comments the summary carries. */
    public static final int RECENT = 10;

    /** Count and average rating of all feedback on the template's sessions, and its newest comments. */
    public record Summary(long count, Double averageRating, List<FeedbackView> recentComments) {
    }

    public Uni<Summary> of(UUID templateId) {
        return SessionFeedback.<SessionFeedback>list("templateId", templateId).chain(all ->
                SessionFeedback.<SessionFeedback>find("templateId = ?1 and comment is not null order by createdAt desc, id",
                                templateId).page(0, RECENT).list()
                        .map(recent -> new Summary(all.size(),
                                all.isEmpty() ? null : Math.round(all.stream().mapToInt(f -> f.rating).average().orElse(0) * 100) / 100.0,
                                recent.stream().map(FeedbackView::of).toList())));
    }
}
