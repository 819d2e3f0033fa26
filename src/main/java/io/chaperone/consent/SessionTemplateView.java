package io.chaperone.consent;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.chaperone.feedback.TemplateFeedback;
import io.chaperone.policy.DataClass;
import io.chaperone.policy.Operation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A session template on the wire; operations and data classes by their wire names. {@code usage} is on the single
 * template view, {@code feedback} only for ops; {@code removedByHome} only with {@code ?homeId}.
 */
public record SessionTemplateView(UUID id, String name, String description, List<String> ops,
                                  List<String> deviceKinds, int maxDurationMinutes, List<String> redactionDefaults,
                                  int expectedCommandRate, Instant createdAt, int version, String owner, Instant reviewBy,
                                  @JsonInclude(JsonInclude.Include.NON_NULL) List<RemovedEntry> removedByHome,
                                  @JsonInclude(JsonInclude.Include.NON_NULL) TemplateUsage.Usage usage,
                                  @JsonInclude(JsonInclude.Include.NON_NULL) TemplateFeedback.Summary feedback) {

    /** An entry of a home's never-grant list that takes something away from this template on that home (ADR 0021). */
    public record RemovedEntry(UUID id, String device, String operation, String dataClass) {
    }

    static SessionTemplateView of(SessionTemplate t) {
        return of(t, null);
    }

    static SessionTemplateView of(SessionTemplate t, List<RemovedEntry> removedByHome) {
        return of(t, removedByHome, null, null);
    }

    static SessionTemplateView of(SessionTemplate t, List<RemovedEntry> removedByHome, TemplateUsage.Usage usage,
                                  TemplateFeedback.Summary feedback) {
        return new SessionTemplateView(t.id, t.name, t.description,
                t.operations().stream().map(Operation::wireName).toList(),
                List.copyOf(t.kinds()), t.maxDurationMinutes,
                t.redactedByDefault().stream().map(DataClass::wireName).toList(),
                t.expectedCommandRate, t.createdAt, t.version, t.owner, t.reviewBy, removedByHome, usage, feedback);
    }
}
