package io.chaperone.consent;

import io.chaperone.identity.Provider;
import io.chaperone.identity.Technician;
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
 * {@code POST …/approve} with {@code {}} would grant: the read-only operations only.
 */
public record RequestExplained(String technician, String provider, String templateName, String templateDescription,
                               String reason, int durationMinutes, List<String> devices,
                               List<OperationCatalogue.Description> operations, List<Operation> defaultApproval,
                               String summary) {

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
                        .toList(), summary);
    }

    /** "a", "a and b", "a, b and c". */
    private static java.util.stream.Collector<String, ?, String> joinedInWords() {
        return Collectors.collectingAndThen(Collectors.toList(), words -> words.size() <= 1 ? String.join("", words)
                : String.join(", ", words.subList(0, words.size() - 1)) + " and " + words.getLast());
    }
}
