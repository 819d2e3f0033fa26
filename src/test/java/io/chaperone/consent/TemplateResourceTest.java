package io.chaperone.consent;

import io.chaperone.support.DirectoryFixture;
import io.chaperone.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class TemplateResourceTest {

    @Inject
    Tokens tokens;
    @Inject
    DirectoryFixture fixture;

    @Test
    void shouldCreateTemplateAndLetEveryRoleReadIt() {
        // Given
        String ops = ops();
        Map<String, Object> body = template(Tokens.unique("Network troubleshooting"));

        // When
        Response created = create(ops, body);

        // Then
        created.then().statusCode(201)
                .body("name", equalTo(body.get("name")))
                .body("description", equalTo("Wi-Fi and connectivity problems"))
                .body("ops", contains("net.test", "config.read", "config.write"))
                .body("deviceKinds", contains("wifi", "light"))
                .body("maxDurationMinutes", equalTo(120))
                .body("redactionDefaults", contains("secret", "network"))
                .body("expectedCommandRate", equalTo(30))
                .body("createdAt", notNullValue())
                .header("Location", endsWith("/api/v1/templates/" + created.path("id")));
        String id = created.path("id");
        for (String reader : List.of(fixture.resident(), fixture.technicianOf(fixture.provider()), ops)) {
            given().auth().oauth2(reader).when().get("/api/v1/templates/{id}", id)
                    .then().statusCode(200).body("id", equalTo(id)).body("ops", contains("net.test", "config.read", "config.write"));
            given().auth().oauth2(reader).when().get("/api/v1/templates")
                    .then().statusCode(200).body("id", hasItem(id));
        }
    }

    @Test
    void shouldStoreOperationsAndClassesByWireNameWithoutDuplicates() {
        Map<String, Object> body = template(Tokens.unique("Dup"));
        body.put("ops", List.of("diag.read", "diag.read"));
        body.put("deviceKinds", List.of("lock", "lock"));

        String id = create(ops(), body).then().statusCode(201).extract().path("id");

        var row = fixture.rows("SELECT ops, device_kinds, redaction_defaults FROM session_templates WHERE id = $1",
                UUID.fromString(id)).getFirst();
        assertEquals("[\"diag.read\"]", row.getString("ops"));
        assertEquals("[\"lock\"]", row.getString("device_kinds"));
        assertEquals("[\"secret\",\"network\"]", row.getString("redaction_defaults"));
    }

    @Test
    void shouldRedactEveryDataClassWhenDefaultsAreOmitted() {
        Map<String, Object> body = template(Tokens.unique("Private by default"));
        body.remove("redactionDefaults");

        create(ops(), body).then().statusCode(201)
                .body("redactionDefaults", contains("secret", "personal", "media", "location", "network"));
    }

    @Test
    void shouldRefuseAnUnknownOperation() {
        assertRefused(with("ops", List.of("diag.read", "rm.rf")), 400, "unknown_operation");
    }

    @Test
    void shouldRefuseAnUnknownDataClass() {
        assertRefused(with("redactionDefaults", List.of("secret", "shoe-size")), 400, "invalid_body");
    }

    @Test
    void shouldRefuseEmptyOperationsOrDeviceKinds() {
        assertRefused(with("ops", List.of()), 400, "invalid_body");
        assertRefused(with("deviceKinds", List.of()), 400, "invalid_body");
        assertRefused(with("deviceKinds", List.of("wifi", " ")), 400, "invalid_body");
    }

    @Test
    void shouldAcceptExactlyTheGlobalMaximumAndRefuseOneMinuteMore() {
        create(ops(), with("maxDurationMinutes", 240)).then().statusCode(201).body("maxDurationMinutes", equalTo(240));
        assertRefused(with("maxDurationMinutes", 241), 400, "duration_exceeds_global_max");
    }

    @Test
    void shouldAcceptOneMinuteAndRefuseZero() {
        create(ops(), with("maxDurationMinutes", 1)).then().statusCode(201);
        assertRefused(with("maxDurationMinutes", 0), 400, "invalid_body");
    }

    @Test
    void shouldRefuseAMissingCommandRateOrAWrongType() {
        Map<String, Object> noRate = template(Tokens.unique("No rate"));
        noRate.remove("expectedCommandRate");
        assertRefused(noRate, 400, "invalid_body");
        assertRefused(with("maxDurationMinutes", "two hours"), 400, "malformed_body");
    }

    @Test
    void shouldRefuseADuplicateName() {
        String ops = ops();
        Map<String, Object> body = template(Tokens.unique("Diagnostics"));
        create(ops, body).then().statusCode(201);

        create(ops, body).then().statusCode(409).contentType("application/problem+json")
                .body("code", equalTo("template_exists"));

        assertEquals(1, fixture.count("SELECT count(*) FROM session_templates WHERE name = $1", body.get("name")));
    }

    @Test
    void shouldRefuseTemplatesToResidentsAndTechnicians() {
        Map<String, Object> body = template(Tokens.unique("Sneaky"));

        create(fixture.resident(), body).then().statusCode(403).body("code", equalTo("role_required"));
        create(fixture.technicianOf(fixture.provider()), body).then().statusCode(403).body("code", equalTo("role_required"));

        assertEquals(0, fixture.count("SELECT count(*) FROM session_templates WHERE name = $1", body.get("name")));
    }

    @Test
    void shouldAnswerNotFoundForAnUnknownTemplate() {
        given().auth().oauth2(fixture.resident()).when().get("/api/v1/templates/{id}", UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json").body("code", equalTo("not_found"));
    }

    private void assertRefused(Map<String, Object> body, int status, String code) {
        create(ops(), body).then().statusCode(status).contentType("application/problem+json").body("code", equalTo(code));
        assertEquals(0, fixture.count("SELECT count(*) FROM session_templates WHERE name = $1", body.get("name")));
    }

    private String ops() {
        return tokens.ops(Tokens.unique("olivia"));
    }

    private static Map<String, Object> with(String field, Object value) {
        Map<String, Object> body = template(Tokens.unique("Template"));
        body.put(field, value);
        return body;
    }

    private static Map<String, Object> template(String name) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("description", "Wi-Fi and connectivity problems");
        body.put("ops", List.of("net.test", "config.read", "config.write"));
        body.put("deviceKinds", List.of("wifi", "light"));
        body.put("maxDurationMinutes", 120);
        body.put("redactionDefaults", List.of("secret", "network"));
        body.put("expectedCommandRate", 30);
        return body;
    }

    private static Response create(String token, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).when().post("/api/v1/templates");
    }
}
