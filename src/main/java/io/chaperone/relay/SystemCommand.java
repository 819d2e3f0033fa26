package io.chaperone.relay;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Objects;
import java.util.UUID;

/**
 * A command the gateway itself sends to a hub on behalf of a session (a resident's rollback, the end-of-session
 * read-back), not from a socket. It is judged and audited like a technician's (CommandGate#system).
 *
 * @param sessionId the session whose audit chain records it
 * @param hubId     that session's hub
 * @param homeId    that session's home (the audit row's key)
 * @param id        the command id, unique within the session; the caller's, so a retry is recognised as a duplicate
 * @param device    the target device
 * @param op        the operation's wire name
 * @param args      its arguments, or null
 * @param actor     who the audit names, e.g. {@code system:rollback} or the resident's subject
 */
public record SystemCommand(UUID sessionId, UUID hubId, UUID homeId, String id, String device, String op,
                            ObjectNode args, String actor) {

    public SystemCommand {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(hubId, "hubId");
        Objects.requireNonNull(homeId, "homeId");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(actor, "actor");
    }
}
