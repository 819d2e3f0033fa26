package io.chaperone.relay;

import io.chaperone.protocol.OutboundFrames;
import io.quarkus.websockets.next.CloseReason;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;

import java.util.UUID;

/**
 * {@link Delivery} to the sockets of this node only: the embedded default and a single node's whole world (and the
 * local half of {@link ClusterDelivery}). Injected as {@code Delivery} through {@link DeliveryProducer}.
 */
@ApplicationScoped
@Typed(LocalDelivery.class)
public class LocalDelivery implements Delivery {

    @Inject
    LiveRegistry registry;

    @Override
    public HubView hub(UUID hubId) {
        return registry.hub(hubId);
    }

    @Override
    public boolean toHub(UUID hubId, String frame) {
        LiveHub hub = registry.hub(hubId);
        return hub != null && hub.outbox().send(frame);
    }

    @Override
    public boolean openOnHub(UUID hubId, UUID sessionId, String capability) {
        return toHub(hubId, OutboundFrames.sessionOpen(sessionId.toString(), capability));
    }

    @Override
    public boolean closeOnHub(UUID hubId, UUID sessionId, String reason) {
        return toHub(hubId, OutboundFrames.sessionClose(sessionId.toString(), reason));
    }

    @Override
    public boolean toHubConnection(LiveHub hub, String frame) {
        return hub.outbox().send(frame);
    }

    @Override
    public void closeHub(UUID hubId, CloseReason reason) {
        LiveHub hub = registry.hub(hubId);
        if (hub != null) {
            closeHubConnection(hub, reason);
        }
    }

    @Override
    public void closeHubConnection(LiveHub hub, CloseReason reason) {
        hub.outbox().connection().close(reason).subscribe().with(v -> { }, e -> { });
    }

    @Override
    public boolean toTechnician(LiveSession live, String frame) {
        return live.technician().send(frame);
    }

    @Override
    public boolean toSession(UUID sessionId, String frame) {
        LiveSession live = registry.session(sessionId);
        return live != null && live.technician().send(frame);
    }

    @Override
    public Uni<Void> closeTechnician(LiveSession live, CloseReason reason) {
        return live.technician().connection().close(reason);
    }
}
