package io.chaperone.load;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.dns.AddressResolverOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.PemTrustOptions;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.KeyManagerFactorySpi;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import java.net.Socket;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How bench hubs reach the gateway: over mTLS to the hub listener, each with its own enrolled certificate,
 * through ONE Vert.x client (a client per hub would cost an SSL context and pool per socket in the generator).
 * Vert.x client TLS has one key manager per client, so each hub connects to a host name of its own,
 * {@code hub-<n>.bench}, which the generator's resolver maps to 127.0.0.1..127.0.0.k (spreading the sockets
 * over loopback addresses so ephemeral ports do not run out), and the key manager picks the certificate by
 * the TLS engine's peer host. The gateway never sees these names (no SNI, Host is not checked); the
 * server certificate is verified against the device CA but not against the name.
 */
final class HubConnector {

    private final Vertx vertx;
    private final int sslPort;
    private final int hostCount;
    /** false only for scenario 00's plaintext variant: the hub leg without TLS. */
    private final boolean tls;
    /** The bare relay (scenario 00) pairs sockets by {@code /ws/hub/<hubId>}; the gateway knows the hub by its certificate. */
    private final boolean hubIdInPath;
    private final AtomicInteger nextHost = new AtomicInteger();
    private final Map<String, HubIdentity> byHost = new ConcurrentHashMap<>();
    private volatile WebSocketClient client;

    HubConnector(Vertx vertx, int sslPort, int hostCount, boolean tls, boolean hubIdInPath) {
        this.vertx = vertx;
        this.sslPort = sslPort;
        this.hostCount = hostCount;
        this.tls = tls;
        this.hubIdInPath = hubIdInPath;
    }

    /** The resolver entries for {@code hosts} hub names over {@code loopbacks} addresses (a hosts file). */
    static AddressResolverOptions resolver(int hosts, int loopbacks) {
        StringBuilder file = new StringBuilder();
        for (int n = 0; n < hosts; n++) {
            file.append("127.0.0.").append(1 + n % Math.max(1, loopbacks)).append(' ').append(host(n)).append('\n');
        }
        return new AddressResolverOptions().setHostsValue(Buffer.buffer(file.toString()));
    }

    /** A fresh host name for the next enrolled hub. */
    String allocateHost() {
        int n = nextHost.getAndIncrement();
        if (n >= hostCount) {
            throw new IllegalStateException("more hubs than resolver entries (" + hostCount + "): raise --hubs");
        }
        return host(n);
    }

    Future<WebSocket> connect(HubIdentity hub) {
        byHost.put(hub.host(), hub);
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(hub.host()).setPort(sslPort)
                .setURI(hubIdInPath ? "/ws/hub/" + hub.hubId() : "/ws/hub").setSsl(tls).setTimeout(30_000);
        return client(hub.caCertificatePem()).connect(options);
    }

    private static String host(int n) {
        return "hub-" + n + ".bench";
    }

    private WebSocketClient client(String caCertificatePem) {
        WebSocketClient current = client;
        if (current == null) {
            synchronized (this) {
                if (client == null) {
                    WebSocketClientOptions options = new WebSocketClientOptions()
                            .setMaxConnections(200_000)
                            .setConnectTimeout(30_000)
                            .setTryUsePerMessageCompression(false);
                    if (tls) {
                        options.setSsl(true).setVerifyHost(false)
                                .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(caCertificatePem)))
                                .setKeyCertOptions(new PerHostKeys());
                    }
                    client = vertx.createWebSocketClient(options);
                }
                current = client;
            }
        }
        return current;
    }

    /** Vert.x's own wrapper of a key manager needs SLF4J at run time; this one needs nothing. */
    private final class PerHostKeys implements KeyCertOptions {
        private final KeyManagerFactory factory = new KeyManagerFactory(new KeyManagerFactorySpi() {
            private final KeyManager[] managers = {new PerHostKeyManager()};

            @Override
            protected void engineInit(KeyStore keyStore, char[] password) {
            }

            @Override
            protected void engineInit(ManagerFactoryParameters parameters) {
            }

            @Override
            protected KeyManager[] engineGetKeyManagers() {
                return managers;
            }
        }, null, "per-host") { };

        @Override
        public KeyCertOptions copy() {
            return this;
        }

        @Override
        public KeyManagerFactory getKeyManagerFactory(Vertx vertx) {
            return factory;
        }
    }

    /** Chooses the client certificate of the hub whose name the TLS engine was created for. */
    private final class PerHostKeyManager extends X509ExtendedKeyManager {

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return engine != null && byHost.containsKey(engine.getPeerHost()) ? engine.getPeerHost() : null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            HubIdentity hub = byHost.get(alias);
            return hub == null ? null : new X509Certificate[] {hub.certificate()};
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            HubIdentity hub = byHost.get(alias);
            return hub == null ? null : hub.keys().getPrivate();
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return byHost.keySet().toArray(String[]::new);
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return null; // Vert.x uses SSLEngine, never a socket
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }
    }
}
