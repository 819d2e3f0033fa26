package io.chaperone.relay;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A peer that ignores our close frame is cut within two seconds. (Idleness is judged per WebSocket by
 * {@link ReadIdleWatch} on whole messages and pongs, not here on bytes: a byte-level read-idle timeout is reset by a
 * peer that dribbles one byte of a frame at a time.)
 */
@ApplicationScoped
public class ClosingTimeoutCustomizer implements HttpServerOptionsCustomizer {

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        options.setWebSocketClosingTimeout(2);
    }

    @Override
    public void customizeHttpsServer(HttpServerOptions options) {
        options.setWebSocketClosingTimeout(2);
    }
}
