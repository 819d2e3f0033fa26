package io.chaperone.relay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chaperone.audit.AuditKind;
import io.chaperone.audit.AuditListener;
import io.chaperone.audit.AuditRecord;
import io.chaperone.audit.AuditWriter;
import io.chaperone.protocol.CloseCodes;
import io.chaperone.protocol.OutboundFrames;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.Set;
import java.util.UUID;

/**
 * Streams each committed audit event of a home to that home's watching residents, in commit order,
 * plus explicit frames for what needs their decision (a new session request, an escalation).
 */
@ApplicationScoped
public class ActivityFeed implements AuditListener {

    @Inject
    LiveRegistry registry;
    @Inject
    AuditWriter audit;
    @Inject
    RelayConfig config;
    @Inject
    Clock clock;
    @Inject
    ActivitySockets sockets;
    @Inject
    io.chaperone.optout.LiveFeedChoices choices;
    @Inject
    HomeFeeds homes;

    void register(@Observes StartupEvent event) {
        audit.addListener(this);
    }

    void opened(WebSocketConnection connection) {
        UUID homeId = connection.userData().get(RelayKeys.HOME_ID);
        if (!sockets.open(connection.userData().get(RelayKeys.RESIDENT))) {
            connection.userData().remove(RelayKeys.RESIDENT);
            connection.close(CloseCodes.TOO_MANY_SOCKETS_REASON).subscribe().with(v -> { }, e -> { });
            return;
        }
        Outbox watcher = new Outbox(connection, config.maxPendingSends(), () -> { });
        connection.userData().put(RelayKeys.WATCHER, watcher);
        connection.userData().put(RelayKeys.ABUSE, new AbuseCounter(config.abuseLimit(), config.abuseWindow().toMillis()));
        registry.watch(homeId, watcher);
        homes.watching(homeId);
    }

    void closed(WebSocketConnection connection) {
        String resident = connection.userData().get(RelayKeys.RESIDENT);
        if (resident != null) {
            sockets.closed(resident);
        }
        Outbox watcher = connection.userData().get(RelayKeys.WATCHER);
        if (watcher != null) {
            UUID homeId = connection.userData().get(RelayKeys.HOME_ID);
            registry.unwatch(homeId, watcher);
            homes.unwatched(homeId);
        }
    }

    /** The feed is read-only: anything a resident sends is an error, and persistent sending is abuse. */
    void unexpectedFrame(WebSocketConnection connection) {
        Outbox watcher = connection.userData().get(RelayKeys.WATCHER);
        if (watcher != null) {
            watcher.send(OutboundFrames.error("read_only", "this feed does not accept frames", null));
        }
        AbuseCounter abuse = connection.userData().get(RelayKeys.ABUSE);
        if (abuse != null && abuse.strike(clock.millis())) {
            connection.close(CloseCodes.ABUSE_REASON).subscribe().with(v -> { }, e -> { });
        }
    }

    /**
     * Sends {@code frame} to everyone watching {@code homeId} now (an access review), on this node and, in cluster
     * mode, on the others ({@link HomeFeeds}); nothing when no one watches.
     */
    public void push(UUID homeId, String frame) {
        for (Outbox watcher : registry.watchersOf(homeId)) {
            watcher.send(frame);
        }
        homes.publish(homeId, frame);
    }

    @Override
    public void committed(AuditRecord record, long seq) {
        Set<Outbox> watchers = registry.watchersOf(record.homeId());
        // In cluster mode the home's watchers may be on other nodes: the frames are made only when someone watches.
        if (watchers.isEmpty() && !homes.watchedElsewhere(record.homeId())) {
            return;
        }
        boolean minimal = choices.minimal(record.homeId());
        // A minimal feed (the resident's opt-out, ADR 0023) says that something happened, never what: no results,
        // outputs or device events at all, and no device, op, outcome or actor. The audit itself is unchanged.
        String frame = minimal ? (record.kind().durableBeforeEffect() ? minimalFrame(record, seq) : null)
                : activityFrame(record, seq);
        String request = requestFrame(record);
        for (Outbox watcher : watchers) {
            if (frame != null) {
                watcher.send(frame);
            }
            if (request != null) {
                watcher.send(request);
            }
        }
        if (frame != null) {
            homes.publish(record.homeId(), frame);
        }
        if (request != null) {
            homes.publish(record.homeId(), request);
        }
    }

    private static String activityFrame(AuditRecord record, long seq) {
        ObjectNode event = OutboundFrames.frame("activity");
        ObjectNode body = event.putObject("event");
        body.put("chainId", record.chainId().toString()).put("seq", seq).put("at", record.at().toString())
                .put("actor", record.actor()).put("kind", record.kind().wireName())
                .put("device", record.device()).put("op", record.op()).put("outcome", record.outcome())
                .put("correlationId", record.correlationId());
        return OutboundFrames.write(event);
    }

    private static String minimalFrame(AuditRecord record, long seq) {
        ObjectNode event = OutboundFrames.frame("activity");
        event.putObject("event").put("chainId", record.chainId().toString()).put("seq", seq)
                .put("at", record.at().toString()).put("kind", record.kind().wireName());
        return OutboundFrames.write(event);
    }

    private static String requestFrame(AuditRecord record) {
        if (record.kind() == AuditKind.SESSION_REQUESTED) {
            return OutboundFrames.write(OutboundFrames.frame("approval.requested")
                    .put("sessionId", record.chainId().toString()));
        }
        if (record.kind() == AuditKind.ESCALATION_REQUESTED) {
            return OutboundFrames.write(OutboundFrames.frame("escalation.requested")
                    .put("sessionId", record.chainId().toString()).put("escalationId", record.correlationId()));
        }
        if (record.kind() == AuditKind.EXTENSION_REQUESTED) {
            return OutboundFrames.write(OutboundFrames.frame("extension.requested")
                    .put("sessionId", record.chainId().toString()).put("extensionId", record.correlationId()));
        }
        if (record.kind() == AuditKind.EXTENSION_APPROVED) {
            // The new end, as the technician's session frame names it at the same moment (docs/protocol.md).
            return OutboundFrames.write(OutboundFrames.frame("session.extended")
                    .put("sessionId", record.chainId().toString()).put("extensionId", record.correlationId())
                    .put("expiresAt", FrameJson.parse(record.detail()).path("expiresAt").asText(null)));
        }
        return null;
    }
}
