package io.chaperone.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chaperone.consent.SessionTemplate;
import io.chaperone.consent.SupportTicket;
import io.chaperone.demo.DemoCatalogue.Person;
import io.chaperone.demo.DemoCatalogue.TemplateSpec;
import io.chaperone.home.Home;
import io.chaperone.identity.Operator;
import io.chaperone.identity.Provider;
import io.chaperone.identity.Resident;
import io.chaperone.identity.Technician;
import io.chaperone.policy.DataClass;
import io.chaperone.policy.Operation;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Seeds the demo world ({@link DemoCatalogue}) at startup when {@code chaperone.demo.seed=true}.
 * Idempotent: every record is looked up by its natural key and created only when missing. It seeds no hub:
 * the simulated hubs of {@link DemoHubFleet} enroll into the demo home the way real hubs do.
 */
@ApplicationScoped
public class DemoSeeder {

    @ConfigProperty(name = "chaperone.demo.seed", defaultValue = "false")
    boolean enabled;
    @Inject
    Clock clock;
    @Inject
    DemoBanner banner;
    @Inject
    ObjectMapper json;

    private volatile DemoData seeded;

    void onStart(@Observes StartupEvent event) throws Throwable {
        if (!enabled) {
            return;
        }
        // Startup runs on the main thread, not an event loop: waiting here keeps readiness honest.
        DemoData data = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(this::seed));
        seeded = data;
        banner.print(data);
    }

    /** The demo world of this run, once seeded. */
    public Optional<DemoData> seeded() {
        return Optional.ofNullable(seeded);
    }

    /** Creates what is missing; call inside a transaction. */
    public Uni<DemoData> seed() {
        Instant now = clock.instant();
        Ids ids = new Ids();
        return findOrCreate(Provider.find("org", DemoCatalogue.PROVIDER_ORG), () -> provider(now))
                .invoke(p -> ids.provider = p.id)
                .chain(() -> findOrCreate(Resident.find("subject", DemoCatalogue.RESIDENT.username()),
                        () -> resident(DemoCatalogue.RESIDENT, now)))
                .invoke(r -> ids.resident = r.id)
                .chain(() -> findOrCreate(Technician.find("subject", DemoCatalogue.TECHNICIAN.username()),
                        () -> technician(DemoCatalogue.TECHNICIAN, ids.provider, now)))
                .invoke(t -> ids.technician = t.id)
                .chain(() -> findOrCreate(Operator.find("subject", DemoCatalogue.OPERATOR.username()),
                        () -> operator(DemoCatalogue.OPERATOR, now)))
                .invoke(o -> ids.operator = o.id)
                .chain(() -> findOrCreate(Home.find("residentId = ?1 and name = ?2", ids.resident, DemoCatalogue.HOME_NAME),
                        () -> home(ids.resident, now)))
                .invoke(h -> ids.home = h.id)
                .chain(() -> seedTemplates(now))
                .invoke(templates -> ids.templates = templates)
                .chain(() -> findOrCreate(SupportTicket.find("homeId = ?1 and providerId = ?2 and summary = ?3",
                        ids.home, ids.provider, DemoCatalogue.TICKET_SUMMARY), () -> ticket(ids.home, ids.provider, now)))
                .map(ticket -> new DemoData(ids.provider, ids.resident, ids.technician, ids.operator,
                        ids.home, ticket.id, ids.templates));
    }

    /** What the sequential steps of {@link #seed} have found or created so far. */
    private static final class Ids {
        UUID provider;
        UUID resident;
        UUID technician;
        UUID operator;
        UUID home;
        Map<String, UUID> templates;
    }

    private Uni<Map<String, UUID>> seedTemplates(Instant now) {
        return Multi.createFrom().iterable(DemoCatalogue.TEMPLATES)
                .onItem().transformToUniAndConcatenate(spec ->
                        findOrCreate(SessionTemplate.find("name", spec.name()), () -> template(spec, now)))
                .collect().in(LinkedHashMap::new, (ids, template) -> ids.put(template.name, template.id));
    }

    /** The first match of {@code query}, or the persisted result of {@code create}. */
    private static <T extends PanacheEntityBase> Uni<T> findOrCreate(
            PanacheQuery<T> query, Supplier<T> create) {
        return query.firstResult().chain(found -> found != null ? Uni.createFrom().item(found) : create.get().persist());
    }

    private static Provider provider(Instant now) {
        Provider p = new Provider();
        p.id = UUID.randomUUID();
        p.name = DemoCatalogue.PROVIDER_NAME;
        p.org = DemoCatalogue.PROVIDER_ORG;
        p.createdAt = now;
        return p;
    }

    private static Resident resident(Person person, Instant now) {
        Resident r = new Resident();
        r.id = UUID.randomUUID();
        r.subject = person.username();
        r.name = person.name();
        r.email = person.email();
        r.createdAt = now;
        return r;
    }

    private static Technician technician(Person person, UUID providerId, Instant now) {
        Technician t = new Technician();
        t.id = UUID.randomUUID();
        t.subject = person.username();
        t.name = person.name();
        t.email = person.email();
        t.providerId = providerId;
        t.createdAt = now;
        return t;
    }

    private static Operator operator(Person person, Instant now) {
        Operator o = new Operator();
        o.id = UUID.randomUUID();
        o.subject = person.username();
        o.name = person.name();
        o.email = person.email();
        o.createdAt = now;
        return o;
    }

    private static Home home(UUID residentId, Instant now) {
        Home h = new Home();
        h.id = UUID.randomUUID();
        h.residentId = residentId;
        h.name = DemoCatalogue.HOME_NAME;
        h.createdAt = now;
        return h;
    }

    private SessionTemplate template(TemplateSpec spec, Instant now) {
        SessionTemplate t = new SessionTemplate();
        t.id = UUID.randomUUID();
        t.name = spec.name();
        t.description = spec.description();
        t.ops = toJson(spec.ops().stream().map(Operation::wireName).toList());
        t.deviceKinds = toJson(spec.kinds());
        t.maxDurationMinutes = spec.maxDurationMinutes();
        t.redactionDefaults = toJson(Arrays.stream(DataClass.values()).map(DataClass::wireName).toList());
        t.expectedCommandRate = spec.expectedCommandRate();
        t.createdAt = now;
        return t;
    }

    private static SupportTicket ticket(UUID homeId, UUID providerId, Instant now) {
        SupportTicket t = new SupportTicket();
        t.id = UUID.randomUUID();
        t.homeId = homeId;
        t.providerId = providerId;
        t.openedBy = DemoCatalogue.RESIDENT.username();
        t.category = DemoCatalogue.TICKET_CATEGORY;
        t.summary = DemoCatalogue.TICKET_SUMMARY;
        t.state = "open";
        t.createdAt = now;
        t.updatedAt = now;
        return t;
    }

    private String toJson(List<String> values) {
        try {
            return json.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of names cannot be written as JSON", e);
        }
    }
}
