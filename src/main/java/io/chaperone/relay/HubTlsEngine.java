package io.chaperone.relay;

import io.netty.handler.ssl.OpenSsl;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Chooses the TLS engine of the HTTPS server, which is the hubs' mTLS listener ({@code chaperone.relay.hub-tls-engine},
 * docs/operations.md "Hub listener TLS engine", ADR 0035). With the JDK engine Netty allocates a fresh, unpooled
 * ≈ 17 KB heap buffer for every TLS record it writes (the JDK's {@code SSLEngine.wrap} wants a whole packet buffer):
 * under load that was nearly half of the gateway's allocation (docs/benchmarks.md "Profiles"). BoringSSL
 * ({@code netty-tcnative-boringssl-static}) writes into pooled direct buffers and keeps less per idle connection.
 * The setting is per node; nodes of one cluster may differ (a hub sees only TLS 1.2/1.3 either way).
 */
@ApplicationScoped
public class HubTlsEngine implements HttpServerOptionsCustomizer {

    private static final Logger LOG = Logger.getLogger(HubTlsEngine.class);

    /** The engines the hub listener can run on. */
    public enum Engine { JDK, OPENSSL }

    @Inject
    RelayConfig config;

    @Override
    public void customizeHttpsServer(HttpServerOptions options) {
        if (config.hubTlsEngine() == Engine.JDK) {
            options.setSslEngineOptions(new JdkSSLEngineOptions());
            return;
        }
        // Asked for explicitly: a node that cannot load BoringSSL does not start on the JDK engine unnoticed.
        if (!OpenSsl.isAvailable()) {
            throw new IllegalStateException("chaperone.relay.hub-tls-engine=openssl but BoringSSL cannot be loaded "
                    + "(code=relay.tls_engine_unavailable): " + OpenSsl.unavailabilityCause());
        }
        options.setSslEngineOptions(new OpenSSLEngineOptions());
        LOG.infof("Hub listener on %s (code=relay.tls_engine)", OpenSsl.versionString());
    }
}
