package io.chaperone.home;

import io.chaperone.support.DirectoryFixture;
import io.chaperone.support.DirectoryFixture.HubRef;
import io.chaperone.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class HomeResourceTest {

    @Inject
    DirectoryFixture fixture;
    @Inject
    Tokens tokens;
    @Inject
    HubDirectory hubs;

    @Test
    void shouldCreateHomeForTheResident() {
        String resident = fixture.resident();

        Response response = createHome(resident, "Alice's flat");

        response.then().statusCode(201)
                .contentType(ContentType.JSON)
                .body("name", equalTo("Alice's flat"))
                .body("id", notNullValue())
                .body("createdAt", notNullValue())
                .header("Location", endsWith("/api/v1/homes/" + response.path("id")));
        assertEquals(1, fixture.count("SELECT count(*) FROM homes h JOIN residents r ON r.id = h.resident_id "
                + "WHERE h.id = $1 AND h.name = $2", UUID.fromString(response.path("id")), "Alice's flat"));
    }

    @Test
    void shouldListOnlyTheCallersOwnHomes() {
        String alice = fixture.resident();
        String bob = fixture.resident();
        UUID first = fixture.home(alice);
        UUID second = fixture.home(alice);
        fixture.home(bob);

        given().auth().oauth2(alice).when().get("/api/v1/homes")
                .then().statusCode(200)
                .body("id", contains(first.toString(), second.toString()));
    }

    @Test
    void shouldShowHomeWithItsHubsAndDevices() throws Throwable {
        // Given a home with a hub that reported two devices
        String resident = fixture.resident();
        UUID home = fixture.home(resident);
        HubRef hub = fixture.hub(resident, home);
        VertxContextSupport.subscribeAndAwait(() -> hubs.replaceInventory(hub.id(), List.of(
                new DeviceInfo("thermostat-1", "thermostat", "T-100", "2.0.1", "ok"),
                new DeviceInfo("light-1", "light", null, null, "offline"))));

        // When
        given().auth().oauth2(resident).when().get("/api/v1/homes/{id}", home)
                // Then
                .then().statusCode(200)
                .body("id", equalTo(home.toString()))
                .body("hubs", hasSize(1))
                .body("hubs[0].id", equalTo(hub.id().toString()))
                .body("hubs[0].model", equalTo("chaperone-hub-1"))
                .body("hubs[0].firmware", equalTo("1.4.2"))
                .body("hubs[0].online", equalTo(false))
                .body("hubs[0].lastSeenAt", nullValue())
                .body("hubs[0].devices.id", contains("light-1", "thermostat-1"))
                .body("hubs[0].devices[0].kind", equalTo("light"))
                .body("hubs[0].devices[0].status", equalTo("offline"))
                .body("hubs[0].devices[1].model", equalTo("T-100"))
                .body("hubs[0].devices[1].firmware", equalTo("2.0.1"));
    }

    @Test
    void shouldShowAHomeWithoutHubs() {
        String resident = fixture.resident();
        UUID home = fixture.home(resident);

        given().auth().oauth2(resident).when().get("/api/v1/homes/{id}", home)
                .then().statusCode(200).body("hubs", empty());
    }

    @Test
    void shouldAnswerNotFoundAlikeForAForeignAndAnUnknownHome() {
        String alice = fixture.resident();
        String bob = fixture.resident();
        UUID aliceHome = fixture.home(alice);
        fixture.hub(alice, aliceHome);

        for (UUID id : List.of(aliceHome, UUID.randomUUID())) {
            given().auth().oauth2(bob).when().get("/api/v1/homes/{id}", id)
                    .then().statusCode(404).contentType("application/problem+json")
                    .body("code", equalTo("not_found")).body("detail", equalTo("home not found"));
            given().auth().oauth2(bob).when().get("/api/v1/homes/{id}/hubs", id)
                    .then().statusCode(404).body("code", equalTo("not_found")).body("detail", equalTo("home not found"));
            given().auth().oauth2(bob).contentType(ContentType.JSON).when().post("/api/v1/homes/{id}/hub-claims", id)
                    .then().statusCode(404).body("code", equalTo("not_found")).body("detail", equalTo("home not found"));
        }
        assertEquals(1, fixture.count("SELECT count(*) FROM hubs WHERE home_id = $1", aliceHome));
    }

    @Test
    void shouldAnswerNotFoundForAnIdThatIsNoUuid() {
        given().auth().oauth2(fixture.resident()).when().get("/api/v1/homes/not-a-uuid")
                .then().statusCode(404).contentType("application/problem+json").body("code", equalTo("not_found"));
    }

    @Test
    void shouldRefuseHomesToTechniciansAndOperators() {
        String technician = fixture.technicianOf(fixture.provider());
        String ops = tokens.ops(Tokens.unique("olivia"));

        for (String token : List.of(technician, ops)) {
            createHome(token, "Not mine").then().statusCode(403)
                    .contentType("application/problem+json").body("code", equalTo("role_required"));
            given().auth().oauth2(token).when().get("/api/v1/homes")
                    .then().statusCode(403).body("code", equalTo("role_required"));
        }
        assertEquals(0, fixture.count("SELECT count(*) FROM homes WHERE name = $1", "Not mine"));
    }

    @Test
    void shouldRefuseAnonymousCallers() {
        given().when().get("/api/v1/homes")
                .then().statusCode(401).contentType("application/problem+json").body("code", equalTo("unauthenticated"));
    }

    @Test
    void shouldAcceptANameOf200CharactersAndRefuse201() {
        String resident = fixture.resident();

        createHome(resident, "n".repeat(200)).then().statusCode(201);
        createHome(resident, "n".repeat(201)).then().statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("invalid_body"));
        createHome(resident, "  ").then().statusCode(400).body("code", equalTo("invalid_body"));

        given().auth().oauth2(resident).when().get("/api/v1/homes").then().body("$", hasSize(1));
    }

    @Test
    void shouldShowWhenAHomesDataWasErased() {
        String resident = fixture.resident();
        String id = createHome(resident, "Spare room").then().statusCode(201).body("erasedAt", nullValue())
                .extract().path("id");
        given().auth().oauth2(resident).get("/api/v1/homes/{id}", id).then().statusCode(200).body("erasedAt", nullValue());

        given().auth().oauth2(resident).delete("/api/v1/homes/{id}/data", id).then().statusCode(200);

        given().auth().oauth2(resident).get("/api/v1/homes").then().statusCode(200)
                .body("id", contains(id)).body("[0].name", equalTo("[erased]")).body("[0].erasedAt", notNullValue());
        given().auth().oauth2(resident).get("/api/v1/homes/{id}", id).then().statusCode(200)
                .body("erasedAt", notNullValue());
    }

    private static Response createHome(String token, String name) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("name", name))
                .when().post("/api/v1/homes");
    }
}
