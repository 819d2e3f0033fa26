package io.chaperone.ops.live;

import io.chaperone.relay.FrameErrors;
import io.chaperone.relay.Outbox;
import io.chaperone.relay.ReadIdleWatch;
import io.quarkus.security.Authenticated;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnPongMessage;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.UserData.TypedKey;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import jakarta.inject.Inject;

/**
 * {@code /ws/ops/live}: the ops dashboard's metadata-only feed, one {@code ops.snapshot} frame per interval
 * (docs/protocol.md "Ops live feed"). Authenticated at the upgrade (bearer header or the session cookie); the role
 * and the Origin are checked by {@link OpsLiveUpgradeCheck}. Read-only.
 */
@Authenticated
@WebSocket(path = "/ws/ops/live", endpointId = OpsLiveEndpoint.ID)
public class OpsLiveEndpoint {

    static final String ID = "ops-live";
    static final TypedKey<Outbox> WATCHER = new TypedKey<>("chaperone.opsWatcher");

    @Inject
    OpsLiveFeed feed;
    @Inject
    ReadIdleWatch idle;
    @Inject
    FrameErrors errors;

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
