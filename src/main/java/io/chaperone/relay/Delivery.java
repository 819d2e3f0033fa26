package io.chaperone.relay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chaperone.audit.AuditKind;
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
     * redeliveries on the hub's node without parsing the frame. True when it was queued; {@code undelivered} runs
     * later if a transport learns only then that it never reached the hub (its node lost the socket meanwhile).
     */
    default boolean command(UUID hubId, UUID sessionId, String commandId, String frame, Runnable undelivered) {
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

    // What a transport to other nodes needs to hear of; a single node needs none of it.

    /**
     * Challenges the hub on the node that holds it and, when it passes, opens the session on it: "passed", "failed"
     * (attestation) or "offline". Only for a hub held by another node (a local hub is challenged by the relay).
     */
    default Uni<String> openAttested(UUID hubId, UUID sessionId, String capability) {
        return Uni.createFrom().item("offline");
    }

    /**
     * A system command is about to be judged for {@code hubId} with no live session of that hub here: completes once
     * this node knows the hub's view, wherever its socket is (an offline hub is then still unknown). Pair each call
     * with {@link #releaseHub}.
     */
    default Uni<Void> acquireHub(UUID hubId) {
        return Uni.createFrom().voidItem();
    }

    /** The system command of {@link #acquireHub} has its outcome. */
    default void releaseHub(UUID hubId) {
    }

    /** A live session registered here; completes once what this node needs to know of its hub is known. */
    default Uni<Void> attach(LiveSession live) {
        return Uni.createFrom().voidItem();
    }

    /** A live session left this node. */
    default void detach(LiveSession live) {
    }

    /** A hub connected here (before its attestation). */
    default void hubConnected(LiveHub hub) {
    }

    /** A hub here changed: its trust (attested, quarantined) or its devices. */
    default void hubChanged(LiveHub hub) {
    }

    /** A device event of a hub here, after its audit record was accepted. */
    default void hubEvent(LiveHub hub, String device, String status) {
    }

    /** A hub's connection here ended. */
    default void hubGone(LiveHub hub) {
    }

    /**
     * A hub here answered for a session (or system command) not on this node: true when a transport carries it to
     * that session's node, which matches, redacts, audits and forwards it there.
     */
    default boolean answerElsewhere(LiveHub hub, UUID sid, String commandId, ObjectNode raw, AuditKind kind,
                                    String outcome, boolean finishes) {
        return false;
    }
}
