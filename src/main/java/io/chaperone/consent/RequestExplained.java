package io.chaperone.consent;

import io.chaperone.identity.Provider;
import io.chaperone.identity.Technician;
import io.chaperone.policy.DataClass;
import io.chaperone.policy.Operation;
import io.chaperone.policy.OperationCatalogue;
import io.chaperone.policy.Scope;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A session request in words an approval screen can show as is: who asks, for which template, why, for how long, and
 * every requested operation explained ({@link OperationCatalogue}). {@code summary} is one sentence ("Tom from Acme
 * wants to read the device's diagnostics … for 30 minutes because …"); {@code defaultApproval} lists what
 * {@code POST …/approve} with {@code {}} would grant: the read-only operations only. {@code durationChoices} are the
 * durations an approval screen offers, shortest first (the shortest is the most restrictive choice, the last the asked
 * duration); {@code revealable} the data classes the resident may reveal at approval (every class the session's
 * template does not always redact; empty when nothing can be revealed).
 */
public record RequestExplained(String technician, String provider, String templateName, String templateDescription,
                               String reason, int durationMinutes, List<String> devices,
                               List<OperationCatalogue.Description> operations, List<Operation> defaultApproval,
                               String summary, List<Integer> durationChoices, List<DataClass> revealable) {

    /** The usual steps an approval offers below the asked duration (minutes). */
    static final List<Integer> DURATION_STEPS = List.of(15, 30, 60, 120, 240);

    static RequestExplained of(SupportSession session, SessionTemplate template, Technician technician, Provider provider) {
        Scope asked = session.requested();
        Set<Operation> ops = EnumSet.noneOf(Operation.class);
        asked.grants().forEach(g -> ops.addAll(g.ops()));
        List<OperationCatalogue.Description> described = OperationCatalogue.of(ops);
        String who = technician == null ? "A technician" : technician.name;
        String from = provider == null ? "" : " from " + provider.name;
        String what = described.stream().map(OperationCatalogue.Description::title).collect(joinedInWords());
        String devices = String.join(", ", asked.devices());
        String summary = who + from + " wants to " + what + " (" + devices + ") for " + session.requestedDurationMinutes
                + " minutes because: " + session.reason;
        return new RequestExplained(technician == null ? null : technician.name, provider == null ? null : provider.name,
                template == null ? null : template.name, template == null ? null : template.description,
                session.reason, session.requestedDurationMinutes, List.copyOf(asked.devices()), described,
                described.stream().filter(OperationCatalogue.Description::readOnly).map(OperationCatalogue.Description::op)
                        .toList(), summary, durationChoices(session.requestedDurationMinutes), revealable(template));
    }

    /** The steps shorter than the asked duration, then the asked duration itself: 45 → [15, 30, 45]; 10 → [10]. */
    static List<Integer> durationChoices(int asked) {
        List<Integer> choices = new java.util.ArrayList<>(DURATION_STEPS.stream().filter(m -> m < asked).toList());
        choices.add(asked);
        return List.copyOf(choices);
    }

    private static List<DataClass> revealable(SessionTemplate template) {
        if (template == null) {
            return List.of();
        }
        Set<DataClass> redacted = template.redactedByDefault();
        return java.util.Arrays.stream(DataClass.values()).filter(c -> !redacted.contains(c)).toList();
    }

    /** "a", "a and b", "a, b and c". */
    private static java.util.stream.Collector<String, ?, String> joinedInWords() {
        return Collectors.collectingAndThen(Collectors.toList(), words -> words.size() <= 1 ? String.join("", words)
                : String.join(", ", words.subList(0, words.size() - 1)) + " and " + words.getLast());
    }
}
