package io.chaperone.relay;

import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.http.WebSocketBase;

/**
 * Pauses and resumes reading from a peer's TCP socket. websockets-next 3.33.2 exposes no such API
 * (upstream added {@code max-pending-messages} only after 3.33.2), so the underlying Vert.x
 * WebSocket is reached through its package-private accessor ({@link UnderlyingSocket}). When that is impossible the relay
 * still never drops: it stops completing the callback, which stops processing (see docs/adr/0004).
 */
final class SocketFlow {

    private SocketFlow() {
    }

    static boolean pause(WebSocketConnection connection) {
        WebSocketBase socket = socket(connection);
        if (socket == null) {
            return false;
        }
        socket.pause();
        return true;
    }

    static void resume(WebSocketConnection connection) {
        WebSocketBase socket = socket(connection);
        if (socket != null && !socket.isClosed()) {
            socket.resume();
        }
    }

    private static WebSocketBase socket(WebSocketConnection connection) {
        return UnderlyingSocket.of(connection);
    }
}
