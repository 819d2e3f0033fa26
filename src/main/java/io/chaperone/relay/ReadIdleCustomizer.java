package io.chaperone.relay;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Auto-ping alone never detects a vanished hub (the server's own pings count as activity), so the
 * listeners drop a peer that has sent nothing, not even a pong, for the read-idle timeout. The close
 * timeout is shortened so a peer that ignores our close frame is cut within two seconds.
 */
@ApplicationScoped
public class ReadIdleCustomizer implements HttpServerOptionsCustomizer {

    @Inject
    RelayConfig config;

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        apply(options);
    }

    @Override
    public void customizeHttpsServer(HttpServerOptions options) {
        apply(options);
    }

    private void apply(HttpServerOptions options) {
        options.setReadIdleTimeout((int) config.readIdleTimeout().toMillis());
        options.setWebSocketClosingTimeout(2);
    }
}
