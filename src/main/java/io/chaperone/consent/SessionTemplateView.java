package io.chaperone.consent;

import io.chaperone.policy.DataClass;
import io.chaperone.policy.Operation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A session template on the wire; operations and data classes by their wire names. */
public record SessionTemplateView(UUID id, String name, String description, List<String> ops,
                                  List<String> deviceKinds, int maxDurationMinutes, List<String> redactionDefaults,
                                  int expectedCommandRate, Instant createdAt) {

    static SessionTemplateView of(SessionTemplate t) {
        return new SessionTemplateView(t.id, t.name, t.description,
                t.operations().stream().map(Operation::wireName).toList(),
                List.copyOf(t.kinds()), t.maxDurationMinutes,
                t.redactedByDefault().stream().map(DataClass::wireName).toList(),
                t.expectedCommandRate, t.createdAt);
    }
}
