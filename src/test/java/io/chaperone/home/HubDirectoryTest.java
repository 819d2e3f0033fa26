package io.chaperone.home;

import io.chaperone.support.DirectoryFixture;
import io.chaperone.support.DirectoryFixture.HubRef;
import io.chaperone.web.ProblemException;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The hubs of a home over REST and the service methods the relay and enrollment call. */
@QuarkusTest
class HubDirectoryTest {

    @Inject
    DirectoryFixture fixture;
    @Inject
    HubDirectory hubs;

    @Test
    void shouldOfferNoWayToCreateAHubButEnrollment() {
        // Given a resident's home
        String resident = fixture.resident();
        UUID home = fixture.home(resident);

        // When the resident posts a hub (the interim credential registration, removed)
        given().auth().oauth2(resident).contentType(ContentType.JSON)
                .body(Map.of("name", "Living-room hub", "model", "chaperone-hub-1", "firmware", "1.4.2"))
                .when().post("/api/v1/homes/{id}/hubs", home)
                // Then there is no such resource method (answered like an unknown path), and no hub exists
                .then().statusCode(404);
        assertEquals(0, fixture.count("SELECT count(*) FROM hubs WHERE home_id = $1", home));
        // and the table keeps no credential column
        assertEquals(0, fixture.count("SELECT count(*) FROM information_schema.columns WHERE table_name = 'hubs'"
                + " AND column_name = 'credential_hash'"));
    }

    @Test
    void shouldAnswerNotFoundForAHubOfAnotherHome() {
        String resident = fixture.resident();
        UUID home = fixture.home(resident);
        UUID otherHome = fixture.home(resident);
        HubRef hub = fixture.hub(resident, otherHome);

        given().auth().oauth2(resident).when().get("/api/v1/homes/{h}/hubs/{id}", home, hub.id())
                .then().statusCode(404).body("code", equalTo("not_found")).body("detail", equalTo("hub not found"));
    }

    @Test
    void shouldReplaceTheInventoryInsertingUpdatingAndDeletingDevices() throws Throwable {
        // Given a hub that reported a thermostat and a light
        String resident = fixture.resident();
        HubRef hub = fixture.hub(resident, fixture.home(resident));
        VertxContextSupport.subscribeAndAwait(() -> hubs.replaceInventory(hub.id(), List.of(
                new DeviceInfo("thermostat-1", "thermostat", "T-100", "2.0.1", "ok"),
                new DeviceInfo("light-1", "light", "L-1", "1.0", "ok"))));

        // When it reports the thermostat changed, the light gone and a camera new
        VertxContextSupport.subscribeAndAwait(() -> hubs.replaceInventory(hub.id(), List.of(
                new DeviceInfo("thermostat-1", "thermostat", "T-100", "2.1.0", "degraded"),
                new DeviceInfo("camera-1", "camera", "C-9", "5.5", "ok"))));

        // Then
        List<Row> rows = fixture.rows("SELECT device_id, kind, model, firmware, status FROM devices "
                + "WHERE hub_id = $1 ORDER BY device_id", hub.id());
        assertEquals(List.of("camera-1|camera|C-9|5.5|ok", "thermostat-1|thermostat|T-100|2.1.0|degraded"),
                rows.stream().map(HubDirectoryTest::line).toList());
    }

    @Test
    void shouldLeaveOtherHubsDevicesAloneAndAcceptAnEmptyInventory() throws Throwable {
        String resident = fixture.resident();
        UUID home = fixture.home(resident);
        HubRef first = fixture.hub(resident, home);
        HubRef second = fixture.hub(resident, home);
        VertxContextSupport.subscribeAndAwait(() -> hubs.replaceInventory(first.id(),
                List.of(new DeviceInfo("lock-1", "lock", null, null, null))));
        VertxContextSupport.subscribeAndAwait(() -> hubs.replaceInventory(second.id(),
                List.of(new DeviceInfo("lock-1", "lock", null, null, null))));

        VertxContextSupport.subscribeAndAwait(() -> hubs.replaceInventory(first.id(), List.of()));

        assertEquals(0, fixture.count("SELECT count(*) FROM devices WHERE hub_id = $1", first.id()));
        assertEquals(1, fixture.count("SELECT count(*) FROM devices WHERE hub_id = $1", second.id()));
    }

    @Test
    void shouldRefuseADeviceWithoutIdOrKind() {
        assertThrows(IllegalArgumentException.class, () -> new DeviceInfo(" ", "lock", null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new DeviceInfo("lock-1", null, null, null, null));
    }

    @Test
    void shouldMarkTheHubOnlineAndOfflineWithLastSeen() throws Throwable {
        String resident = fixture.resident();
        UUID home = fixture.home(resident);
        HubRef hub = fixture.hub(resident, home);
        Instant connected = Instant.parse("2031-05-04T10:15:30.123456Z");
        Instant disconnected = connected.plus(90, ChronoUnit.SECONDS);

        VertxContextSupport.subscribeAndAwait(() -> hubs.markOnline(hub.id(), true, connected));
        given().auth().oauth2(resident).when().get("/api/v1/homes/{h}/hubs/{id}", home, hub.id())
                .then().statusCode(200).body("online", equalTo(true)).body("lastSeenAt", endsWith("10:15:30.123456Z"));

        VertxContextSupport.subscribeAndAwait(() -> hubs.markOnline(hub.id(), false, disconnected));
        given().auth().oauth2(resident).when().get("/api/v1/homes/{h}/hubs/{id}", home, hub.id())
                .then().statusCode(200).body("online", equalTo(false)).body("lastSeenAt", endsWith("10:17:00.123456Z"));
    }

    @Test
    void shouldFailToMarkAnUnknownHub() {
        ProblemException failure = assertThrows(ProblemException.class, () -> VertxContextSupport.subscribeAndAwait(
                () -> hubs.markOnline(UUID.randomUUID(), true, Instant.now())));

        assertEquals("not_found", failure.code());
    }

    private static String line(Row row) {
        return String.join("|", row.getString("device_id"), row.getString("kind"), row.getString("model"),
                row.getString("firmware"), row.getString("status"));
    }
}
