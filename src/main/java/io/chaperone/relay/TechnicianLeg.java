package io.chaperone.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chaperone.audit.AuditKind;
import io.chaperone.audit.AuditRecord;
import io.chaperone.audit.AuditWriter;
import io.chaperone.consent.Actor;
import io.chaperone.consent.SessionAction;
import io.chaperone.consent.SessionState;
import io.chaperone.consent.SessionTransitions;
import io.chaperone.consent.Transition;
import io.chaperone.ops.Meters;
import io.chaperone.policy.Decision;
import io.chaperone.policy.DenyReason;
import io.chaperone.policy.FramePolicy;
import io.chaperone.policy.Operation;
import io.chaperone.policy.SessionGrant;
import io.chaperone.protocol.CloseCodes;
import io.chaperone.protocol.Decoded;
import io.chaperone.protocol.FrameCodec;
import io.chaperone.protocol.InboundFrame.Command;
import io.chaperone.protocol.InboundFrame.DeviceInfo;
import io.chaperone.protocol.OutboundFrames;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;

/**
 * The technician's leg: opening a live session and the per-frame path of commands (ARCHITECTURE §6):
 * decode → policy (state, expiry, device, scope, rate) → C1 audit committed → forward, unless the
 * session was shut meanwhile. Runs on the connection's event loop; no database read, no blocking.
 */
@ApplicationScoped
public class TechnicianLeg {

    private static final Logger LOG = Logger.getLogger(TechnicianLeg.class);
    /** The outcome of the summary row of denials beyond the per-window bound (docs/audit.md). */
    static final String DENIED_AGGREGATED = "denied:aggregated";

    @Inject
    LiveRegistry registry;
    @Inject
    SessionControl control;
    @Inject
    SessionTransitions transitions;
    @Inject
    AuditWriter audit;
    @Inject
    AuditBackpressure backpressure;
    @Inject
    RelayConfig config;
    @Inject
    HubAttestations attestations;
    @Inject
    HubCapabilities capabilities;
    @Inject
    io.chaperone.trust.device.FirmwareUpdates updates;
    @Inject
    Meters metrics;
    @Inject
    RelayChecks checks;
    @Inject
    SessionBudgets budgets;
    @Inject
    SessionAdmissions admissions;
    @Inject
    Clock clock;
    @Inject
    SessionClosedAudit closedAudit;

    /**
     * Registers the live session first, then activates it and re-reads its durable state, and only then starts it:
     * a revoke that commits after the registration finds the live session (SessionClosing/SessionChanged), one that
     * committed before is seen by the re-read (docs/adr/0007). Frames arriving meanwhile are denied, not judged.
     */
    Uni<Void> opened(WebSocketConnection connection) {
        TechnicianAdmission admission = connection.userData().get(RelayKeys.ADMISSION);
        SessionGrant grant = admission.grant();
        Outbox outbox = new Outbox(connection, config.maxPendingSends(), metrics::slowConsumerClosed);
        SessionBudget budget = budgets.of(grant, System.nanoTime());
        LiveSession live = new LiveSession(grant, admission.homeId(), admission.residentSubject(), admission.technicianSubject(),
                outbox, budget.bucket());
        connection.userData().put(RelayKeys.ABUSE, budget.abuse());
        connection.userData().put(RelayKeys.DENIALS, budget.denials());
        if (!registry.putSession(live)) {
            return connection.close(CloseCodes.ABUSE_REASON);
        }
        connection.userData().put(RelayKeys.LIVE_SESSION, live);
        Actor actor = Actor.technician(admission.technicianSubject(), grant.technicianId());
        Uni<Boolean> activation = admission.state() == SessionState.active
                ? Uni.createFrom().item(true)
                : transitions.apply(grant.sessionId(), Transition.of(SessionAction.ACTIVATE), actor).replaceWith(true)
                        .onFailure().recoverWithItem(failure -> {
                            LOG.infof("activation refused for a session: %s", failure.getClass().getSimpleName());
                            return false;
                        });
        return activation.chain(activated -> admissions.recheck(grant.sessionId()).map(state -> {
            if (activated && state == SessionState.active && live.active()) {
                start(live);
            } else {
                control.shutAndClose(live, SessionControl.closeReasonFor(state));
            }
            return null;
        })).onFailure().invoke(failure -> {
            LOG.infof("session state not re-read at open: %s", failure.getClass().getSimpleName());
            // Not known to be closed, so the session may stay approved (4005 lets the technician reconnect).
            control.shutAndClose(live, CloseCodes.AUDIT_REASON);
        }).onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Activated and re-read: the timers run, and the session opens once the hub (if online) re-attested. */
    private void start(LiveSession live) {
        control.startTimers(live);
        LiveHub hub = registry.hub(live.hubId());
        if (hub == null) {
            live.markReady();
            live.technician().send(sessionFrame(live));
            control.hubLost(live);
            return;
        }
        // Every session start re-attests the hub; the session opens on it only when the evidence passes.
        attestations.challenge(hub).subscribe().with(verdict -> {
            if (!live.active()) {
                return;   // shut meanwhile (a revoke, the technician left): the hub gets no session.open
            }
            if (!verdict.passed()) {
                control.shutAndClose(live, CloseCodes.ATTESTATION_REASON);
                return;
            }
            // A hub superseded meanwhile opens its live sessions after its own connect attestation (HubLeg).
            boolean sameHub = registry.hub(live.hubId()) == hub;
            if (sameHub) {
                hub.outbox().send(OutboundFrames.sessionOpen(live.sessionId().toString(), capabilities.issue(live)));
            }
            live.markReady();
            if (sameHub) {
                live.technician().send(sessionFrame(live));
            }
        }, failure -> control.shutAndClose(live, CloseCodes.ATTESTATION_REASON));
    }

    void closed(WebSocketConnection connection, io.quarkus.websockets.next.CloseReason received) {
        LiveSession live = connection.userData().get(RelayKeys.LIVE_SESSION);
        if (live == null || !registry.removeSession(live)) {
            return;
        }
        io.quarkus.websockets.next.CloseReason shut = live.shutReason();
        boolean technicianLeft = live.shut(CloseCodes.ENDED_REASON);
        closedAudit.closed(live, technicianLeft ? null : shut, received);
        control.cancelTimers(live);
        summariseDenials(connection, live, connection.userData().get(RelayKeys.DENIALS).drain());
        if (!technicianLeft && !SessionControl.leavesSessionApproved(live.shutReason())) {
            budgets.forget(live.sessionId()); // revoked, expired, ended, suspended: nothing left to reconnect to
        }
        if (technicianLeft || SessionControl.leavesSessionApproved(live.shutReason())) {
            LiveHub hub = registry.hub(live.hubId());
            if (hub != null && technicianLeft) {
                hub.outbox().send(OutboundFrames.sessionClose(live.sessionId().toString(), "disconnected"));
            }
            transitions.apply(live.sessionId(), Transition.of(SessionAction.DEACTIVATE),
                            Actor.technician(live.technicianSubject(), live.technicianId()))
                    .subscribe().with(v -> { }, e -> LOG.debugf("deactivation not recorded: %s",
                            e.getClass().getSimpleName()));
        }
    }

    /** One technician frame. Completes at once; the forward happens when the audit record commits. */
    Uni<Void> frame(WebSocketConnection connection, String text) {
        long received = System.nanoTime();
        LiveSession live = connection.userData().get(RelayKeys.LIVE_SESSION);
        if (live == null) {
            return Uni.createFrom().voidItem();
        }
        Decoded<Command> decoded = FrameCodec.decodeTechnician(text);
        if (decoded instanceof Decoded.Invalid<Command> invalid) {
            invalid(connection, live, invalid);
            return Uni.createFrom().voidItem();
        }
        Command command = ((Decoded.Valid<Command>) decoded).frame();
        // Reserved as it is judged, before the C1 enqueue: a second frame with this id is refused even while the
        // first one's audit record is still committing.
        if (!live.reserve(command.id())) {
            live.technician().send(OutboundFrames.error("duplicate_id", "a command with this id is still running", command.id()));
            return Uni.createFrom().voidItem();
        }
        LiveHub hub = registry.hub(live.hubId());
        Operation op = Operation.fromWire(command.op()).orElse(null);
        Decision decision = judge(live, hub, command, op);
        if (decision.allowed() && hub == null) {
            decision = DenyReason.HUB_OFFLINE.decision();
        } else if (decision.allowed() && !hub.trusted()) {
            decision = DenyReason.HUB_QUARANTINED.decision();
        } else if (decision.allowed() && op == Operation.FIRMWARE_UPDATE) {
            DenyReason refused = updateRefusal(hub.device(command.device()), command.args());
            decision = refused == null ? decision : refused.decision();
        }
        if (decision.allowed() && checks.policy()) {
            decision = FramePolicy.rate(live.bucket(), received);   // last: a refused command spends no token
        }
        if (decision instanceof Decision.Deny deny) {
            deny(connection, live, command, deny.reason());
            return Uni.createFrom().voidItem();
        }
        if (!checks.audit()) {
            forward(live, command, received);
            return Uni.createFrom().voidItem();
        }
        AuditRecord record = new AuditRecord(live.sessionId(), live.homeId(), clock.instant(), actor(live),
                AuditKind.COMMAND, command.device(), command.op(), "allowed", command.id(),
                argumentsDetail(live, command));
        audit.commit(record).subscribe().with(
                seq -> forward(live, command, received),
                failure -> abandon(live, command, DenyReason.AUDIT_UNAVAILABLE));
        return Uni.createFrom().voidItem();
    }

    /**
     * What the audit keeps of a command: its arguments, redacted like hub data (a tagged value the resident did
     * not reveal becomes a marker), sealed by the writer under the session's key. The hub gets them unredacted.
     */
    private static String argumentsDetail(LiveSession live, Command command) {
        if (command.args() == null) {
            return null;
        }
        ObjectNode detail = JsonNodeFactory.instance.objectNode();
        detail.set("args", live.grant().redactor().redact(command.args()));
        return OutboundFrames.write(detail);
    }

    /** Nothing is judged before the session started (activated, re-read, attested): until then it is not active. */
    private Decision judge(LiveSession live, LiveHub hub, Command command, Operation op) {
        if (!live.ready()) {
            return DenyReason.SESSION_NOT_ACTIVE.decision();
        }
        if (!checks.policy()) {
            return Decision.ALLOW;
        }
        boolean deviceKnown = hub == null || hub.knows(command.device());
        return FramePolicy.judgeWithoutRate(live.grant(), live.active(), clock.millis(), command.device(), op, deviceKnown);
    }

    private void forward(LiveSession live, Command command, long received) {
        LiveHub hub = registry.hub(live.hubId());
        String sid = live.sessionId().toString();
        boolean sent = hub != null && live.forwardIfOpen(command.id(), seq -> hub.outbox().send(
                OutboundFrames.command(sid, command.id(), seq, command.device(), command.op(), command.args())));
        if (sent) {
            metrics.commandForwarded(received);
            return;
        }
        abandon(live, command, hub == null ? DenyReason.HUB_OFFLINE : reasonWhenShut(live));
    }

    /** The command was audited as allowed but is not forwarded: tell the technician and record why. */
    private void abandon(LiveSession live, Command command, DenyReason reason) {
        live.finished(command.id());
        metrics.commandDenied(reason);
        live.technician().send(OutboundFrames.denied(command.id(), reason.code(), reason.message(), false));
        backpressure.offer(live.technician().connection(), new AuditRecord(live.sessionId(), live.homeId(),
                clock.instant(), actor(live), AuditKind.COMMAND_ABANDONED, command.device(), command.op(),
                "denied:" + reason.code(), command.id(), null));
    }

    /**
     * A denied command: answered at once, audited (one row each up to the session's per-window bound, then counted
     * into a summary row) and counted towards the abuse limit, so a flood of denials closes the session with 1008.
     */
    private void deny(WebSocketConnection connection, LiveSession live, Command command, DenyReason reason) {
        live.finished(command.id());
        metrics.commandDenied(reason);
        live.technician().send(OutboundFrames.denied(command.id(), reason.code(), reason.message(), reason.escalatable()));
        DenialLog denials = connection.userData().get(RelayKeys.DENIALS);
        summariseDenials(connection, live, denials.rollOver(clock.millis()));
        if (denials.ownRow()) {
            backpressure.offer(connection, new AuditRecord(live.sessionId(), live.homeId(), clock.instant(), actor(live),
                    AuditKind.COMMAND_DENIED, command.device(), command.op(), "denied:" + reason.code(), command.id(), null));
        }
        strike(connection, live);
    }

    /** One {@code command.denied} row for {@code count} denials that got no row of their own. */
    private void summariseDenials(WebSocketConnection connection, LiveSession live, int count) {
        if (count > 0) {
            backpressure.offer(connection, new AuditRecord(live.sessionId(), live.homeId(), clock.instant(), actor(live),
                    AuditKind.COMMAND_DENIED, null, null, DENIED_AGGREGATED, null, "{\"count\":" + count + "}"));
        }
    }

    private void invalid(WebSocketConnection connection, LiveSession live, Decoded.Invalid<Command> invalid) {
        metrics.invalidFrame();
        live.technician().send(OutboundFrames.error(invalid.code(), invalid.message(), invalid.id()));
        strike(connection, live);
    }

    private void strike(WebSocketConnection connection, LiveSession live) {
        AbuseCounter abuse = connection.userData().get(RelayKeys.ABUSE);
        if (abuse.strike(clock.millis())) {
            metrics.abuseClosed();
            control.shutAndClose(live, CloseCodes.ABUSE_REASON);
        }
    }

    /** Signed updates only (docs/device-trust.md): checked against the in-memory vendor keys, before the audit. */
    private DenyReason updateRefusal(DeviceInfo device, com.fasterxml.jackson.databind.node.ObjectNode args) {
        if (device == null) {
            return DenyReason.DEVICE_UNKNOWN;
        }
        return updates.judge(device.model(), device.firmware(), textArg(args, "artifactSha256"), textArg(args, "version"),
                textArg(args, "signature"));
    }

    private static String textArg(com.fasterxml.jackson.databind.node.ObjectNode args, String name) {
        JsonNode value = args == null ? null : args.get(name);
        return value != null && value.isTextual() ? value.textValue() : null;
    }

    private static DenyReason reasonWhenShut(LiveSession live) {
        return live.shutReason() != null && live.shutReason().getCode() == CloseCodes.SESSION_EXPIRED
                ? DenyReason.EXPIRED : DenyReason.SESSION_NOT_ACTIVE;
    }

    private static String actor(LiveSession live) {
        return live.technicianSubject();
    }

    /** The {@code session} frame: state, end, scope and the hub's devices as last reported. */
    String sessionFrame(LiveSession live) {
        SessionGrant grant = live.grant();
        LiveHub hub = registry.hub(live.hubId());
        ArrayNode devices = JsonNodeFactory.instance.arrayNode();
        if (hub != null) {
            for (DeviceInfo device : hub.devices()) {
                devices.addObject().put("id", device.id()).put("kind", device.kind()).put("status", device.status());
            }
        }
        JsonNode scope = FrameJson.tree(grant.scope());
        return OutboundFrames.session(live.sessionId().toString(), "active", grant.expiresAt(), scope, devices, hub != null);
    }
}
