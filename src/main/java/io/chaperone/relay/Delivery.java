package io.chaperone.relay;

import io.quarkus.websockets.next.CloseReason;
import io.smallrye.mutiny.Uni;

import java.util.UUID;

/**
 * The one way the relay pushes anything onto a socket (ARCHITECTURE §10): "deliver to hub H", "deliver to session
 * S", "close with a cause". Nothing in the relay calls {@link Outbox#send} or closes a connection except through
 * this seam, so a second node, a metrics decorator or a test double can stand in. {@link LocalDelivery} reaches the
 * sockets of this node; a cluster implementation reaches the others.
 *
 * <p>Every method is non-blocking and safe on the event loop; a {@code false} return means the frame was not queued
 * (peer gone, slow consumer closed, hub offline) and the caller decides what that means for the frame.
 */
public interface Delivery {

    /** The hub as this node sees it, wherever its socket is; null while no node holds it. */
    HubView hub(UUID hubId);

    /** Whether some node holds {@code hubId}'s socket. */
    default boolean hubOnline(UUID hubId) {
        return hub(hubId) != null;
    }

    /** A frame for the hub's current connection (wherever it is). */
    boolean toHub(UUID hubId, String frame);

    /**
     * A {@code cmd} frame for the hub, already audited (C1). {@code commandId} lets a transport deduplicate
     * redeliveries on the hub's node without parsing the frame.
     */
    default boolean command(UUID hubId, UUID sessionId, String commandId, String frame) {
        return toHub(hubId, frame);
    }

    /** {@code session.open} with the session's capability on the hub's current connection. */
    boolean openOnHub(UUID hubId, UUID sessionId, String capability);

    /** {@code session.close} on the hub's current connection; false when the hub is offline. */
    boolean closeOnHub(UUID hubId, UUID sessionId, String reason);

    /** A reply on exactly this hub connection (challenge, welcome, error), not on a newer one that superseded it. */
    boolean toHubConnection(LiveHub hub, String frame);

    /** Closes the hub's current connection (wherever it is) with {@code reason}. */
    void closeHub(UUID hubId, CloseReason reason);

    /** Closes exactly this hub connection (superseded, certificate expired, abuse). */
    void closeHubConnection(LiveHub hub, CloseReason reason);

    /** A frame for the technician of a live session on this node (the leg's own replies and the session frame). */
    boolean toTechnician(LiveSession live, String frame);

    /** A frame for the technician of session {@code sessionId}, wherever it is connected; false if nowhere. */
    boolean toSession(UUID sessionId, String frame);

    /** Closes the technician's socket of a live session with {@code reason}; completes when it is closed. */
    Uni<Void> closeTechnician(LiveSession live, CloseReason reason);
}
