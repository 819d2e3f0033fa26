package io.chaperone.relay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chaperone.audit.AuditKind;
import io.chaperone.cluster.ClusterBus;
import io.chaperone.cluster.ClusterMessage;
import io.chaperone.protocol.OutboundFrames;
import io.quarkus.websockets.next.CloseReason;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The hub's node in cluster mode (docs/adr/0015): while it holds a hub's socket it listens on the hub's subject for
 * what other nodes send it (commands already judged and audited there, session open/close, frames, closes), tells
 * them about the hub on {@code <hub subject>.out} (its view: trust, devices; its device events), and carries the
 * hub's answers for a session it does not hold to that session's subject, in order and once.
 */
@ApplicationScoped
public class HubRoutes {

    private static final Logger LOG = Logger.getLogger(HubRoutes.class);

    @Inject
    ClusterBus bus;
    @Inject
    LiveRegistry registry;
    @Inject
    HubAttestations attestations;
    @Inject
    RelayConfig config;
    @Inject
    Vertx vertx;

    private static final UUID NO_SID = new UUID(0, 0);

    private final Map<UUID, Owned> owned = new ConcurrentHashMap<>();
    private volatile long heartbeat = -1;

    /** One hub connection held here, with its subscription and the answer streams to other nodes' sessions. */
    private final class Owned {
        final LiveHub hub;
        final String epoch = UUID.randomUUID().toString();
        final Context context = vertx.getOrCreateContext();
        final Inlinks inlinks = new Inlinks();
        final Map<UUID, Outlink> answers = new ConcurrentHashMap<>();
        /**
         * Sessions another node opened on this hub connection. A command for any other sid is refused: it is the
         * retry of one sent to the hub's previous connection (its node died before acknowledging), which the hub may
         * already have run, so it must not reach the hub a second time.
         */
        final Set<UUID> opened = ConcurrentHashMap.newKeySet();
        volatile ClusterBus.Subscription subscription;
        /**
         * The connect attestation has a verdict. Until then the hub is not described to other nodes at all: a view
         * "online, untrusted" would read there as quarantined and close their sessions with 4007.
         */
        volatile boolean concluded;

        Owned(LiveHub hub) {
            this.hub = hub;
        }
    }

    boolean enabled() {
        return bus.enabled();
    }

    /** The hub connected here: listen for it and say so. */
    void attach(LiveHub hub) {
        if (!bus.enabled()) {
            return;
        }
        Owned mine = new Owned(hub);
        Owned previous = owned.put(hub.hubId(), mine);
        if (previous != null) {
            release(previous, false);
        }
        mine.subscription = bus.subscribe(bus.subjects().hub(hub.hubId()), message -> handle(mine, message));
        armHeartbeat();
    }

    /** The hub's connection here ended: stop listening, close its answer streams, tell the others it is offline. */
    void detach(LiveHub hub) {
        Owned mine = owned.get(hub.hubId());
        if (mine != null && mine.hub == hub && owned.remove(hub.hubId(), mine)) {
            release(mine, true);
        }
    }

    /** Attested (or quarantined), or its devices changed: the other nodes' views follow. */
    void changed(LiveHub hub) {
        Owned mine = owned.get(hub.hubId());
        if (mine != null && mine.hub == hub) {
            mine.concluded = true;
            publishView(mine, true);
        }
    }

    /** A device event the hub reported (already audited in the hub's chain), for sessions on other nodes. */
    void event(LiveHub hub, String device, String status) {
        Owned mine = owned.get(hub.hubId());
        if (mine != null && mine.hub == hub) {
            publish(mine, "event", ClusterFrames.bytes(ClusterFrames.object().put("device", device).put("status", status)));
        }
    }

    /**
     * A hub answer for a session not held here: carried to the session's node, which matches, redacts, audits and
     * forwards it. False when not in cluster mode (the caller answers {@code unknown_command}).
     */
    boolean answer(LiveHub hub, UUID sid, String commandId, ObjectNode raw, AuditKind kind, String outcome, boolean finishes) {
        Owned mine = sid == null ? null : owned.get(hub.hubId());
        if (mine == null || mine.hub != hub) {
            return false;
        }
        Outlink link = mine.answers.computeIfAbsent(sid, s -> new Outlink(bus, mine.context, bus.subjects().session(s),
                bus.nodeId() + "/" + hub.hubId() + "/" + mine.epoch + "/" + s, config.cluster().attemptTimeout(),
                config.cluster().giveUpAfter()));
        ObjectNode body = ClusterFrames.object().put("hubId", hub.hubId().toString()).put("id", commandId)
                .put("kind", kind.name()).put("outcome", outcome).put("finishes", finishes);
        body.set("raw", raw);
        link.send("answer", ClusterFrames.bytes(body), reply -> {
            if (!"ok".equals(reply)) {
                hub.outbox().send(OutboundFrames.error("unknown_command", "no live command of this hub has that id", commandId));
            }
        });
        return true;
    }

    private void handle(Owned mine, ClusterMessage message) {
        String kind = message.header("k");
        if ("view".equals(kind)) {
            reply(message, "ok", ClusterFrames.view(mine.hub, mine.epoch,
                    mine.concluded && registry.hub(mine.hub.hubId()) == mine.hub, bus.nodeId()));
            return;
        }
        switch (mine.inlinks.arrive(message)) {
            case REDELIVERED -> {
                reply(message, mine.inlinks.answerOf(message), null);   // done the first time: the same answer again
                return;
            }
            case STILL_RUNNING -> {
                return;   // e.g. an attestation under way: the sender asks again
            }
            case NEW -> { }
        }
        if (registry.hub(mine.hub.hubId()) != mine.hub) {
            reply(mine, message, "offline");
            return;
        }
        ObjectNode body = ClusterFrames.read(message.data());
        LiveHub hub = mine.hub;
        switch (kind == null ? "" : kind) {
            case "cmd" -> reply(mine, message, mine.opened.contains(Objects.requireNonNullElse(ClusterFrames.uuid(body, "sid"), NO_SID))
                    && hub.outbox().send(ClusterFrames.text(body, "frame")) ? "ok" : "offline");
            case "frame" -> reply(mine, message, hub.outbox().send(ClusterFrames.text(body, "frame")) ? "ok" : "offline");
            case "open" -> open(mine, message, hub, body);
            case "close" -> {
                UUID sid = ClusterFrames.uuid(body, "sid");
                // Answers already queued for it still drain; the stream itself is forgotten (it holds no timer).
                mine.answers.remove(sid);
                mine.opened.remove(sid);
                hub.outbox().send(OutboundFrames.sessionClose(String.valueOf(sid), ClusterFrames.text(body, "reason")));
                reply(mine, message, "ok");
            }
            case "closeHub" -> {
                hub.outbox().connection().close(new CloseReason(body.path("code").asInt(1000), ClusterFrames.text(body, "reason")))
                        .subscribe().with(v -> { }, e -> { });
                reply(mine, message, "ok");
            }
            default -> reply(mine, message, "unknown");
        }
    }

    /** Session open from another node: challenged here first when asked (session start), then the capability. */
    private void open(Owned mine, ClusterMessage message, LiveHub hub, ObjectNode body) {
        String sid = ClusterFrames.text(body, "sid");
        String capability = ClusterFrames.text(body, "capability");
        UUID session = ClusterFrames.uuid(body, "sid");
        if (!body.path("attest").asBoolean(false)) {
            boolean sent = hub.outbox().send(OutboundFrames.sessionOpen(sid, capability));
            if (sent && session != null) {
                mine.opened.add(session);
            }
            reply(mine, message, sent ? "passed" : "offline");
            return;
        }
        // Answered on the subscription's loop, where its redeliveries are judged too.
        attestations.challenge(hub).subscribe().with(verdict -> mine.context.runOnContext(v -> {
            if (registry.hub(hub.hubId()) != hub) {
                reply(mine, message, "offline");
            } else if (!verdict.passed()) {
                changed(hub);
                reply(mine, message, "failed");
            } else {
                hub.outbox().send(OutboundFrames.sessionOpen(sid, capability));
                if (session != null) {
                    mine.opened.add(session);
                }
                reply(mine, message, "passed");
            }
        }), failure -> mine.context.runOnContext(v -> reply(mine, message, "failed")));
    }

    private void reply(Owned mine, ClusterMessage message, String answer) {
        mine.inlinks.answered(message, answer);
        reply(message, answer, null);
    }

    private void reply(ClusterMessage message, String answer, byte[] data) {
        if (message.replyTo() == null) {
            return;
        }
        try {
            bus.reply(message, Map.of("r", answer), data == null ? new byte[0] : data);
        } catch (RuntimeException e) {
            LOG.debugf("cluster reply not sent: %s", e.getClass().getSimpleName());   // the sender retries
        }
    }

    private void publishView(Owned mine, boolean online) {
        publish(mine, "view", ClusterFrames.view(mine.hub, mine.epoch, online, bus.nodeId()));
    }

    private void publish(Owned mine, String kind, byte[] data) {
        try {
            bus.publish(bus.subjects().hub(mine.hub.hubId()) + ".out", Map.of("k", kind), data);
        } catch (RuntimeException e) {
            LOG.debugf("hub view not published: %s", e.getClass().getSimpleName());   // the heartbeat repeats it
        }
    }

    private void release(Owned mine, boolean offline) {
        ClusterBus.Subscription subscription = mine.subscription;
        if (subscription != null) {
            subscription.close();
        }
        mine.answers.values().forEach(Outlink::close);
        if (offline) {
            publishView(mine, false);
        }
    }

    /** Views are repeated, so a node that missed one (NATS restarted) catches up and a dead owner goes stale. */
    private void armHeartbeat() {
        if (heartbeat != -1) {
            return;
        }
        synchronized (this) {
            if (heartbeat == -1) {
                heartbeat = vertx.setPeriodic(config.cluster().viewInterval().toMillis(),
                        id -> owned.values().forEach(mine -> {
                            if (mine.concluded) {
                                publishView(mine, true);
                            }
                        }));
            }
        }
    }
}
