package io.chaperone.consent;

import io.chaperone.home.Device;
import io.chaperone.home.Home;
import io.chaperone.home.Hub;
import io.chaperone.identity.DevIssuer.DevToken;
import io.chaperone.identity.Provider;
import io.chaperone.identity.Resident;
import io.chaperone.identity.Technician;
import io.chaperone.support.Tokens;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/**
 * Test data for the lifecycle, written straight through the Panache entities (templates, homes,
 * hubs and tickets have their own REST elsewhere), and a recorder of {@link SessionChanged} events.
 */
@ApplicationScoped
public class ConsentFixture {

    @Inject
    Tokens tokens;

    final Queue<SessionChanged> changes = new ConcurrentLinkedQueue<>();

    void record(@Observes SessionChanged change) {
        changes.add(change);
    }

    public List<SessionChanged> changesOf(String sessionId) {
        return changes.stream().filter(c -> c.sessionId().toString().equals(sessionId)).toList();
    }

    /**
     * A provider with one technician, a resident with a home, a hub with a thermostat, a camera
     * and a lock, a template allowing diag.read/config.read/config.write on thermostats and cameras
     * for at most {@code maxMinutes}, and an open ticket.
     */
    public record World(String org, UUID providerId, String residentSubject, UUID residentId, UUID homeId, UUID hubId,
                        UUID templateId, UUID ticketId, String technicianSubject) {
    }

    public World world() {
        return world(120);
    }

    public World world(int maxMinutes) {
        String org = Tokens.unique("org");
        String residentSubject = Tokens.unique("resident");
        String technicianSubject = Tokens.unique("tech");
        Instant now = Instant.now();
        return inTransaction(() -> {
            Provider provider = new Provider();
            provider.id = UUID.randomUUID();
            provider.name = org;
            provider.org = org;
            provider.createdAt = now;
            Resident resident = new Resident();
            resident.id = UUID.randomUUID();
            resident.subject = residentSubject;
            resident.createdAt = now;
            Home home = new Home();
            home.id = UUID.randomUUID();
            home.residentId = resident.id;
            home.name = "home of " + residentSubject;
            home.createdAt = now;
            Hub hub = new Hub();
            hub.id = UUID.randomUUID();
            hub.homeId = home.id;
            hub.name = "hall";
            hub.model = "hb-1";
            hub.firmware = "1.4.2";
            hub.createdAt = now;
            SessionTemplate template = new SessionTemplate();
            template.id = UUID.randomUUID();
            template.name = Tokens.unique("template");
            template.ops = "[\"diag.read\",\"config.read\",\"config.write\"]";
            template.deviceKinds = "[\"thermostat\",\"camera\"]";
            template.maxDurationMinutes = maxMinutes;
            template.redactionDefaults = "[\"secret\"]";
            template.expectedCommandRate = 10;
            template.createdAt = now;
            SupportTicket ticket = new SupportTicket();
            ticket.id = UUID.randomUUID();
            ticket.homeId = home.id;
            ticket.providerId = provider.id;
            ticket.openedBy = residentSubject;
            ticket.category = "heating";
            ticket.summary = "thermostat offline";
            ticket.state = "open";
            ticket.createdAt = now;
            ticket.updatedAt = now;
            return provider.persist().chain(resident::persist).chain(home::persist).chain(hub::persist)
                    .chain(() -> device(hub.id, "thermostat-1", "thermostat", now).persist())
                    .chain(() -> device(hub.id, "camera-1", "camera", now).persist())
                    .chain(() -> device(hub.id, "lock-1", "lock", now).persist())
                    .chain(template::persist).chain(ticket::persist)
                    .replaceWith(new World(org, provider.id, residentSubject, resident.id, home.id, hub.id, template.id,
                            ticket.id, technicianSubject));
        });
    }

    /** Another hub, in another resident's home. */
    public UUID foreignHub() {
        return world().hubId();
    }

    public void setTicketState(UUID ticketId, String state) {
        inTransaction(() -> SupportTicket.<SupportTicket>findById(ticketId).invoke(t -> t.state = state));
    }

    public SupportSession session(String id) {
        return inTransaction(() -> SupportSession.findById(UUID.fromString(id)));
    }

    public SessionTemplate template(UUID id) {
        return inTransaction(() -> SessionTemplate.findById(id));
    }

    public List<Approval> approvals(String sessionId) {
        return inTransaction(() -> Approval.list("sessionId", UUID.fromString(sessionId)));
    }

    public long sessionsOfTicket(UUID ticketId) {
        return inTransaction(() -> SupportSession.count("ticketId", ticketId));
    }

    public UUID technicianId(String subject) {
        return inTransaction(() -> Technician.<Technician>find("subject", subject).firstResult().map(t -> t.id));
    }

    /** The world's technician, provisioned as the first login would. */
    public UUID provisionTechnician(World world) {
        return inTransaction(() -> Technician.<Technician>find("subject", world.technicianSubject()).firstResult()
                .chain(found -> {
                    if (found != null) {
                        return Uni.createFrom().item(found.id);
                    }
                    Technician technician = new Technician();
                    technician.id = UUID.randomUUID();
                    technician.subject = world.technicianSubject();
                    technician.providerId = world.providerId();
                    technician.createdAt = Instant.now();
                    return technician.persist().replaceWith(technician.id);
                }));
    }

    /** Stores a session the domain methods already drove into its state. */
    public SupportSession store(SupportSession session) {
        return inTransaction(session::persist);
    }

    public String residentToken(World world) {
        return tokens.resident(world.residentSubject());
    }

    public String technicianToken(World world) {
        return tokens.technician(world.technicianSubject(), world.org());
    }

    /** A resident token whose login happened at {@code authTime}. */
    public String residentToken(World world, Instant authTime, boolean mfa) {
        return tokens.residentAuthenticatedAt(world.residentSubject(), authTime, mfa);
    }

    public String technicianWithoutMfa(World world) {
        Instant now = Instant.now();
        return tokens.issue(new DevToken(world.technicianSubject(), "technician", Optional.of(world.org()),
                world.technicianSubject(), "t@example.test", false, now, now, Duration.ofMinutes(15), "chaperone"));
    }

    private static Device device(UUID hubId, String id, String kind, Instant now) {
        Device device = new Device();
        device.key = new Device.Key(hubId, id);
        device.kind = kind;
        device.model = kind + "-model";
        device.status = "ok";
        device.updatedAt = now;
        return device;
    }

    @SuppressWarnings("unchecked")
    static <T> T inTransaction(Supplier<Uni<? extends T>> work) {
        try {
            return (T) VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> (Uni<T>) work.get()));
        } catch (Throwable e) {
            throw new IllegalStateException("fixture failed", e);
        }
    }
}
