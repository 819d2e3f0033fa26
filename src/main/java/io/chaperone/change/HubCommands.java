package io.chaperone.change;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;

import java.util.UUID;

/**
 * How this feature sends a command to a hub as the system actor: through the relay's one command gate, with the same
 * C1 {@code command} audit as a technician's command (docs/adr/0025). Implemented by the relay's adapter.
 */
public interface HubCommands {

    /** The hub's answer: {@code data} unredacted (the gateway itself reads it), or an error code. */
    record Answer(boolean ok, JsonNode data, String errorCode) {
        public static Answer offline() {
            return new Answer(false, null, OFFLINE);
        }
    }

    /** The error code of an answer when the hub is not connected (nothing was sent). */
    String OFFLINE = "hub_offline";

    /**
     * Sends {@code op} on {@code device} of the session's hub with command id {@code commandId}; fails only for a
     * gateway fault (an offline hub is an {@link Answer#offline()} answer).
     */
    Uni<Answer> send(UUID sessionId, String commandId, String device, String op, ObjectNode args);
}
