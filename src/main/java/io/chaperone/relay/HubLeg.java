package io.chaperone.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chaperone.audit.AuditKind;
import io.chaperone.audit.AuditRecord;
import io.chaperone.cluster.HubLease;
import io.chaperone.cluster.HubPresence;
import io.chaperone.home.HubDirectory;
import io.chaperone.ops.Meters;
import io.chaperone.policy.Redactor;
import io.chaperone.protocol.CloseCodes;
import io.chaperone.protocol.Decoded;
import io.chaperone.protocol.FrameCodec;
import io.chaperone.protocol.InboundFrame;
import io.chaperone.protocol.InboundFrame.DeviceEvent;
import io.chaperone.protocol.InboundFrame.Inventory;
import io.chaperone.protocol.InboundFrame.Output;
import io.chaperone.protocol.InboundFrame.Result;
import io.chaperone.protocol.OutboundFrames;
import io.chaperone.trust.device.HubAdmission;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.UUID;

/**
 * The hub's leg: presence, inventory, and the hub → technician path: match a result or output to a
 * live command of this hub's session → redact what the resident did not reveal → C2 audit (with
 * backpressure) → forward. A hub can only answer for sessions on itself.
 */
@ApplicationScoped
public class HubLeg {

    private static final Logger LOG = Logger.getLogger(HubLeg.class);
    /** The {@code error} code of an inventory from a hub that has not passed attestation on this connection. */
    static final String NOT_ATTESTED = "not_attested";

    @Inject
    LiveRegistry registry;
    @Inject
    SessionControl control;
    @Inject
    TechnicianLeg technicians;
    @Inject
    HubDirectory directory;
    @Inject
    HubAttestations attestations;
    @Inject
    HubCapabilities capabilities;
    @Inject
    AuditBackpressure backpressure;
    @Inject
    RelayConfig config;
    @Inject
    Meters metrics;
    @Inject
    RelayChecks checks;
    @Inject
    HubCertificateExpiry certificateExpiry;
    @Inject
    HubPresence presence;
    @Inject
    Clock clock;

    Uni<Void> opened(WebSocketConnection connection) {
        HubAdmission.AdmittedHub admitted = connection.userData().get(RelayKeys.ADMITTED_HUB);
        UUID hubId = admitted.hubId();
        UUID homeId = admitted.homeId();
        Outbox outbox = new Outbox(connection, config.maxPendingHubSends(), metrics::slowConsumerClosed);
        LiveHub hub = new LiveHub(admitted, outbox);
        connection.userData().put(RelayKeys.LIVE_HUB, hub);
        connection.userData().put(RelayKeys.ABUSE, new AbuseCounter(config.abuseLimit(), config.abuseWindow().toMillis()));
        LiveHub superseded = registry.putHub(hub);
        // This node now holds the hub (cluster: a lease row); a newer connection on another node makes this one stale.
        connection.userData().put(RelayKeys.PRESENCE, presence.claim(hubId,
                () -> connection.close(CloseCodes.SUPERSEDED_REASON).subscribe().with(v -> { }, e -> { })));
        certificateExpiry.watch(hub);
        if (superseded != null) {
            superseded.outbox().connection().close(CloseCodes.SUPERSEDED_REASON).subscribe().with(v -> { }, e -> { });
        }
        // Nothing the hub says is trusted before its evidence is appraised: welcome (and sessions) follow the verdict.
        attestations.challenge(hub).subscribe().with(verdict -> attested(hub, verdict.passed()), e -> attested(hub, false));
        backpressure.offer(connection, AuditRecord.of(hubId, homeId, clock.instant(), hubActor(hubId), AuditKind.HUB_CONNECTED));
        return directory.markOnline(hubId, true, clock.instant())
                .onFailure().invoke(e -> LOG.warnf("hub presence not recorded: %s", e.getClass().getSimpleName()))
                .onFailure().recoverWithNull();
    }

    /** After the connect attestation: a trusted hub gets its live sessions back; a quarantined one loses them. */
    private void attested(LiveHub hub, boolean trusted) {
        if (registry.hub(hub.hubId()) != hub) {
            return; // superseded meanwhile
        }
        hub.outbox().send(OutboundFrames.welcome(hub.hubId().toString(), trusted));
        for (LiveSession live : registry.sessionsOfHub(hub.hubId())) {
            if (trusted) {
                hub.outbox().send(OutboundFrames.sessionOpen(live.sessionId().toString(), capabilities.issue(live)));
                live.technician().send(technicians.sessionFrame(live));
            } else {
                control.shutAndClose(live, CloseCodes.ATTESTATION_REASON);
            }
        }
    }

    void closed(WebSocketConnection connection) {
        HubLease lease = connection.userData().get(RelayKeys.PRESENCE);
        if (lease != null) {
            lease.release();
        }
        LiveHub hub = connection.userData().get(RelayKeys.LIVE_HUB);
        if (hub != null) {
            certificateExpiry.forget(hub);
        }
        if (hub == null || !registry.removeHub(hub)) {
            return;
        }
        AuditRecord gone = AuditRecord.of(hub.hubId(), hub.homeId(), clock.instant(), hubActor(hub.hubId()),
                AuditKind.HUB_DISCONNECTED);
        backpressure.offer(connection, gone);
        for (LiveSession live : registry.sessionsOfHub(hub.hubId())) {
            live.technician().send(technicians.sessionFrame(live));
            control.hubLost(live);
        }
        directory.markOnline(hub.hubId(), false, clock.instant()).subscribe()
                .with(v -> { }, e -> LOG.warnf("hub presence not recorded: %s", e.getClass().getSimpleName()));
    }

    Uni<Void> frame(WebSocketConnection connection, String text) {
        LiveHub hub = connection.userData().get(RelayKeys.LIVE_HUB);
        if (hub == null) {
            return Uni.createFrom().voidItem();
        }
        Decoded<InboundFrame> decoded = FrameCodec.decodeHub(text);
        if (decoded instanceof Decoded.Invalid<InboundFrame> invalid) {
            strike(connection, hub, invalid.code(), invalid.message(), invalid.id());
            return Uni.createFrom().voidItem();
        }
        InboundFrame frame = ((Decoded.Valid<InboundFrame>) decoded).frame();
        return switch (frame) {
            case Inventory inventory -> inventory(hub, inventory);
            case Result result -> {
                relay(connection, hub, result.sid(), result.id(), result.raw(), AuditKind.RESULT,
                        result.ok() ? "ok" : "failed", true);
                yield Uni.createFrom().voidItem();
            }
            case Output output -> {
                relay(connection, hub, output.sid(), output.id(), output.raw(), AuditKind.OUTPUT, "chunk", false);
                yield Uni.createFrom().voidItem();
            }
            case DeviceEvent event -> {
                event(connection, hub, event);
                yield Uni.createFrom().voidItem();
            }
            case InboundFrame.Evidence evidence -> {
                attestations.evidence(hub, evidence, () -> attested(hub, false));
                yield Uni.createFrom().voidItem();
            }
            case InboundFrame.Command command -> Uni.createFrom().voidItem();
        };
    }

    private Uni<Void> inventory(LiveHub hub, Inventory inventory) {
        if (!hub.trusted()) {
            // Only an attested hub describes the home: before the verdict, or quarantined, the last attested inventory stays.
            hub.outbox().send(OutboundFrames.error(NOT_ATTESTED, "inventory is accepted only after a passed attestation", null));
            return Uni.createFrom().voidItem();
        }
        hub.replaceDevices(inventory.devices());
        for (LiveSession live : registry.sessionsOfHub(hub.hubId())) {
            live.technician().send(technicians.sessionFrame(live));
        }
        return directory.replaceInventory(hub.hubId(), inventory.devices().stream()
                        .map(d -> new io.chaperone.home.DeviceInfo(d.id(), d.kind(), d.model(), d.firmware(), d.status()))
                        .toList())
                .onFailure().invoke(e -> LOG.warnf("inventory not stored: %s", e.getClass().getSimpleName()))
                .onFailure().recoverWithNull();
    }

    private void relay(WebSocketConnection connection, LiveHub hub, String sid, String commandId, ObjectNode raw,
                       AuditKind kind, String outcome, boolean finishes) {
        LiveSession live = session(sid);
        if (live == null || !live.hubId().equals(hub.hubId()) || !live.awaits(commandId)) {
            // Late answers after a technician left are normal: answer, but do not count them as abuse.
            metrics.invalidFrame();
            hub.outbox().send(OutboundFrames.error("unknown_command", "no live command of this hub has that id", commandId));
            return;
        }
        // The decoded frame holds only its documented members and is this callback's own tree: redact it in place.
        ObjectNode forwarded = raw;
        if (checks.policy()) {
            Redactor redactor = live.grant().redactor();
            for (String field : FrameCodec.RESULT_CONTENT) {
                redactField(redactor, forwarded, field);
            }
            if (forwarded.get("chunk") instanceof JsonNode chunk && chunk.isTextual()) {
                forwarded.put("chunk", redactor.redactChunk(chunk.textValue()));
            }
        }
        forwarded.remove("sid");
        String frame = OutboundFrames.write(forwarded);
        if (finishes) {
            live.finished(commandId);
        }
        if (!checks.audit()) {
            live.technician().send(frame);
            metrics.hubFrameRelayed();
            return;
        }
        forwarded.remove("type");
        forwarded.remove("id");
        // What the audit keeps: the redacted content the technician sees, without type and id (the row has them).
        AuditRecord record = new AuditRecord(live.sessionId(), live.homeId(), clock.instant(), hubActor(hub.hubId()),
                kind, null, null, outcome, commandId, OutboundFrames.write(forwarded));
        backpressure.offer(connection, record, () -> {
            if (live.active()) {
                live.technician().send(frame);
                metrics.hubFrameRelayed();
            }
        });
    }

    private void event(WebSocketConnection connection, LiveHub hub, DeviceEvent event) {
        hub.updateStatus(event.device(), event.status());
        AuditRecord record = new AuditRecord(hub.hubId(), hub.homeId(), clock.instant(), hubActor(hub.hubId()),
                AuditKind.DEVICE_EVENT, event.device(), null, event.status(), null, null);
        String frame = OutboundFrames.write(OutboundFrames.frame("event").put("device", event.device())
                .put("status", event.status()));
        backpressure.offer(connection, record, () -> {
            for (LiveSession live : registry.sessionsOfHub(hub.hubId())) {
                if (live.active() && live.grant().scope().devices().contains(event.device())) {
                    live.technician().send(frame);
                }
            }
        });
    }

    private void strike(WebSocketConnection connection, LiveHub hub, String code, String message, String id) {
        metrics.invalidFrame();
        hub.outbox().send(OutboundFrames.error(code, message, id));
        AbuseCounter abuse = connection.userData().get(RelayKeys.ABUSE);
        if (abuse != null && abuse.strike(clock.millis())) {
            metrics.abuseClosed();
            connection.close(CloseCodes.ABUSE_REASON).subscribe().with(v -> { }, e -> { });
        }
    }

    private LiveSession session(String sid) {
        try {
            return registry.session(UUID.fromString(sid));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void redactField(Redactor redactor, ObjectNode frame, String field) {
        JsonNode value = frame.get(field);
        if (value != null && !value.isNull()) {
            frame.set(field, redactor.redact(value));
        }
    }

    static String hubActor(UUID hubId) {
        return "hub:" + hubId;
    }
}
