package io.chaperone.relay;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chaperone.anomaly.AnomalyWatch;
import io.chaperone.audit.AuditKind;
import io.chaperone.audit.AuditRecord;
import io.chaperone.audit.AuditWriter;
import io.chaperone.ops.Meters;
import io.chaperone.policy.CommandFacts;
import io.chaperone.policy.Decision;
import io.chaperone.policy.DenyReason;
import io.chaperone.policy.FramePolicy;
import io.chaperone.policy.Operation;
import io.chaperone.policy.Redactor;
import io.chaperone.protocol.CloseCodes;
import io.chaperone.protocol.InboundFrame.Command;
import io.chaperone.protocol.InboundFrame.DeviceInfo;
import io.chaperone.protocol.OutboundFrames;
import io.chaperone.trust.device.FirmwareUpdates;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.UUID;

/**
 * The one gate every command passes on its way to a hub, a technician's or the gateway's own: duplicate id →
 * {@link FramePolicy#judgeCommand} (state, expiry, device, scope, hub online, quarantine, firmware signature, rate)
 * → C1 audit record committed → forward through {@link Delivery}. Nothing else in the relay sends a {@code cmd}.
 * Everything it reads is in memory (the live session, the hub's view); it never blocks the event loop.
 */
@ApplicationScoped
public class CommandGate {

    @Inject
    Delivery delivery;
    @Inject
    AuditWriter audit;
    @Inject
    AuditBackpressure backpressure;
    @Inject
    FirmwareUpdates updates;
    @Inject
    RelayChecks checks;
    @Inject
    SystemCommands systemCommands;
    @Inject
    Meters metrics;
    @Inject
    Clock clock;
    @Inject
    AnomalyWatch anomalies;

    /**
     * Sends a command as the gateway (a system actor), for a session that may have ended: the rollback of a config
     * change, the read-back of changed settings at the session's end. Public entry for other features.
     *
     * <p>Judged like a technician's command except for the technician's consent limits (session state, expiry,
     * scope, rate): a system command carries its caller's authority, so <b>the caller must have authorised it</b>
     * (e.g. the resident asked for this rollback). The hub checks hold: the hub must be online and attested, the
     * device in its inventory, a firmware update signed by the model's vendor; the id must not be running already
     * in this session. Then its C1 {@code command} record (actor {@link SystemCommand#actor()}, outcome
     * {@code allowed}) is committed in the session's chain before it leaves; a refusal is recorded as
     * {@code command.denied} (C2, lossless, like a technician's). It runs in a hub session of its own (a fresh {@code sid} with a capability for
     * exactly this device and operation, closed after the answer), so it never widens or closes a technician's
     * session on the hub; its result is recorded in the session's chain like a technician's (redacted, C2).
     *
     * @return completes with {@link CommandOutcome.Answered} (the hub's result), {@link CommandOutcome.Unanswered}
     *         (forwarded, no answer within {@code chaperone.relay.system-command-timeout}) or
     *         {@link CommandOutcome.Denied} with the reason ({@code audit_unavailable} when the record could not be
     *         committed; then it was never forwarded). Never fails. Nothing happens until it is subscribed; the id is
     *         reserved at subscription.
     */
    public Uni<CommandOutcome> system(SystemCommand command) {
        return Uni.createFrom().deferred(() -> judgeSystem(command));
    }

    private Uni<CommandOutcome> judgeSystem(SystemCommand command) {
        Operation op = Operation.fromWire(command.op()).orElse(null);
        if (!systemCommands.reserve(command.sessionId(), command.id())) {
            return Uni.createFrom().item(new CommandOutcome.Denied(command.id(), DenyReason.DUPLICATE_ID));
        }
        // No live session may have told this node of the hub (a rollback after the session, on any node): learn it.
        return delivery.acquireHub(command.hubId()).chain(() -> judgeKnownHub(command, op))
                .onTermination().invoke(() -> delivery.releaseHub(command.hubId()));
    }

    private Uni<CommandOutcome> judgeKnownHub(SystemCommand command, Operation op) {
        HubView hub = delivery.hub(command.hubId());
        Decision decision = FramePolicy.judgeCommand(facts(null, false, hub, command.device(), op, command.args()),
                updates, null, 0);
        if (decision instanceof Decision.Deny deny) {
            systemCommands.release(command.sessionId(), command.id());
            metrics.commandDenied(deny.reason());
            AuditRecord denied = new AuditRecord(command.sessionId(), command.homeId(), clock.instant(), command.actor(),
                    AuditKind.COMMAND_DENIED, command.device(), command.op(), "denied:" + deny.reason().code(),
                    command.id(), null);
            systemCommands.offerEventually(denied);
            return Uni.createFrom().item(new CommandOutcome.Denied(command.id(), deny.reason()));
        }
        return systemCommands.run(command, op);
    }

    /**
     * A technician's command on its live session. Returns null when it was accepted (its audit record commits and
     * it is forwarded, or abandoned with a {@code denied} frame, asynchronously), else why it was refused at once;
     * the technician's leg answers, audits and counts a refusal.
     */
    DenyReason technician(LiveSession live, Command command, long receivedNanos) {
        // Reserved as it is judged, before the C1 enqueue: a second frame with this id is refused even while the
        // first one's audit record is still committing.
        if (!live.reserve(command.id())) {
            return DenyReason.DUPLICATE_ID;
        }
        Operation op = Operation.fromWire(command.op()).orElse(null);
        Decision decision;
        if (!live.ready()) {
            decision = DenyReason.SESSION_NOT_ACTIVE.decision();
        } else if (!checks.policy()) {
            decision = Decision.ALLOW;
        } else {
            HubView hub = delivery.hub(live.hubId());
            decision = FramePolicy.judgeCommand(facts(live, live.ready(), hub, command.device(), op, command.args()),
                    updates, live.bucket(), receivedNanos);
        }
        boolean denied = decision instanceof Decision.Deny;
        // The anomaly counters see every judged command, allowed or denied: in memory, O(1), no I/O. The template's
        // expected rate is what the grant's limit was derived from (RateLimit.forExpectedRate: 2 x expected).
        anomalies.command(live.sessionId(), live.homeId(), live.grant().rate().perMinute() / 2, denied, op,
                deviceKind(live.hubId(), command.device()));
        if (decision instanceof Decision.Deny deny) {
            live.finished(command.id());
            return deny.reason();
        }
        if (!checks.audit()) {
            forward(live, command, receivedNanos);
            return null;
        }
        AuditRecord record = new AuditRecord(live.sessionId(), live.homeId(), clock.instant(), live.technicianSubject(),
                AuditKind.COMMAND, command.device(), command.op(), "allowed", command.id(),
                argumentsDetail(live.grant().redactor(), command.args()));
        audit.commit(record).subscribe().with(
                seq -> forward(live, command, receivedNanos),
                failure -> abandon(live, command, DenyReason.AUDIT_UNAVAILABLE));
        return null;
    }

    private String deviceKind(UUID hubId, String device) {
        HubView hub = delivery.hub(hubId);
        DeviceInfo info = hub == null || device == null ? null : hub.device(device);
        return info == null ? null : info.kind();
    }

    private CommandFacts facts(LiveSession live, boolean ready, HubView hub, String device, Operation op, ObjectNode args) {
        DeviceInfo info = hub == null ? null : hub.device(device);
        return new CommandFacts(live == null ? null : live.grant(), ready, clock.millis(), device, op, args,
                hub != null, hub != null && hub.trusted(), info != null,
                info == null ? null : info.model(), info == null ? null : info.firmware());
    }

    /** Audited: forward unless the session was shut meanwhile (the lock in {@link LiveSession#forwardIfOpen}). */
    private void forward(LiveSession live, Command command, long received) {
        String sid = live.sessionId().toString();
        UUID hubId = live.hubId();
        boolean online = delivery.hubOnline(hubId);
        boolean sent = online && live.forwardIfOpen(command.id(), seq -> delivery.command(hubId, live.sessionId(),
                command.id(), OutboundFrames.command(sid, command.id(), seq, command.device(), command.op(), command.args()),
                () -> abandon(live, command, DenyReason.HUB_OFFLINE)));
        if (sent) {
            metrics.commandForwarded(received);
            return;
        }
        abandon(live, command, !online || !delivery.hubOnline(hubId) ? DenyReason.HUB_OFFLINE : reasonWhenShut(live));
    }

    /** The command was audited as allowed but is not forwarded: tell the technician and record why. */
    private void abandon(LiveSession live, Command command, DenyReason reason) {
        live.finished(command.id());
        metrics.commandDenied(reason);
        delivery.toTechnician(live, OutboundFrames.denied(command.id(), reason.code(), reason.message(), false));
        backpressure.offer(live.technician().connection(), new AuditRecord(live.sessionId(), live.homeId(),
                clock.instant(), live.technicianSubject(), AuditKind.COMMAND_ABANDONED, command.device(), command.op(),
                "denied:" + reason.code(), command.id(), null));
    }

    /**
     * What the audit keeps of a command: its arguments, redacted like hub data (a tagged value the resident did
     * not reveal becomes a marker), sealed by the writer under the session's key. The hub gets them unredacted.
     */
    static String argumentsDetail(Redactor redactor, ObjectNode args) {
        if (args == null) {
            return null;
        }
        ObjectNode detail = JsonNodeFactory.instance.objectNode();
        detail.set("args", redactor.redact(args));
        return OutboundFrames.write(detail);
    }

    private static DenyReason reasonWhenShut(LiveSession live) {
        return live.shutReason() != null && live.shutReason().getCode() == CloseCodes.SESSION_EXPIRED
                ? DenyReason.EXPIRED : DenyReason.SESSION_NOT_ACTIVE;
    }
}
