package io.chaperone.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.chaperone.audit.AuditKind;
import io.chaperone.audit.AuditRecord;
import io.chaperone.consent.Actor;
import io.chaperone.consent.SessionAction;
import io.chaperone.consent.SessionState;
import io.chaperone.consent.SessionTransitions;
import io.chaperone.consent.Transition;
import io.chaperone.ops.Meters;
import io.chaperone.policy.DenyReason;
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
    AuditBackpressure backpressure;
    @Inject
    RelayConfig config;
    @Inject
    HubAttestations attestations;
    @Inject
    HubCapabilities capabilities;
    @Inject
    Meters metrics;
    @Inject
    RelayChecks checks;
    @Inject
    SessionBudgets budgets;
    @Inject
    SessionAdmissions admissions;
    @Inject
    CommandGate gate;
    @Inject
    Delivery delivery;
    @Inject
    Clock clock;

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
        Uni<Void> hubKnown = delivery.attach(live);
        Uni<Boolean> activation = admission.state() == SessionState.active
                ? Uni.createFrom().item(true)
                : transitions.apply(grant.sessionId(), Transition.of(SessionAction.ACTIVATE), actor).replaceWith(true)
                        .onFailure().recoverWithItem(failure -> {
                            LOG.infof("activation refused for a session: %s", failure.getClass().getSimpleName());
                            return false;
                        });
        return hubKnown.chain(() -> activation).chain(activated -> admissions.recheck(grant.sessionId()).map(state -> {
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
        if (hub == null && delivery.hubOnline(live.hubId())) {
            startOnRemoteHub(live);
            return;
        }
        if (hub == null) {
            live.markReady();
            delivery.toTechnician(live, sessionFrame(live));
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
                delivery.openOnHub(hub.hubId(), live.sessionId(), capabilities.issue(live));
            }
            live.markReady();
            if (sameHub) {
                delivery.toTechnician(live, sessionFrame(live));
            }
        }, failure -> control.shutAndClose(live, CloseCodes.ATTESTATION_REASON));
    }

    /** The hub is held by another node: it is challenged there, and the session opens on it when it passes. */
    private void startOnRemoteHub(LiveSession live) {
        delivery.openAttested(live.hubId(), live.sessionId(), capabilities.issue(live)).subscribe().with(answer -> {
            if (!live.active()) {
                return;   // shut meanwhile: its session.close follows the open on the same stream
            }
            if ("failed".equals(answer)) {
                control.shutAndClose(live, CloseCodes.ATTESTATION_REASON);
                return;
            }
            live.markReady();
            delivery.toTechnician(live, sessionFrame(live));
            if (!"passed".equals(answer)) {
                control.hubLost(live);   // gone meanwhile: the hub-offline grace runs
            }
        }, failure -> control.shutAndClose(live, CloseCodes.ATTESTATION_REASON));
    }

    void closed(WebSocketConnection connection) {
        LiveSession live = connection.userData().get(RelayKeys.LIVE_SESSION);
        if (live == null || !registry.removeSession(live)) {
            return;
        }
        boolean technicianLeft = live.shut(CloseCodes.ENDED_REASON);
        control.cancelTimers(live);
        summariseDenials(connection, live, connection.userData().get(RelayKeys.DENIALS).drain());
        if (!technicianLeft && !SessionControl.leavesSessionApproved(live.shutReason())) {
            budgets.forget(live.sessionId()); // revoked, expired, ended, suspended: nothing left to reconnect to
        }
        if (technicianLeft || SessionControl.leavesSessionApproved(live.shutReason())) {
            if (technicianLeft) {
                delivery.closeOnHub(live.hubId(), live.sessionId(), "disconnected");
            }
            transitions.apply(live.sessionId(), Transition.of(SessionAction.DEACTIVATE),
                            Actor.technician(live.technicianSubject(), live.technicianId()))
                    .subscribe().with(v -> { }, e -> LOG.debugf("deactivation not recorded: %s",
                            e.getClass().getSimpleName()));
        }
        delivery.detach(live);   // after its session.close, on the same stream
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
        DenyReason refused = gate.technician(live, command, received);
        if (refused == DenyReason.DUPLICATE_ID) {
            delivery.toTechnician(live, OutboundFrames.error(refused.code(), "a command with this id is still running", command.id()));
        } else if (refused != null) {
            deny(connection, live, command, refused);
        }
        return Uni.createFrom().voidItem();
    }

    /**
     * A denied command: answered at once, audited (one row each up to the session's per-window bound, then counted
     * into a summary row) and counted towards the abuse limit, so a flood of denials closes the session with 1008.
     */
    private void deny(WebSocketConnection connection, LiveSession live, Command command, DenyReason reason) {
        live.finished(command.id());
        metrics.commandDenied(reason);
        delivery.toTechnician(live, OutboundFrames.denied(command.id(), reason.code(), reason.message(), reason.escalatable()));
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
        delivery.toTechnician(live, OutboundFrames.error(invalid.code(), invalid.message(), invalid.id()));
        strike(connection, live);
    }

    private void strike(WebSocketConnection connection, LiveSession live) {
        AbuseCounter abuse = connection.userData().get(RelayKeys.ABUSE);
        if (abuse.strike(clock.millis())) {
            metrics.abuseClosed();
            control.shutAndClose(live, CloseCodes.ABUSE_REASON);
        }
    }

    private static String actor(LiveSession live) {
        return live.technicianSubject();
    }

    /** The {@code session} frame: state, end, scope and the hub's devices as last reported. */
    String sessionFrame(LiveSession live) {
        SessionGrant grant = live.grant();
        HubView hub = delivery.hub(live.hubId());
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
