package io.chaperone.demo;

import io.chaperone.consent.SessionTemplate;
import io.chaperone.consent.SupportTicket;
import io.chaperone.home.Home;
import io.chaperone.home.Hub;
import io.chaperone.identity.Operator;
import io.chaperone.identity.Provider;
import io.chaperone.identity.Resident;
import io.chaperone.identity.Technician;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.util.UUID;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seeder against the real database. %test does not seed at startup, so this test owns the demo
 * names (acme, alice, tom, olivia); everything else in the suite uses unique names.
 */
@QuarkusTest
class DemoSeederTest {

    @Inject
    DemoSeeder seeder;
    @Inject
    DemoBanner banner;
    @ConfigProperty(name = "quarkus.management.port")
    int managementPort;

    @Test
    void shouldSeedTheDemoWorldOnceWhenRunAgain() throws Throwable {
        // When it is seeded twice
        DemoData one = await(() -> Panache.withTransaction(() -> seeder.seed()));
        DemoData two = await(() -> Panache.withTransaction(() -> seeder.seed()));

        // Then the same records are found again, nothing is duplicated
        assertEquals(one, two);
        assertEquals(1L, (long) await(() -> Provider.count("org", "acme")));
        assertEquals(1L, (long) await(() -> Home.count("residentId", one.residentId())));
        assertEquals(1L, (long) await(() -> SupportTicket.count("homeId", one.homeId())));
        assertEquals(3, one.templateIds().size());
        // and no hub: hubs only enroll (DemoHubFleet does it for the demo)
        assertEquals(0L, (long) await(() -> Hub.count("homeId", one.homeId())));
    }

    @Test
    void shouldSeedPeopleHomeAndTicketAsTheDemoDescribes() throws Throwable {
        DemoData data = await(() -> Panache.withTransaction(() -> seeder.seed()));

        Provider acme = await(() -> Provider.<Provider>findById(data.providerId()));
        assertEquals("Acme Home Services", acme.name);
        assertEquals("acme", acme.org);
        assertEquals("alice", await(() -> Resident.<Resident>findById(data.residentId())).subject);
        Technician tom = await(() -> Technician.<Technician>findById(data.technicianId()));
        assertEquals("tom", tom.subject);
        assertEquals(acme.id, tom.providerId);
        assertEquals("olivia", await(() -> Operator.<Operator>findById(data.operatorId())).subject);
        Home home = await(() -> Home.<Home>findById(data.homeId()));
        assertEquals("Alice's flat", home.name);
        assertEquals(data.residentId(), home.residentId);
        SupportTicket ticket = await(() -> SupportTicket.<SupportTicket>findById(data.ticketId()));
        assertEquals("open", ticket.state);
        assertEquals("alice", ticket.openedBy);
        assertEquals(data.homeId(), ticket.homeId);
        assertEquals(data.providerId(), ticket.providerId);
    }

    @Test
    void shouldSeedTheThreeTemplatesWithTheirOperationsKindsAndDurations() throws Throwable {
        DemoData data = await(() -> Panache.withTransaction(() -> seeder.seed()));

        SessionTemplate diagnostics = template(data, "Diagnostics (read-only)");
        assertEquals("[\"diag.read\",\"logs.read\",\"net.test\",\"config.read\"]", diagnostics.ops);
        assertEquals("[\"thermostat\",\"light\",\"camera\",\"lock\",\"wifi\"]", diagnostics.deviceKinds);
        assertEquals(60, diagnostics.maxDurationMinutes);
        SessionTemplate network = template(data, "Network troubleshooting");
        assertEquals("[\"diag.read\",\"logs.read\",\"net.test\",\"config.read\",\"config.write\",\"device.reboot\"]",
                network.ops);
        assertEquals("[\"wifi\",\"light\",\"thermostat\"]", network.deviceKinds);
        assertEquals(120, network.maxDurationMinutes);
        SessionTemplate change = template(data, "Configuration change");
        assertEquals("[\"config.read\",\"config.write\",\"device.reboot\",\"hub.reboot\",\"firmware.update\"]", change.ops);
        assertEquals("[\"thermostat\",\"light\",\"camera\",\"lock\",\"wifi\"]", change.deviceKinds);
        assertEquals(240, change.maxDurationMinutes);
        assertEquals("[\"secret\",\"personal\",\"media\",\"location\",\"network\"]", change.redactionDefaults);
    }

    @Test
    void shouldPrintIdsLoginsAndTheManagementPortsUrlsInTheBanner() throws Throwable {
        DemoData data = await(() -> Panache.withTransaction(() -> seeder.seed()));

        String text = banner.text(data);

        assertTrue(text.contains(data.homeId().toString()));
        assertTrue(text.contains(data.ticketId().toString()));
        data.templateIds().values().forEach(id -> assertTrue(text.contains(id.toString())));
        // Swagger UI, OpenAPI and health are served on the management port only
        String management = "http://localhost:" + managementPort;
        assertTrue(text.contains("Swagger UI   " + management + "/q/swagger-ui\n"), text);
        assertTrue(text.contains("OpenAPI      " + management + "/q/openapi\n"), text);
        assertTrue(text.contains("Health       " + management + "/q/health/ready\n"), text);
        assertTrue(text.matches("(?s).*login-resident\\s+password resident-secret\\s+code 424242\\s+role resident\n.*"), text);
        assertTrue(text.contains("Web pages    http://localhost:"), text);
        assertFalse(text.contains("Living-room hub"));
    }

    private SessionTemplate template(DemoData data, String name) throws Throwable {
        UUID id = data.templateIds().get(name);
        return await(() -> SessionTemplate.<SessionTemplate>findById(id));
    }

    private static <T> T await(Supplier<Uni<T>> work) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(work));
    }
}
