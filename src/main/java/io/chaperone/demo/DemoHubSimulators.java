package io.chaperone.demo;

import io.chaperone.simulator.HubAgent;
import io.chaperone.simulator.SimulatedHub;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The embedded default's simulated hubs: after the demo data is seeded, each demo hub connects to
 * this gateway's own /ws/hub as a real client would (its credential, reconnecting with backoff), so a
 * technician can work through it at once.
 */
@ApplicationScoped
public class DemoHubSimulators {

    private static final Logger LOG = Logger.getLogger(DemoHubSimulators.class);

    @Inject
    DemoHubs hubs;
    @Inject
    Vertx vertx;
    @ConfigProperty(name = "chaperone.demo.simulated-hubs", defaultValue = "false")
    boolean enabled;
    @ConfigProperty(name = "quarkus.http.port")
    int port;

    private final List<SimulatedHub> running = new CopyOnWriteArrayList<>();

    /** Runs after {@link DemoSeeder} (lower priority values observe first). */
    void start(@Observes @Priority(5000) StartupEvent event) {
        if (!enabled) {
            return;
        }
        URI endpoint = URI.create("ws://127.0.0.1:" + port + "/ws/hub");
        for (var hubId : hubs.hubIds()) {
            hubs.credential(hubId).ifPresent(credential -> {
                SimulatedHub hub = SimulatedHub.builder(vertx, endpoint).credential(credential)
                        .agent(HubAgent.standardHome(Clock.systemUTC())).autoReconnect(true)
                        .backoff(Duration.ofMillis(500), Duration.ofSeconds(10)).build();
                running.add(hub);
                hub.connect().onFailure(e -> LOG.debug("simulated hub will retry its connection"));
            });
        }
        LOG.infof("started %d simulated hub(s) against %s", running.size(), endpoint);
    }

    void stop(@Observes ShutdownEvent event) {
        running.forEach(SimulatedHub::close);
        running.clear();
    }
}
