package io.chaperone.relay;

import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.http.WebSocketBase;
import org.jboss.logging.Logger;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Pauses and resumes reading from a peer's TCP socket. websockets-next 3.33.2 exposes no such API
 * (upstream added {@code max-pending-messages} only after 3.33.2), so the underlying Vert.x
 * WebSocket is reached through its package-private accessor. When that is impossible the relay
 * still never drops: it stops completing the callback, which stops processing (see docs/adr/0004).
 */
final class SocketFlow {

    private static final Logger LOG = Logger.getLogger(SocketFlow.class);
    private static final MethodHandle WEB_SOCKET = find();

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
        if (WEB_SOCKET == null) {
            return null;
        }
        try {
            return (WebSocketBase) WEB_SOCKET.invoke(connection);
        } catch (Throwable e) {
            return null;
        }
    }

    private static MethodHandle find() {
        try {
            Class<?> base = Class.forName("io.quarkus.websockets.next.runtime.WebSocketConnectionBase");
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(base, MethodHandles.lookup());
            return lookup.findVirtual(base, "webSocket", MethodType.methodType(WebSocketBase.class))
                    .asType(MethodType.methodType(WebSocketBase.class, WebSocketConnection.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("socket pause is unavailable; backpressure falls back to holding the callback");
            return null;
        }
    }
}
