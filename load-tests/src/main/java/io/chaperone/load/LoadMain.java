package io.chaperone.load;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The connection-scale load generator. One scenario per run against a gateway started in the bench
 * profile (load-tests/run-all.sh starts it with the right switches):
 * <pre>
 * java -cp load-tests/target/benchmarks.jar io.chaperone.load.LoadMain --scenario 03-policy-and-audit [--key value ...]
 * </pre>
 * {@code --scenario hub-fleet --hubs 100 --seats-out <file>} keeps enrolled hubs online for another driver ({@link HubFleet}).
 * Options: {@code --port 8080 --ssl-port 8443 --management-port 9000 --loopbacks 8 --sessions 64 --inflight 4 --warmup 5s
 * --duration 20s --rate 5000 --hubs 20000 --gateway-pid <pid> --out load-tests/results}.
 * Cluster runs (scenario 08): {@code --tech-port} (technician sockets; default {@code --port}) and {@code --revoke-url}
 * (the node revocations go to; default the {@code --port} node). Hubs enroll and connect to {@code --port}/{@code --ssl-port}.
 * <p>
 * Scenario 00 drives the bare relay ({@link io.chaperone.load.bare.BareRelay}) with the same sockets and frames:
 * {@code 00-bare-relay-<tls>} runs {@link RelayScenario}, {@code 00-bare-idle-<tls>} runs {@link IdleHubs}, where
 * {@code <tls>} is {@code plaintext}, {@code jdk} or {@code openssl} (the relay's engine; the generator's is always the
 * JDK's). Hubs are not enrolled but given certificates signed with {@code --device-ca-cert}/{@code --device-ca-key}.
 * Every result carries the 1-minute load average at its start and end, and {@code --result-name} names its file.
 */
public final class LoadMain {

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        String scenario = args.get("scenario", "03-policy-and-audit");
        int port = args.integer("port", 8080);
        int loopbacks = args.integer("loopbacks", 8);
        int hubHosts = Math.max(args.integer("hubs", 20_000), args.integer("sessions", 1000));
        boolean bare = scenario.startsWith("00-");
        double loadAtStart = ProcessCpu.loadAverage();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2)
                .setAddressResolverOptions(HubConnector.resolver(hubHosts, loopbacks)));
        // Vert.x 4.5 numbers timers from 0 and cancels a WebSocket handshake timer only "if (timer > 0)": the
        // socket that gets timer 0 is closed (1000) by its handshake timeout 30 s after it opened. Burn id 0.
        vertx.setTimer(1, id -> { });
        try {
            Sockets sockets = new Sockets(vertx, args.integer("tech-port", port), loopbacks);
            HubConnector hubs = new HubConnector(vertx, args.integer("ssl-port", 8443), hubHosts,
                    !scenario.endsWith("-plaintext"), bare);
            if (bare) {
                World world = new BareWorld(Path.of(args.get("device-ca-cert", "load-tests/target/bench-devices/device-ca.pem")),
                        Path.of(args.get("device-ca-key", "load-tests/target/bench-devices/device-ca-key.pem")));
                write(scenario.startsWith("00-bare-idle-") ? new IdleHubs(world, hubs, args).run()
                        : new RelayScenario(vertx, world, hubs, sockets, args).run(), scenario, loadAtStart, args);
            } else {
                gateway(scenario, vertx, hubs, sockets, args, port, loadAtStart);
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
        System.exit(0);
    }

    /** Scenarios 01-08 and the hub fleet: the world is built over the gateway's REST API. */
    private static void gateway(String scenario, Vertx vertx, HubConnector hubs, Sockets sockets, Args args, int port,
                                double loadAtStart) throws Exception {
        BenchWorld world = new BenchWorld(new Rest("http://127.0.0.1:" + port));
        if (scenario.equals("hub-fleet")) {
            new HubFleet(world, hubs, args).run(); // serves until SIGTERM
        }
        ObjectNode result = switch (scenario.substring(0, 2)) {
            case "01", "02", "03" -> new RelayScenario(vertx, world, hubs, sockets, args).run();
            case "04" -> new RevocationStorm(world, hubs, sockets, args).run();
            case "05" -> new IdleHubs(world, hubs, args).run();
            case "06" -> new ExpiryScenario(world, hubs, sockets, args).run();
            case "08" -> new CrossNode(vertx, world, hubs, sockets, args).run();
            default -> throw new IllegalArgumentException("unknown scenario " + scenario);
        };
        write(result, scenario, loadAtStart, args);
    }

    private static void write(ObjectNode result, String scenario, double loadAtStart, Args args) throws Exception {
        result.put("scenario", scenario);
        result.put("loadAverageAtStart", loadAtStart).put("loadAverageAtEnd", ProcessCpu.loadAverage());
        String line = Rest.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result);
        System.out.println(line);
        Path out = Path.of(args.get("out", "load-tests/results"));
        Files.createDirectories(out);
        Files.writeString(out.resolve(args.get("result-name", scenario) + ".json"), line);
    }
}
