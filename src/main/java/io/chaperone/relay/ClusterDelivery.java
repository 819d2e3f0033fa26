package io.chaperone.relay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chaperone.audit.AuditKind;
import io.chaperone.cluster.ClusterBus;
import io.chaperone.cluster.ClusterMessage;
import io.quarkus.websockets.next.CloseReason;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link Delivery} in cluster mode (docs/adr/0015): this node's sockets through {@link LocalDelivery}, a hub held by
 * another node through its subject. Per hub session ({@code sid}) one ordered, deduplicated stream ({@link Outlink})
 * carries session open, commands and close to the hub's node, and one subscription on the session's subject takes
 * the hub's answers back, to be matched, redacted, audited and forwarded here, on the technician's node.
 */
@ApplicationScoped
@Typed(ClusterDelivery.class)
public class ClusterDelivery implements Delivery {

    @Inject
    LocalDelivery local;
    @Inject
    LiveRegistry registry;
    @Inject
    ClusterBus bus;
    @Inject
    RemoteHubs remoteHubs;
    @Inject
    HubRoutes routes;
    @Inject
    HubLeg hubLeg;
    @Inject
    SystemCommands systemCommands;
    @Inject
    RelayConfig config;
    @Inject
    Vertx vertx;

    /** Hub sessions reaching a hub on another node, by sid. */
    private final Map<UUID, Link> links = new ConcurrentHashMap<>();

    private final class Link {
        final UUID sid;
        final UUID hubId;
        final Context context = vertx.getOrCreateContext();
        final Outlink out;
        final Inlinks inlinks = new Inlinks();
        final ClusterBus.Subscription in;

        Link(UUID sid, UUID hubId) {
            this.sid = sid;
            this.hubId = hubId;
            this.out = new Outlink(bus, context, bus.subjects().hub(hubId), bus.nodeId() + "/" + sid + "/" + UUID.randomUUID(),
                    config.cluster().attemptTimeout(), config.cluster().giveUpAfter());
            this.in = bus.subscribe(bus.subjects().session(sid), this::answer);
        }

        /** A hub answer carried from the hub's node: handled as if the hub were connected here. */
        private void answer(ClusterMessage message) {
            if (inlinks.arrive(message) != Inlinks.Arrival.NEW) {
                reply(message, inlinks.answerOf(message));   // handled the first time (synchronously): same answer
                return;
            }
            ObjectNode body = ClusterFrames.read(message.data());
            UUID from = ClusterFrames.uuid(body, "hubId");
            String id = ClusterFrames.text(body, "id");
            AuditKind kind = "OUTPUT".equals(ClusterFrames.text(body, "kind")) ? AuditKind.OUTPUT : AuditKind.RESULT;
            String outcome = ClusterFrames.text(body, "outcome");
            boolean finishes = body.path("finishes").asBoolean(false);
            ObjectNode raw = body.get("raw") instanceof ObjectNode o ? o : ClusterFrames.object();
            LiveSession live = registry.session(sid);
            boolean handled = from != null && from.equals(hubId) && (live != null
                    ? hubLeg.deliverAnswer(live, from, id, raw, kind, outcome, finishes, live.technician().connection())
                    : systemCommands.answer(null, from, sid, id, raw, kind, outcome, finishes));
            inlinks.answered(message, handled ? "ok" : "unknown");
            reply(message, handled ? "ok" : "unknown");
        }

        private void reply(ClusterMessage message, String answer) {
            try {
                bus.reply(message, Map.of("r", answer), new byte[0]);
            } catch (RuntimeException e) {
                // the hub's node retries; the redelivery is acknowledged without being handled again
            }
        }

        void close() {
            out.close();
            in.close();
        }
    }

    private Link link(UUID sid, UUID hubId) {
        return links.computeIfAbsent(sid, s -> new Link(s, hubId));
    }

    private boolean remote(UUID hubId) {
        return registry.hub(hubId) == null && remoteHubs.view(hubId) != null;
    }

    @Override
    public HubView hub(UUID hubId) {
        LiveHub hub = registry.hub(hubId);
        return hub != null ? hub : remoteHubs.view(hubId);
    }

    @Override
    public boolean toHub(UUID hubId, String frame) {
        if (!remote(hubId)) {
            return local.toHub(hubId, frame);
        }
        link(hubId, hubId).out.send("frame", ClusterFrames.bytes(ClusterFrames.object().put("frame", frame)), null);
        return true;
    }

    @Override
    public boolean command(UUID hubId, UUID sessionId, String commandId, String frame, Runnable undelivered) {
        if (!remote(hubId)) {
            return local.command(hubId, sessionId, commandId, frame, undelivered);
        }
        link(sessionId, hubId).out.send("cmd", ClusterFrames.bytes(ClusterFrames.object().put("id", commandId)
                .put("sid", sessionId.toString()).put("frame", frame)), answer -> {
            if (!"ok".equals(answer)) {
                undelivered.run();
            }
        });
        return true;
    }

    @Override
    public boolean openOnHub(UUID hubId, UUID sessionId, String capability) {
        if (!remote(hubId)) {
            return local.openOnHub(hubId, sessionId, capability);
        }
        link(sessionId, hubId).out.send("open", ClusterFrames.bytes(ClusterFrames.object().put("sid", sessionId.toString())
                .put("capability", capability).put("attest", false)), null);
        return true;
    }

    @Override
    public Uni<String> openAttested(UUID hubId, UUID sessionId, String capability) {
        return Uni.createFrom().emitter(emitter -> link(sessionId, hubId).out.send("open", ClusterFrames.bytes(
                ClusterFrames.object().put("sid", sessionId.toString()).put("capability", capability).put("attest", true)),
                emitter::complete));
    }

    @Override
    public boolean closeOnHub(UUID hubId, UUID sessionId, String reason) {
        if (!remote(hubId) && !links.containsKey(sessionId)) {
            return local.closeOnHub(hubId, sessionId, reason);
        }
        Link link = link(sessionId, hubId);
        link.out.send("close", ClusterFrames.bytes(ClusterFrames.object().put("sid", sessionId.toString())
                .put("reason", reason)), answer -> {
            // A live session keeps its stream until it leaves (a hub that returns is re-opened on it).
            if (registry.session(sessionId) == null && links.remove(sessionId, link)) {
                link.close();
            }
        });
        return true;
    }

    @Override
    public boolean toHubConnection(LiveHub hub, String frame) {
        return local.toHubConnection(hub, frame);
    }

    @Override
    public void closeHub(UUID hubId, CloseReason reason) {
        if (!remote(hubId)) {
            local.closeHub(hubId, reason);
            return;
        }
        link(hubId, hubId).out.send("closeHub", ClusterFrames.bytes(ClusterFrames.object().put("code", reason.getCode())
                .put("reason", reason.getMessage())), null);
    }

    @Override
    public void closeHubConnection(LiveHub hub, CloseReason reason) {
        local.closeHubConnection(hub, reason);
    }

    @Override
    public boolean toTechnician(LiveSession live, String frame) {
        return local.toTechnician(live, frame);
    }

    @Override
    public boolean toSession(UUID sessionId, String frame) {
        return local.toSession(sessionId, frame);
    }

    @Override
    public Uni<Void> closeTechnician(LiveSession live, CloseReason reason) {
        return local.closeTechnician(live, reason);
    }

    @Override
    public Uni<Void> attach(LiveSession live) {
        // Watched even while the hub is here: if it reconnects to another node, this session follows it there.
        Uni<Void> known = remoteHubs.acquire(live.hubId());
        return registry.hub(live.hubId()) != null ? Uni.createFrom().voidItem().invoke(() -> known.subscribe().with(v -> { }))
                : known;
    }

    @Override
    public Uni<Void> acquireHub(UUID hubId) {
        // Listened to like a live session's hub while the command runs: the hub's node may change meanwhile.
        return remoteHubs.acquire(hubId);
    }

    @Override
    public void releaseHub(UUID hubId) {
        remoteHubs.release(hubId);
    }

    @Override
    public void detach(LiveSession live) {
        Link link = links.get(live.sessionId());
        if (link != null) {
            // After the session.close it may still send; the stream closes once that is through.
            link.out.send("noop", new byte[0], answer -> {
                if (links.remove(live.sessionId(), link)) {
                    link.close();
                }
            });
        }
        remoteHubs.release(live.hubId());
    }

    @Override
    public void hubConnected(LiveHub hub) {
        routes.attach(hub);
    }

    @Override
    public void hubChanged(LiveHub hub) {
        routes.changed(hub);
    }

    @Override
    public void hubEvent(LiveHub hub, String device, String status) {
        routes.event(hub, device, status);
    }

    @Override
    public void hubGone(LiveHub hub) {
        routes.detach(hub);
    }

    @Override
    public boolean answerElsewhere(LiveHub hub, UUID sid, String commandId, ObjectNode raw, AuditKind kind, String outcome,
                                   boolean finishes) {
        return routes.answer(hub, sid, commandId, raw, kind, outcome, finishes);
    }
}
