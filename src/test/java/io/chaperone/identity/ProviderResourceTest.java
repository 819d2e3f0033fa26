package io.chaperone.identity;

import io.chaperone.support.DirectoryFixture;
import io.chaperone.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class ProviderResourceTest {

    @Inject
    Tokens tokens;
    @Inject
    DirectoryFixture fixture;

    @Test
    void shouldCreateProviderAndListIt() {
        // Given
        String ops = tokens.ops(Tokens.unique("olivia"));
        String name = Tokens.unique("Acme Home Services");
        String org = Tokens.unique("acme");

        // When
        String id = create(ops, name, org)
                .then().statusCode(201)
                .body("name", equalTo(name))
                .body("org", equalTo(org))
                .body("id", notNullValue())
                .body("createdAt", notNullValue())
                .extract().path("id");

        // Then
        given().auth().oauth2(ops).when().get("/api/v1/providers")
                .then().statusCode(200)
                .body("id", hasItem(id))
                .body("find { it.id == '" + id + "' }.org", equalTo(org));
        assertEquals(1, fixture.count("SELECT count(*) FROM providers WHERE name = $1 AND org = $2", name, org));
    }

    @Test
    void shouldAnswerLocationOfTheNewProvider() {
        Response response = create(tokens.ops(Tokens.unique("olivia")), Tokens.unique("Acme"), Tokens.unique("org"));

        response.then().statusCode(201)
                .header("Location", endsWith("/api/v1/providers/" + response.path("id")));
    }

    @Test
    void shouldRefuseDuplicateName() {
        String ops = tokens.ops(Tokens.unique("olivia"));
        String name = Tokens.unique("Acme");
        create(ops, name, Tokens.unique("org")).then().statusCode(201);

        create(ops, name, Tokens.unique("org"))
                .then().statusCode(409).contentType("application/problem+json").body("code", equalTo("provider_exists"));

        assertEquals(1, fixture.count("SELECT count(*) FROM providers WHERE name = $1", name));
    }

    @Test
    void shouldRefuseDuplicateOrg() {
        String ops = tokens.ops(Tokens.unique("olivia"));
        String org = Tokens.unique("org");
        create(ops, Tokens.unique("Acme"), org).then().statusCode(201);

        create(ops, Tokens.unique("Other"), org)
                .then().statusCode(409).body("code", equalTo("provider_exists"));

        assertEquals(1, fixture.count("SELECT count(*) FROM providers WHERE org = $1", org));
    }

    @Test
    void shouldRefuseProvidersToResidentsAndTechnicians() {
        var provider = fixture.provider();
        String name = Tokens.unique("Sneaky");

        create(fixture.resident(), name, Tokens.unique("org"))
                .then().statusCode(403).contentType("application/problem+json").body("code", equalTo("role_required"));
        create(fixture.technicianOf(provider), name, Tokens.unique("org"))
                .then().statusCode(403).body("code", equalTo("role_required"));
        given().auth().oauth2(fixture.technicianOf(provider)).when().get("/api/v1/providers")
                .then().statusCode(403).body("code", equalTo("role_required"));

        assertEquals(0, fixture.count("SELECT count(*) FROM providers WHERE name = $1", name));
    }

    @Test
    void shouldListProvidersToResidentChoosingWhomToAsk() {
        var provider = fixture.provider();

        given().auth().oauth2(fixture.resident()).when().get("/api/v1/providers")
                .then().statusCode(200)
                .body("find { it.id == '" + provider.id() + "' }.name", notNullValue());
    }

    @Test
    void shouldRefuseBlankNameAndOrgThatIsNoIdentifier() {
        String ops = tokens.ops(Tokens.unique("olivia"));

        create(ops, " ", Tokens.unique("org")).then().statusCode(400).body("code", equalTo("invalid_body"));
        create(ops, Tokens.unique("Acme"), "two words").then().statusCode(400).body("code", equalTo("invalid_body"));
    }

    @Test
    void shouldLetTechnicianJoinProviderThroughOrgClaim() {
        var provider = fixture.provider();

        given().auth().oauth2(fixture.technicianOf(provider)).when().get("/api/v1/me")
                .then().statusCode(200).body("providerId", equalTo(provider.id().toString()));
    }

    private static Response create(String token, String name, String org) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("name", name, "org", org))
                .when().post("/api/v1/providers");
    }
}
