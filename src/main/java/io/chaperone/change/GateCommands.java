package io.chaperone.change;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chaperone.consent.SupportSession;
import io.chaperone.relay.CommandGate;
import io.chaperone.relay.CommandOutcome;
import io.chaperone.relay.SystemCommand;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.UUID;

/**
 * {@link HubCommands} through the relay's one command gate ({@link CommandGate#system}): judged, C1-audited and
 * forwarded like a technician's command, as the system actor {@code system:change}.
 */
@ApplicationScoped
public class GateCommands implements HubCommands {

    static final String ACTOR = "system:change";

    @Inject
    CommandGate gate;

    @Override
    public Uni<Answer> send(UUID sessionId, String commandId, String device, String op, ObjectNode args) {
        return Panache.withSession(() -> SupportSession.<SupportSession>findById(sessionId))
                .chain(s -> gate.system(new SystemCommand(s.id, s.hubId, s.homeId, commandId, device, op, args, ACTOR)))
                .map(GateCommands::answer);
    }

    static Answer answer(CommandOutcome outcome) {
        return switch (outcome) {
            case CommandOutcome.Answered a -> {
                JsonNode error = a.result().get("error");
                yield new Answer(a.ok(), a.result().get("data"),
                        error != null && error.path("code").isTextual() ? error.path("code").textValue() : null);
            }
            case CommandOutcome.Denied d -> "hub_offline".equals(d.reason().code()) ? Answer.offline()
                    : new Answer(false, null, d.reason().code());
            case CommandOutcome.Unanswered u -> new Answer(false, null, "unanswered");
        };
    }
}
