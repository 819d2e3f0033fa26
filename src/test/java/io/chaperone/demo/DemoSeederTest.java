package io.chaperone.demo;

import io.chaperone.consent.SessionTemplate;
import io.chaperone.consent.SupportTicket;
import io.chaperone.home.Device;
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
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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

    @Test
    void shouldSeedTheDemoWorldOnceAndOnlyRotateTheHubCredentialWhenRunAgain() throws Throwable {
        // Given two runs with different hub credentials
        String first = DemoHubs.newCredential();
        String second = DemoHubs.newCredential();

        // When
        DemoData one = await(() -> Panache.withTransaction(() -> seeder.seed(first)));
        DemoData two = await(() -> Panache.withTransaction(() -> seeder.seed(second)));

        // Then the same records are found again, nothing is duplicated
        assertEquals(one, two);
        assertEquals(1L, (long) await(() -> Provider.count("org", "acme")));
        assertEquals(1L, (long) await(() -> Home.count("residentId", one.residentId())));
        assertEquals(1L, (long) await(() -> Hub.count("homeId", one.homeId())));
        assertEquals(5L, (long) await(() -> Device.count("key.hubId", one.hubId())));
        assertEquals(1L, (long) await(() -> SupportTicket.count("homeId", one.homeId())));
        assertEquals(3, one.templateIds().size());
        // and only the latest credential's hash is stored
        Hub hub = await(() -> Hub.<Hub>findById(one.hubId()));
        assertEquals(DemoHubs.hash(second), hub.credentialHash);
        assertNotEquals(DemoHubs.hash(first), hub.credentialHash);
    }

    @Test
    void shouldSeedPeopleHomeHubAndDevicesAsTheDemoDescribes() throws Throwable {
        DemoData data = await(() -> Panache.withTransaction(() -> seeder.seed(DemoHubs.newCredential())));

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
        Hub hub = await(() -> Hub.<Hub>findById(data.hubId()));
        assertEquals("Living-room hub", hub.name);
        assertEquals("chaperone-hub-1", hub.model);
        assertEquals("1.4.2", hub.firmware);
        assertFalse(hub.online);
        assertTrue(hub.credentialHash.matches("[0-9a-f]{64}"));
        List<Device> devices = await(() -> Device.<Device>list("key.hubId", data.hubId()));
        assertEquals(Map.of("thermostat-1", "thermostat", "light-1", "light", "camera-1", "camera",
                        "lock-1", "lock", "wifi-1", "wifi"),
                devices.stream().collect(Collectors.toMap(d -> d.key.deviceId(), d -> d.kind)));
        SupportTicket ticket = await(() -> SupportTicket.<SupportTicket>findById(data.ticketId()));
        assertEquals("open", ticket.state);
        assertEquals("alice", ticket.openedBy);
        assertEquals(data.homeId(), ticket.homeId);
        assertEquals(data.providerId(), ticket.providerId);
    }

    @Test
    void shouldSeedTheThreeTemplatesWithTheirOperationsKindsAndDurations() throws Throwable {
        DemoData data = await(() -> Panache.withTransaction(() -> seeder.seed(DemoHubs.newCredential())));

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
    void shouldPrintIdsAndLoginsInTheBannerButNeverTheHubCredential() throws Throwable {
        String credential = DemoHubs.newCredential();
        DemoData data = await(() -> Panache.withTransaction(() -> seeder.seed(credential)));

        String text = banner.text(data);

        assertTrue(text.contains(data.homeId().toString()));
        assertTrue(text.contains(data.hubId().toString()));
        assertTrue(text.contains(data.ticketId().toString()));
        data.templateIds().values().forEach(id -> assertTrue(text.contains(id.toString())));
        assertTrue(text.contains("/q/swagger-ui"));
        assertTrue(text.contains("/q/health/ready"));
        assertTrue(text.matches("(?s).*login-resident\\s+password resident-secret\\s+role resident\n.*"), text);
        assertFalse(text.contains(credential));
        assertFalse(text.contains(DemoHubs.hash(credential)));
    }

    @Test
    void shouldMintCredentialsOf32RandomBytesAndHashThemAsLowercaseHexSha256() {
        String credential = DemoHubs.newCredential();

        assertEquals(32, Base64.getUrlDecoder().decode(credential).length);
        assertFalse(credential.contains("="));
        assertNotEquals(credential, DemoHubs.newCredential());
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", DemoHubs.hash("abc"));
    }

    private SessionTemplate template(DemoData data, String name) throws Throwable {
        UUID id = data.templateIds().get(name);
        return await(() -> SessionTemplate.<SessionTemplate>findById(id));
    }

    private static <T> T await(Supplier<Uni<T>> work) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(work));
    }
}
