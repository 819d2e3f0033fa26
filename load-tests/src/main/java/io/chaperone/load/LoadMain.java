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
 * Options: {@code --port 8080 --management-port 9000 --loopbacks 8 --sessions 64 --inflight 4 --warmup 5s
 * --duration 20s --rate 5000 --hubs 20000 --gateway-pid <pid> --out load-tests/results}.
 */
public final class LoadMain {

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        String scenario = args.get("scenario", "03-policy-and-audit");
        int port = args.integer("port", 8080);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        try {
            Sockets sockets = new Sockets(vertx, port, args.integer("loopbacks", 8));
            BenchWorld world = new BenchWorld(new Rest("http://127.0.0.1:" + port));
            ObjectNode result = switch (scenario.substring(0, 2)) {
                case "01", "02", "03" -> new RelayScenario(vertx, world, sockets, args).run();
                case "04" -> new RevocationStorm(world, sockets, args).run();
                case "05" -> new IdleHubs(world, sockets, args).run();
                case "06" -> new ExpiryScenario(world, sockets, args).run();
                default -> throw new IllegalArgumentException("unknown scenario " + scenario);
            };
            result.put("scenario", scenario);
            String line = Rest.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result);
            System.out.println(line);
            Path out = Path.of(args.get("out", "load-tests/results"));
            Files.createDirectories(out);
            Files.writeString(out.resolve(scenario + ".json"), line);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
        System.exit(0);
    }
}
