package io.chaperone.policy;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Everything the gate knows about one command when it judges it, gathered by the relay from memory only (the live
 * session, the hub's view); no field needs I/O. {@code grant} is null for a system command, which carries its
 * caller's authority instead of the technician's consent (see {@link FramePolicy#judgeCommand}).
 *
 * @param grant          the session's current grant, or null for a system command
 * @param ready          the live session started and was not shut (ignored for a system command)
 * @param nowMillis      wall-clock time, from the injected clock
 * @param device         the target device id
 * @param op             the operation, or null for a name that is no operation
 * @param args           the command's arguments (read only for a firmware update's signature)
 * @param hubOnline      some node holds the hub's socket
 * @param hubTrusted     the hub passed attestation on that connection and is not quarantined
 * @param deviceKnown    the hub's latest inventory lists {@code device}
 * @param deviceModel    that device's model, or null
 * @param deviceFirmware that device's installed firmware, or null
 */
public record CommandFacts(SessionGrant grant, boolean ready, long nowMillis, String device, Operation op,
                           ObjectNode args, boolean hubOnline, boolean hubTrusted, boolean deviceKnown,
                           String deviceModel, String deviceFirmware) {

    public boolean system() {
        return grant == null;
    }
}
