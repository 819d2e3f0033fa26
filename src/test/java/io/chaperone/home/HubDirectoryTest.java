package io.chaperone.home;

import io.chaperone.support.DirectoryFixture;
import io.chaperone.support.DirectoryFixture.HubRef;
import io.chaperone.web.ProblemException;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hub registration over REST and the service methods the relay and the demo seeder call. */
@QuarkusTest
class HubDirectoryTest {

    @Inject
    DirectoryFixture fixture;
    @Inject
    HubDirectory hubs;

    @Test
    void shouldShowTheCredentialOnceAndStoreOnlyItsHash() throws Exception {
        // Given
        String resident = fixture.resident();
        UUID home = fixture.home(resident);

        // When
        ExtractableResponse<Response> created = given().auth().oauth2(resident).contentType(ContentType.JSON)
                .body(Map.of("name", "Living-room hub", "model", "chaperone-hub-1", "firmware", "1.4.2"))
                .when().post("/api/v1/homes/{id}/hubs", home)
                .then().statusCode(201)
                .header("Cache-Control", "no-store")
                .body("name", equalTo("Living-room hub"))
                .body("model", equalTo("chaperone-hub-1"))
                .body("firmware", equalTo("1.4.2"))
                .body("online", equalTo(false))
                .body("lastSeenAt", nullValue())
                .extract();

        // Then: 32 random bytes, base64url without padding
        String id = created.path("id");
        String credential = created.path("credential");
        assertEquals(32, Base64.getUrlDecoder().decode(credential).length);
        assertEquals(43, credential.length());
        assertTrue(created.header("Location").endsWith("/api/v1/homes/" + home + "/hubs/" + id));
        // only the SHA-256 (hex) is stored, and the plaintext appears in no column of the row
        Row row = fixture.rows("SELECT * FROM hubs WHERE id = $1", UUID.fromString(id)).getFirst();
        assertEquals(sha256Hex(credential), row.getString("credential_hash"));
        for (int i = 0; i < row.size(); i++) {
            assertNotEquals(credential, String.valueOf(row.getValue(i)));
        }
        // and no later answer carries it
        given().auth().oauth2(resident).when().get("/api/v1/homes/{id}/hubs", home)
                .then().statusCode(200).body("$", hasSize(1)).body("[0].id", equalTo(id)).body("[0].credential", nullValue());
        given().auth().oauth2(resident).when().get("/api/v1/homes/{h}/hubs/{id}", home, id)
                .then().statusCode(200).body("id", equalTo(id)).body("credential", nullValue());
    }

    @Test
    void shouldGiveEveryHubADifferentCredential() {
        String resident = fixture.resident();
        UUID home = fixture.home(resident);

        HubRef first = fixture.hub(resident, home);
        HubRef second = fixture.hub(resident, home);

        assertNotEquals(first.credential(), second.credential());
    }

    @Test
    void shouldRefuseAHubWithoutModel() {
        String resident = fixture.resident();
        UUID home = fixture.home(resident);

        given().auth().oauth2(resident).contentType(ContentType.JSON)
                .body(Map.of("name", "Hub", "model", "", "firmware", "1.0"))
                .when().post("/api/v1/homes/{id}/hubs", home)
                .then().statusCode(400).contentType("application/problem+json").body("code", equalTo("invalid_body"));

        assertEquals(0, fixture.count("SELECT count(*) FROM hubs WHERE home_id = $1", home));
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
    void shouldAuthenticateTheHubByItsCredential() throws Throwable {
        String resident = fixture.resident();
        HubRef hub = fixture.hub(resident, fixture.home(resident));

        Optional<Hub> found = VertxContextSupport.subscribeAndAwait(() -> hubs.authenticate(hub.credential()));

        assertEquals(hub.id(), found.orElseThrow().id);
    }

    @Test
    void shouldNotAuthenticateAWrongCredential() throws Throwable {
        String resident = fixture.resident();
        HubRef hub = fixture.hub(resident, fixture.home(resident));
        char last = hub.credential().charAt(hub.credential().length() - 1);
        String oneCharOff = hub.credential().substring(0, hub.credential().length() - 1) + (last == 'A' ? 'B' : 'A');

        for (String wrong : new String[] {oneCharOff, sha256Hex(hub.credential()), "", " "}) {
            assertEquals(Optional.empty(), VertxContextSupport.subscribeAndAwait(() -> hubs.authenticate(wrong)));
        }
        assertEquals(Optional.empty(), VertxContextSupport.subscribeAndAwait(() -> hubs.authenticate(null)));
    }

    @Test
    void shouldRegisterAHubForTheSeederAndReturnItsCredential() throws Throwable {
        String resident = fixture.resident();
        UUID home = fixture.home(resident);

        HubRegistration registration = VertxContextSupport.subscribeAndAwait(
                () -> hubs.registerHub(home, "Seeded hub", "chaperone-hub-1", "1.4.2"));

        assertEquals(home, registration.hub().homeId);
        assertEquals(sha256Hex(registration.credential()), registration.hub().credentialHash);
        assertEquals(false, registration.toString().contains(registration.credential()));
        assertEquals(registration.hub().id, VertxContextSupport.subscribeAndAwait(
                () -> hubs.authenticate(registration.credential())).orElseThrow().id);
    }

    @Test
    void shouldRefuseToRegisterAHubForAnUnknownHome() {
        UUID unknown = UUID.randomUUID();

        ProblemException failure = assertThrows(ProblemException.class, () -> VertxContextSupport.subscribeAndAwait(
                () -> hubs.registerHub(unknown, "Hub", "m", "1")));

        assertEquals("not_found", failure.code());
        assertEquals(0, fixture.count("SELECT count(*) FROM hubs WHERE home_id = $1", unknown));
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

    private static String sha256Hex(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
