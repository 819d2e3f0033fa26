package io.chaperone.relay;

import io.quarkus.security.Authenticated;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnPongMessage;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import jakarta.inject.Inject;

/**
 * {@code /ws/homes/{homeId}/activity}: the resident's read-only live feed of their home's sessions
 * (audit events as they commit, approval and escalation requests). Authenticated with the resident's
 * identity token at the upgrade; ownership and Origin are checked by {@link ActivityUpgradeCheck}.
 */
@Authenticated
@WebSocket(path = "/ws/homes/{homeId}/activity", endpointId = ActivityEndpoint.ID)
public class ActivityEndpoint {

    static final String ID = "activity";

    @Inject
    ActivityFeed feed;
    @Inject
    FrameErrors errors;
    @Inject
    ReadIdleWatch idle;

    @OnOpen
    @NonBlocking
    public void open(WebSocketConnection connection) {
        idle.opened(connection);
        feed.opened(connection);
    }

    @OnTextMessage
    @NonBlocking
    public void message(WebSocketConnection connection, String text) {
        idle.heard(connection);
        feed.unexpectedFrame(connection);
    }

    @OnPongMessage
    @NonBlocking
    public void pong(WebSocketConnection connection, Buffer data) {
        idle.heard(connection);
    }

    @OnClose
    @NonBlocking
    public void close(WebSocketConnection connection) {
        idle.closed(connection);
        feed.closed(connection);
    }

    @OnError
    @NonBlocking
    public Uni<Void> error(WebSocketConnection connection, Throwable failure) {
        return errors.handle(connection, failure);
    }
}
