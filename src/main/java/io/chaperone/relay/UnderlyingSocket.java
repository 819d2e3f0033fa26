package io.chaperone.relay;

import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.http.WebSocketBase;
import org.jboss.logging.Logger;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The Vert.x WebSocket under a websockets-next 3.33.2 connection, and the connection's sent-message interceptor
 * (the {@code quarkus_websockets_server_*} metrics), reached through their package-private members: websockets-next
 * offers neither socket pause nor a write without a {@code Uni} (ADR 0004, ADR 0040). Resolved once per JVM; every
 * accessor answers null when that is impossible, and callers then use the public API.
 */
final class UnderlyingSocket {

    private static final Logger LOG = Logger.getLogger(UnderlyingSocket.class);
    private static final String BASE = "io.quarkus.websockets.next.runtime.WebSocketConnectionBase";
    private static final String INTERCEPTOR = "io.quarkus.websockets.next.runtime.telemetry.SendingInterceptor";
    private static final MethodHandle WEB_SOCKET;
    private static final MethodHandle SENDING_INTERCEPTOR;
    private static final MethodHandle TRAFFIC_LOGGER;
    private static final MethodHandle ON_SEND;

    static {
        MethodHandle webSocket = null;
        MethodHandle interceptor = null;
        MethodHandle trafficLogger = null;
        MethodHandle onSend = null;
        try {
            Class<?> base = Class.forName(BASE);
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(base, MethodHandles.lookup());
            webSocket = lookup.findVirtual(base, "webSocket", MethodType.methodType(WebSocketBase.class))
                    .asType(MethodType.methodType(WebSocketBase.class, WebSocketConnection.class));
            try {
                Class<?> interceptorType = Class.forName(INTERCEPTOR);
                MethodType fromConnection = MethodType.methodType(Object.class, WebSocketConnection.class);
                interceptor = lookup.findGetter(base, "sendingInterceptor", interceptorType).asType(fromConnection);
                trafficLogger = lookup.findGetter(base, "trafficLogger",
                        Class.forName("io.quarkus.websockets.next.runtime.TrafficLogger")).asType(fromConnection);
                onSend = MethodHandles.publicLookup().findVirtual(interceptorType, "onSend",
                                MethodType.methodType(void.class, String.class))
                        .asType(MethodType.methodType(void.class, Object.class, String.class));
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.warn("websockets-next's send interceptor is unavailable: text frames are written through the Uni API");
                interceptor = null;
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("the Vert.x socket under websockets-next is unavailable: no socket pause, writes through the Uni API");
            webSocket = null;
        }
        WEB_SOCKET = webSocket;
        SENDING_INTERCEPTOR = interceptor;
        TRAFFIC_LOGGER = trafficLogger;
        ON_SEND = onSend;
    }

    private UnderlyingSocket() {
    }

    /** The connection's Vert.x socket, or null. */
    static WebSocketBase of(WebSocketConnection connection) {
        if (WEB_SOCKET == null) {
            return null;
        }
        try {
            return (WebSocketBase) WEB_SOCKET.invoke(connection);
        } catch (Throwable e) {
            return null;
        }
    }

    /**
     * A writer of text frames straight to the Vert.x socket that counts each sent frame like {@code sendText} does,
     * or null when the connection's writes must go through {@code sendText} (internals unavailable, or the traffic
     * logger is on: it logs only what passes {@code sendText}).
     */
    static TextWriter textWriter(WebSocketConnection connection) {
        WebSocketBase socket = of(connection);
        if (socket == null || SENDING_INTERCEPTOR == null) {
            return null;
        }
        try {
            if (TRAFFIC_LOGGER.invoke(connection) != null) {
                return null;
            }
            return new TextWriter(socket, SENDING_INTERCEPTOR.invoke(connection));
        } catch (Throwable e) {
            return null;
        }
    }

    /** Writes text frames to one socket; {@code interceptor} (may be null) counts each one written. */
    record TextWriter(WebSocketBase socket, Object interceptor) {

        /** Queues {@code text}; {@code done} runs on the socket's context once it was written or failed. */
        void write(String text, Runnable done) {
            socket.writeTextMessage(text, written -> {
                done.run();
                if (written.succeeded() && interceptor != null) {
                    counted(text);
                }
            });
        }

        private void counted(String text) {
            try {
                ON_SEND.invoke(interceptor, text);
            } catch (Throwable e) {
                LOG.debugf("sent frame not counted: %s", e.getClass().getSimpleName());
            }
        }
    }
}
