package io.chaperone.relay;

import io.quarkus.websockets.next.CloseReason;
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

/** {@code /ws/sessions/{sid}}: a technician's live terminal for one approved session (docs/protocol.md). */
@WebSocket(path = "/ws/sessions/{sid}", endpointId = TechnicianEndpoint.ID)
public class TechnicianEndpoint {

    static final String ID = "technician";

    @Inject
    TechnicianLeg leg;
    @Inject
    FrameErrors errors;
    @Inject
    ReadIdleWatch idle;
    @Inject
    TechnicianClaims claims;

    @OnOpen
    @NonBlocking
    public Uni<Void> open(WebSocketConnection connection) {
        idle.opened(connection);
        return leg.opened(connection);
    }

    @OnTextMessage
    @NonBlocking
    public Uni<Void> message(WebSocketConnection connection, String text) {
        idle.heard(connection);
        return leg.frame(connection, text);
    }

    @OnPongMessage
    @NonBlocking
    public void pong(WebSocketConnection connection, Buffer data) {
        idle.heard(connection);
    }

    @OnClose
    @NonBlocking
    public void close(WebSocketConnection connection, CloseReason reason) {
        idle.closed(connection);
        leg.closed(connection, reason);
        claims.release(connection.userData().get(RelayKeys.CLAIM));
    }

    @OnError
    @NonBlocking
    public Uni<Void> error(WebSocketConnection connection, Throwable failure) {
        return errors.handle(connection, failure);
    }
}
