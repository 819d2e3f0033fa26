package io.chaperone.relay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chaperone.cluster.ClusterBus;
import io.chaperone.cluster.ClusterMessage;
import io.chaperone.protocol.CloseCodes;
import io.chaperone.protocol.OutboundFrames;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A technician's node's view of hubs held by other nodes (docs/adr/0015): while a session of hub H is live here,
 * this node listens on H's {@code .out} subject, where H's node repeats its view (trust, devices) and sends device
 * events. A view not repeated within three intervals is stale: the hub counts as offline (its node died). Changes
 * reach the sessions here as they would from a local hub: back online → attested and re-opened on it, offline →
 * {@code session} frame and the hub-offline grace, quarantined → 4007, devices → {@code session} frame.
 */
@ApplicationScoped
public class RemoteHubs {

    @Inject
    ClusterBus bus;
    @Inject
    LiveRegistry registry;
    @Inject
    SessionControl control;
    @Inject
    TechnicianLeg technicians;
    @Inject
    HubCapabilities capabilities;
    @Inject
    ClusterDelivery delivery;
    @Inject
    RelayConfig config;
    @Inject
    Vertx vertx;

    private final Map<UUID, Watch> watches = new ConcurrentHashMap<>();
    private volatile long staleTimer = -1;

    private final class Watch {
        final UUID hubId;
        volatile RemoteHub view;
        int users;
        ClusterBus.Subscription subscription;

        Watch(UUID hubId) {
            this.hubId = hubId;
        }
    }

    /** The hub as its node last described it, or null (unknown, offline, or not heard of for too long). */
    RemoteHub view(UUID hubId) {
        Watch watch = watches.get(hubId);
        RemoteHub view = watch == null ? null : watch.view;
        return view != null && fresh(view) ? view : null;
    }

    /** A session of {@code hubId} is live here: listen to the hub's node; completes once its first answer is in. */
    Uni<Void> acquire(UUID hubId) {
        Watch watch = watches.compute(hubId, (id, w) -> {
            Watch next = w == null ? new Watch(id) : w;
            synchronized (next) {
                next.users++;
                if (next.subscription == null) {
                    next.subscription = bus.subscribe(bus.subjects().hub(id) + ".out", message -> out(next, message));
                }
            }
            return next;
        });
        armStaleCheck();
        return bus.request(bus.subjects().hub(hubId), Map.of("k", "view"), new byte[0], config.cluster().attemptTimeout())
                .invoke(reply -> apply(watch, ClusterFrames.read(reply.data())))
                .onFailure().invoke(failure -> apply(watch, null))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    void release(UUID hubId) {
        watches.computeIfPresent(hubId, (id, w) -> {
            synchronized (w) {
                if (--w.users > 0) {
                    return w;
                }
                if (w.subscription != null) {
                    w.subscription.close();
                }
                return null;
            }
        });
    }

    private void out(Watch watch, ClusterMessage message) {
        ObjectNode body = ClusterFrames.read(message.data());
        if ("event".equals(message.header("k"))) {
            event(watch.hubId, ClusterFrames.text(body, "device"), ClusterFrames.text(body, "status"));
        } else {
            apply(watch, body);
        }
    }

    private void event(UUID hubId, String device, String status) {
        String frame = OutboundFrames.write(OutboundFrames.frame("event").put("device", device).put("status", status));
        for (LiveSession live : registry.sessionsOfHub(hubId)) {
            if (live.active() && live.grant().scope().devices().contains(device)) {
                delivery.toTechnician(live, frame);
            }
        }
    }

    /** A view (or null: offline) arrived: keep it and tell the sessions here what changed. */
    private void apply(Watch watch, ObjectNode body) {
        // Our own hub's views: its leg here keeps its sessions; only a hub on another node is a remote hub.
        boolean ours = body != null && bus.nodeId().equals(ClusterFrames.text(body, "node"));
        RemoteHub next = body == null || ours || !body.path("online").asBoolean(false) ? null
                : RemoteHub.of(watch.hubId, ClusterFrames.uuid(body, "homeId"), body.path("trusted").asBoolean(false),
                ClusterFrames.text(body, "epoch"), ClusterFrames.devices(body), System.currentTimeMillis());
        RemoteHub before;
        synchronized (watch) {
            before = watch.view != null && fresh(watch.view) ? watch.view : null;
            watch.view = next;
        }
        react(watch.hubId, before, next);
    }

    private void react(UUID hubId, RemoteHub before, RemoteHub now) {
        if (before == null && now == null) {
            return;
        }
        if (registry.hub(hubId) != null) {
            return;   // the hub is connected here: its own leg keeps its sessions (HubLeg)
        }
        boolean reconnected = now != null && (before == null || !Objects.equals(before.epoch(), now.epoch()));
        for (LiveSession live : registry.sessionsOfHub(hubId)) {
            if (!live.ready()) {
                continue;   // still starting: its own start opens it on the hub
            }
            if (now == null) {
                delivery.toTechnician(live, technicians.sessionFrame(live));
                control.hubLost(live);
            } else if (!now.trusted() && (before == null || before.trusted() || reconnected)) {
                control.shutAndClose(live, CloseCodes.ATTESTATION_REASON);
            } else if (reconnected) {
                reopen(live);
            } else if (!before.byId().equals(now.byId())) {
                delivery.toTechnician(live, technicians.sessionFrame(live));
            }
        }
    }

    /** The hub came back on some node: attest it there, open the session on it again, tell the technician. */
    private void reopen(LiveSession live) {
        delivery.openAttested(live.hubId(), live.sessionId(), capabilities.issue(live)).subscribe().with(answer -> {
            if (!live.active()) {
                return;
            }
            if ("passed".equals(answer)) {
                delivery.toTechnician(live, technicians.sessionFrame(live));
            } else if ("failed".equals(answer)) {
                control.shutAndClose(live, CloseCodes.ATTESTATION_REASON);
            }
        }, failure -> { });
    }

    private boolean fresh(RemoteHub view) {
        return System.currentTimeMillis() - view.seenAt() <= 3 * config.cluster().viewInterval().toMillis();
    }

    /** A hub's node that died says nothing: its view goes stale, and the sessions here learn the hub is offline. */
    private void armStaleCheck() {
        if (staleTimer != -1) {
            return;
        }
        synchronized (this) {
            if (staleTimer == -1) {
                staleTimer = vertx.setPeriodic(config.cluster().viewInterval().toMillis(), id -> watches.values().forEach(w -> {
                    RemoteHub view = w.view;
                    if (view != null && !fresh(view)) {
                        synchronized (w) {
                            if (w.view == view) {
                                w.view = null;
                            }
                        }
                        react(w.hubId, view, null);
                    }
                }));
            }
        }
    }
}
