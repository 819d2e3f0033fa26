package io.chaperone.load;

import io.vertx.core.Future;
import io.vertx.core.http.WebSocket;

import java.util.Map;

/**
 * The only place that knows how a hub authenticates its upgrade: today the bearer hub credential
 * (docs/protocol.md, hub leg). When hubs move to client certificates (device trust), this changes
 * to a TLS client with the hub's key and the {@link Sockets} options, and nothing else does.
 */
final class HubConnector {

    private final Sockets sockets;

    HubConnector(Sockets sockets) {
        this.sockets = sockets;
    }

    Future<WebSocket> connect(String credential) {
        return sockets.connect("/ws/hub", Map.of("Authorization", "Bearer " + credential));
    }
}
