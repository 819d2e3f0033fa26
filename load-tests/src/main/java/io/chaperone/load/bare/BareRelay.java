package io.chaperone.load.bare;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Scenario 00: the bare relay, what this machine can do with the same Vert.x and Netty as the gateway and none of
 * its work. A technician socket {@code /ws/sessions/<hubId>} (plaintext, {@code --port}) is paired with the hub socket
 * {@code /ws/hub/<hubId>} ({@code --hub-port}); every text frame of one is written to the other as it came, not
 * decoded, not checked, not recorded. No tickets, no consent, no attestation: the pairing is the path.
 * <pre>
 * java -cp load-tests/target/benchmarks.jar io.chaperone.load.bare.BareRelay --port 18080 --hub-port 18443 \
 *      --tls none|jdk|openssl [--server-cert hub-listener.pem --server-key hub-listener-key.pem --client-ca device-ca.pem]
 * </pre>
 * With {@code --tls jdk} or {@code openssl} the hub leg is mTLS like the gateway's (a client certificate signed by the
 * device CA is required), through the JDK engine or BoringSSL ({@code netty-tcnative-boringssl-static}). To let the
 * generator's hubs and technicians start exactly as they do against the gateway, a hub gets {@code {"type":"welcome"}}
 * and a technician {@code {"type":"session",…}} once connected. {@code GET /q/metrics} (heap used, hubs connected, in
 * Prometheus text) and {@code GET /q/health/ready} on {@code --port} stand in for the gateway's management endpoints,
 * so scenario 05's heap-per-hub measurement runs against it unchanged.
 * <p>
 * Single node on purpose: the pairing lives in this process's maps only. It is a measuring stick, never deployed.
 */
public final class BareRelay extends AbstractVerticle {

    private static final Map<String, ServerWebSocket> HUBS = new ConcurrentHashMap<>();
    private static final Map<String, ServerWebSocket> TECHS = new ConcurrentHashMap<>();
    private static final String WELCOME = "{\"type\":\"welcome\"}";

    private final Settings settings;

    private BareRelay(Settings settings) {
        this.settings = settings;
    }

    /** {@code tls}: none, jdk or openssl; the PEM files are needed unless it is none. */
    record Settings(int port, int hubPort, String tls, String serverCert, String serverKey, String clientCa) {
        Settings {
            if (!tls.equals("none") && !tls.equals("jdk") && !tls.equals("openssl")) {
                throw new IllegalArgumentException("--tls must be none, jdk or openssl, not " + tls);
            }
            if (!tls.equals("none") && (serverCert == null || serverKey == null || clientCa == null)) {
                throw new IllegalArgumentException("--tls " + tls + " needs --server-cert, --server-key and --client-ca");
            }
        }
    }

    public static void main(String[] argv) {
        Map<String, String> args = new java.util.HashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        Settings settings = new Settings(Integer.parseInt(args.getOrDefault("port", "18080")),
                Integer.parseInt(args.getOrDefault("hub-port", "18443")), args.getOrDefault("tls", "jdk"),
                args.get("server-cert"), args.get("server-key"), args.get("client-ca"));
        if (settings.tls().equals("openssl") && !OpenSSLEngineOptions.isAvailable()) {
            throw new IllegalStateException("BoringSSL (netty-tcnative) is not available on this platform");
        }
        Vertx vertx = Vertx.vertx();
        // One verticle per event loop (2 × cores, Vert.x's and Quarkus's default), as the gateway's HTTP server runs.
        int instances = 2 * Runtime.getRuntime().availableProcessors();
        vertx.deployVerticle(() -> new BareRelay(settings), new DeploymentOptions().setInstances(instances))
                .onSuccess(id -> System.out.println("bare relay ready: technicians :" + settings.port() + ", hubs :"
                        + settings.hubPort() + " (tls " + settings.tls() + "), " + instances + " event loops"))
                .onFailure(e -> {
                    e.printStackTrace();
                    System.exit(1);
                });
    }

    @Override
    public void start(Promise<Void> started) {
        HttpServerOptions hubOptions = new HttpServerOptions().setPort(settings.hubPort()).setMaxWebSocketFrameSize(131072);
        if (!settings.tls().equals("none")) {
            hubOptions.setSsl(true).setClientAuth(ClientAuth.REQUIRED)
                    .setKeyCertOptions(new PemKeyCertOptions().setCertPath(settings.serverCert()).setKeyPath(settings.serverKey()))
                    .setTrustOptions(new PemTrustOptions().addCertPath(settings.clientCa()))
                    .setSslEngineOptions(settings.tls().equals("openssl") ? new OpenSSLEngineOptions() : new JdkSSLEngineOptions());
        }
        var techServer = vertx.createHttpServer(new HttpServerOptions().setPort(settings.port()).setMaxWebSocketFrameSize(131072))
                .webSocketHandler(this::technician).requestHandler(BareRelay::management);
        var hubServer = vertx.createHttpServer(hubOptions).webSocketHandler(this::hub);
        techServer.listen().compose(s -> hubServer.listen()).<Void>mapEmpty().onComplete(started);
    }

    private void hub(ServerWebSocket ws) {
        String hubId = idAfter(ws.path(), "/ws/hub/");
        if (hubId == null) {
            ws.reject(404);
            return;
        }
        HUBS.put(hubId, ws);
        ws.closeHandler(v -> HUBS.remove(hubId, ws));
        ws.frameHandler(frame -> forward(frame.binaryData(), frame.type(), TECHS.get(hubId)));
        ws.writeTextMessage(WELCOME);
    }

    private void technician(ServerWebSocket ws) {
        String hubId = idAfter(ws.path(), "/ws/sessions/");
        if (hubId == null || !HUBS.containsKey(hubId)) {
            ws.reject(404);
            return;
        }
        TECHS.put(hubId, ws);
        ws.closeHandler(v -> TECHS.remove(hubId, ws));
        ws.frameHandler(frame -> forward(frame.binaryData(), frame.type(), HUBS.get(hubId)));
        ws.writeTextMessage("{\"type\":\"session\",\"sid\":\"" + hubId + "\",\"expiresAt\":\""
                + Instant.now().plusSeconds(3600) + "\"}");
    }

    /** Writes a text frame's bytes to the peer as they came (no UTF-8 decode, no JSON); other frames are dropped. */
    private static void forward(Buffer data, WebSocketFrameType type, ServerWebSocket peer) {
        if (peer != null && type == WebSocketFrameType.TEXT) {
            peer.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, data.getByteBuf(), true));
        }
    }

    private static String idAfter(String path, String prefix) {
        return path.startsWith(prefix) && path.length() > prefix.length() ? path.substring(prefix.length()) : null;
    }

    /** The two management calls the scripts and scenario 05 make; anything else is 404. */
    private static void management(HttpServerRequest request) {
        switch (request.path()) {
            case "/q/health/ready" -> request.response().end("{\"status\":\"UP\"}");
            case "/q/metrics" -> request.response().putHeader("Content-Type", "text/plain; version=0.0.4")
                    .end("jvm_memory_used_bytes{area=\"heap\",id=\"all\"} "
                            + ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() + "\n"
                            + "chaperone_hubs_connected " + HUBS.size() + "\n");
            default -> request.response().setStatusCode(404).end();
        }
    }
}
