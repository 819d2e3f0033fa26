package io.chaperone.demo;

import io.chaperone.home.Hub;
import io.chaperone.simulator.CapabilityVerifier;
import io.chaperone.simulator.DeviceIdentity;
import io.chaperone.simulator.HubAgent;
import io.chaperone.simulator.HubAttester;
import io.chaperone.simulator.HubEnroller;
import io.chaperone.simulator.SimulatedHub;
import io.chaperone.trust.device.Baselines;
import io.chaperone.trust.device.DeviceTrustAudit;
import io.chaperone.trust.device.Enrollment;
import io.chaperone.trust.device.HubRemoval;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.quarkus.vertx.http.HttpServer;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The embedded default's live hubs: once both listeners are up and the demo is seeded, {@code chaperone.demo.simulated-hubs} simulated hubs
 * enroll into the demo home through the real flow (claim code → CSR over REST → certificate), connect to the mTLS
 * listener, attest and stay connected (reconnecting) until shutdown. Hubs of an earlier run are removed first.
 */
@ApplicationScoped
public class DemoHubFleet {

    static final String NAME_PREFIX = "Simulated hub ";
    /** Who the audit trail names for the demo's own claims, baselines and removals. */
    private static final String AUDIT_ACTOR = "system";
    private static final Logger LOG = Logger.getLogger(DemoHubFleet.class);

    @ConfigProperty(name = "chaperone.demo.simulated-hubs", defaultValue = "0")
    int configured;
    @Inject
    DemoSeeder seeder;
    @Inject
    Enrollment enrollment;
    @Inject
    HubRemoval removal;
    @Inject
    DeviceTrustAudit trustAudit;
    @Inject
    HttpServer server;
    @Inject
    Vertx vertx;
    @Inject
    Clock clock;

    private static final long LISTENER_POLL_MILLIS = 250;

    private final List<SimulatedHub> running = new CopyOnWriteArrayList<>();

    /** After {@link DemoSeeder}'s own startup observer (a later priority runs later). */
    void onSeeded(@Observes @Priority(Interceptor.Priority.LIBRARY_AFTER + 1000) StartupEvent event) {
        if (configured <= 0 || seeder.seeded().isEmpty()) {
            return;
        }
        // The listeners may bind after startup observers ran: begin once both have a port.
        vertx.setPeriodic(LISTENER_POLL_MILLIS, id -> {
            if (server.getPort() > 0 && server.getSecurePort() > 0) {
                vertx.cancelTimer(id);
                startInBackground();
            }
        });
    }

    private void startInBackground() {
        UUID homeId = seeder.seeded().get().homeId();
        // Enrollment blocks on HTTP: off the event loop.
        vertx.executeBlocking(() -> start(homeId, configured), false).onComplete(ar -> {
            if (ar.failed()) {
                LOG.warnf("demo hubs not started: %s", ar.cause().getClass().getSimpleName());
            } else {
                LOG.infof("%d simulated demo hub(s) enrolled and connecting", ar.result().size());
            }
        });
    }

    void onStop(@Observes ShutdownEvent event) {
        running.forEach(SimulatedHub::close);
        running.clear();
    }

    /** Enrolls and connects {@code count} simulated hubs into {@code homeId}; blocking, call it off the event loop. */
    public List<SimulatedHub> start(UUID homeId, int count) {
        URI gateway = URI.create("http://127.0.0.1:" + server.getPort());
        URI hubs = URI.create("wss://127.0.0.1:" + server.getSecurePort() + "/ws/hub");
        ensureBaseline();
        removeEarlier(homeId);
        List<SimulatedHub> started = new ArrayList<>();
        for (int n = 1; n <= count; n++) {
            String code = await(() -> enrollment.claim(homeId, AUDIT_ACTOR)).claimCode();
            DeviceIdentity identity = HubEnroller.enroll(gateway, code, NAME_PREFIX + n, DemoCatalogue.HUB_MODEL,
                    DemoCatalogue.HUB_FIRMWARE);
            SimulatedHub hub = SimulatedHub.builder(vertx, hubs).identity(identity).autoReconnect(true)
                    .attestation(new HubAttester(identity, DemoCatalogue.HUB_MODEL, DemoCatalogue.HUB_FIRMWARE))
                    .agent(HubAgent.standardHome(clock).enforceCapabilities(
                            CapabilityVerifier.fetch(gateway.resolve("/.well-known/jwks.json"))))
                    .build();
            hub.connect();
            LOG.infof("live simulated hub %s  %s  (use this hub id for sessions)", NAME_PREFIX + n, identity.hubId());
            running.add(hub);
            started.add(hub);
        }
        return started;
    }

    /** The demo hub model's reference values, as its vendor would publish them. */
    private void ensureBaseline() {
        await(() -> Panache.withTransaction(() -> Baselines.registerIfAbsent(DemoCatalogue.HUB_MODEL, DemoCatalogue.HUB_FIRMWARE,
                HubAttester.referenceMeasurements(DemoCatalogue.HUB_MODEL, DemoCatalogue.HUB_FIRMWARE), clock.instant(),
                baseline -> trustAudit.baselineRegistered(baseline, AUDIT_ACTOR))));
    }

    private void removeEarlier(UUID homeId) {
        List<Hub> earlier = await(() -> Panache.withSession(() -> Hub.<Hub>list(
                "homeId = ?1 and removedAt is null and name like ?2", homeId, NAME_PREFIX + "%")));
        for (Hub hub : earlier) {
            await(() -> removal.remove(homeId, hub.id, AUDIT_ACTOR).replaceWith(hub));
        }
    }

    private static <T> T await(java.util.function.Supplier<io.smallrye.mutiny.Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (Throwable e) {
            throw new IllegalStateException("demo hub set-up failed", e);
        }
    }
}
