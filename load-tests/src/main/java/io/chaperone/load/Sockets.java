package io.chaperone.load;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One shared Vert.x WebSocket client for every socket of the run. Sockets are spread round-robin over
 * {@code loopbacks} addresses 127.0.0.1..127.0.0.n of the gateway (which listens on 0.0.0.0): each
 * (address, port) pair has its own ephemeral port range, so tens of thousands of sockets do not run
 * out of client ports. Vert.x 4 sets a client's local address per client, not per socket; spreading
 * the destination gives the same 4-tuple room with one client.
 */
final class Sockets {

    private final Vertx vertx;
    private final WebSocketClient client;
    private final int port;
    private final int loopbacks;
    private final AtomicInteger next = new AtomicInteger();

    Sockets(Vertx vertx, int port, int loopbacks) {
        this.vertx = vertx;
        this.client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxConnections(200_000)          // default 50 per endpoint would queue handshakes
                .setConnectTimeout(30_000)
                .setTryUsePerMessageCompression(false)
                .setMaxFrameSize(131072).setMaxMessageSize(131072));
        this.port = port;
        this.loopbacks = Math.max(1, loopbacks);
    }

    /** The Vert.x instance whose event loops carry these sockets. */
    Vertx vertx() {
        return vertx;
    }

    Future<WebSocket> connect(String path, Map<String, String> headers) {
        String host = "127.0.0." + (1 + Math.floorMod(next.getAndIncrement(), loopbacks));
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(host).setPort(port).setURI(path)
                .setTimeout(30_000);
        headers.forEach(options::addHeader);
        return client.connect(options);
    }
}
