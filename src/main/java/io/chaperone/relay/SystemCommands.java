package io.chaperone.relay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chaperone.audit.AuditKind;
import io.chaperone.audit.AuditRecord;
import io.chaperone.audit.AuditWriter;
import io.chaperone.ops.Meters;
import io.chaperone.policy.DenyReason;
import io.chaperone.policy.Operation;
import io.chaperone.policy.Redactor;
import io.chaperone.policy.Scope;
import io.chaperone.privacy.RedactionKeys;
import io.chaperone.protocol.OutboundFrames;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * System commands in flight (CommandGate#system): each runs in a hub session of its own, a fresh {@code sid} whose
 * capability names exactly its device and operation and lives no longer than the answer timeout. The hub's answer
 * on that {@code sid} completes the caller's outcome and is recorded, redacted, in the session's chain.
 */
@ApplicationScoped
public class SystemCommands {

    /** Session id + command id of every system command from judgement to outcome (duplicate ids are refused). */
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    /** The running system commands by the {@code sid} of their own hub session. */
    private final Map<UUID, Running> byHubSession = new ConcurrentHashMap<>();

    @Inject
    Delivery delivery;
    @Inject
    AuditWriter audit;
    @Inject
    AuditBackpressure backpressure;
    @Inject
    HubCapabilities capabilities;
    @Inject
    RedactionKeys redactionKeys;
    @Inject
    RelayConfig config;
    @Inject
    Meters metrics;
    @Inject
    Clock clock;
    @Inject
    Vertx vertx;

    private record Running(SystemCommand command, UUID hubSession, Redactor redactor, UniEmitter<? super CommandOutcome> emitter,
                           AtomicBoolean done, long[] timer) {
    }

    boolean reserve(UUID sessionId, String commandId) {
        return running.add(sessionId + "/" + commandId);
    }

    void release(UUID sessionId, String commandId) {
        running.remove(sessionId + "/" + commandId);
    }

    /** Judged and allowed: commit the C1 record, then open its hub session and forward; completes with the answer. */
    Uni<CommandOutcome> run(SystemCommand command, Operation op) {
        return redactionKeys.forSession(command.sessionId(), command.homeId()).chain(key -> {
            if (key.isEmpty()) {
                // The session's key material is gone (erased): nothing could be recorded, so nothing is sent.
                release(command.sessionId(), command.id());
                return Uni.createFrom().item((CommandOutcome) new CommandOutcome.Denied(command.id(), DenyReason.AUDIT_UNAVAILABLE));
            }
            Redactor redactor = Redactor.revealing(Set.of(), key.get());
            AuditRecord record = new AuditRecord(command.sessionId(), command.homeId(), clock.instant(), command.actor(),
                    AuditKind.COMMAND, command.device(), command.op(), "allowed", command.id(),
                    CommandGate.argumentsDetail(redactor, command.args()));
            return audit.commit(record).chain(seq -> forward(command, op, redactor));
        }).onFailure().recoverWithItem(failure -> {
            release(command.sessionId(), command.id());
            metrics.commandDenied(DenyReason.AUDIT_UNAVAILABLE);
            return new CommandOutcome.Denied(command.id(), DenyReason.AUDIT_UNAVAILABLE);
        });
    }

    private Uni<CommandOutcome> forward(SystemCommand command, Operation op, Redactor redactor) {
        return Uni.createFrom().emitter(emitter -> {
            UUID hubSession = UUID.randomUUID();
            long timeout = Math.max(1, config.systemCommandTimeout().toMillis());
            Running running = new Running(command, hubSession, redactor, emitter, new AtomicBoolean(), new long[1]);
            byHubSession.put(hubSession, running);
            Scope scope = new Scope(1, List.of(new Scope.Grant(Set.of(command.device()), Set.of(op))));
            String capability = capabilities.issue(hubSession, command.hubId(), scope, clock.millis() + timeout);
            // One hub connection's outbox keeps the order: open, command, (answer), close.
            boolean sent = delivery.openOnHub(command.hubId(), hubSession, capability)
                    && delivery.command(command.hubId(), hubSession, command.id(), OutboundFrames.command(
                            hubSession.toString(), command.id(), 1, command.device(), command.op(), command.args()),
                            () -> finish(running, new CommandOutcome.Unanswered(command.id())));
            if (!sent) {
                // Audited as allowed, but the hub was gone before it left: recorded as abandoned, like a technician's.
                finish(running, new CommandOutcome.Denied(command.id(), DenyReason.HUB_OFFLINE));
                audit.offer(new AuditRecord(command.sessionId(), command.homeId(), clock.instant(), command.actor(),
                        AuditKind.COMMAND_ABANDONED, command.device(), command.op(),
                        "denied:" + DenyReason.HUB_OFFLINE.code(), command.id(), null));
                return;
            }
            running.timer()[0] = vertx.setTimer(timeout, id -> finish(running, new CommandOutcome.Unanswered(command.id())));
        });
    }

    /**
     * A hub frame for {@code sid}: true when it belongs to a running system command (then it is handled here).
     * A result completes the command; an output chunk is recorded only. {@code connection}: the hub's socket to
     * pause while the audit buffer is full, or null when the answer was carried from another node.
     */
    boolean answer(WebSocketConnection connection, UUID hubId, UUID sid, String commandId, ObjectNode raw, AuditKind kind,
                   String outcome, boolean finishes) {
        Running running = sid == null ? null : byHubSession.get(sid);
        if (running == null || !running.command().hubId().equals(hubId)
                || !running.command().id().equals(commandId)) {
            return false;
        }
        ObjectNode answer = raw.deepCopy();
        answer.remove("sid");
        ObjectNode recorded = answer.deepCopy();
        HubLeg.redactContent(running.redactor(), recorded);
        recorded.remove("type");
        recorded.remove("id");
        SystemCommand command = running.command();
        AuditRecord record = new AuditRecord(command.sessionId(), command.homeId(), clock.instant(),
                HubLeg.hubActor(hubId), kind, null, null, outcome, commandId, OutboundFrames.write(recorded));
        if (connection != null) {
            backpressure.offer(connection, record);
        } else {
            offerEventually(record);
        }
        if (finishes) {
            finish(running, new CommandOutcome.Answered(commandId, answer.path("ok").asBoolean(false), answer));
        }
        return true;
    }

    /** Carried from another node: no socket here to pause, so wait for room rather than drop the record. */
    void offerEventually(AuditRecord record) {
        if (!audit.offer(record)) {
            audit.whenWritable(() -> offerEventually(record));
        }
    }

    private void finish(Running running, CommandOutcome outcome) {
        if (!running.done().compareAndSet(false, true)) {
            return;
        }
        vertx.cancelTimer(running.timer()[0]);
        byHubSession.remove(running.hubSession());
        release(running.command().sessionId(), running.command().id());
        if (outcome.forwarded()) {
            delivery.closeOnHub(running.command().hubId(), running.hubSession(), "ended");
        }
        running.emitter().complete(outcome);
    }
}
