package io.chaperone.consent;

import io.chaperone.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code GET /api/v1/operations}: the plain-language catalogue apps explain requests with. */
@QuarkusTest
class OperationResourceTest {

    @Inject
    Tokens tokens;

    @Test
    void shouldExplainEveryRequestableOperationAndDataClassToAResident() {
        given().auth().oauth2(tokens.resident(Tokens.unique("alice"))).when().get("/api/v1/operations")
                .then().statusCode(200)
                .body("operations.op", contains("diag.read", "logs.read", "net.test", "config.read", "config.write",
                        "device.reboot", "hub.reboot", "firmware.update"))
                .body("operations.kind", contains("read", "read", "read", "read", "write", "reboot", "reboot", "update"))
                .body("operations.readOnly", contains(true, true, true, true, false, false, false, false))
                .body("operations.systemOnly", everyItem(equalTo(false)))
                .body("operations.find { it.op == 'logs.read' }.dataClasses",
                        contains("secret", "personal", "location", "network"))
                .body("operations.find { it.op == 'device.reboot' }.dataClasses", hasSize(0))
                .body("operations.find { it.op == 'firmware.update' }.risk", equalTo("high"))
                .body("operations.find { it.op == 'config.write' }.title", equalTo("change the device's settings"))
                .body("dataClasses.dataClass", contains("secret", "personal", "media", "location", "network"))
                .body("dataClasses.find { it.dataClass == 'secret' }.title", equalTo("passwords, codes and keys"));
    }

    @Test
    void shouldServeTheSameCatalogueToTechniciansAndOps() {
        List<String> forOps = given().auth().oauth2(tokens.ops(Tokens.unique("olivia"))).when().get("/api/v1/operations")
                .then().statusCode(200).extract().path("operations.op");
        List<String> forTechnician = given().auth().oauth2(tokens.technician(Tokens.unique("tom"), "acme"))
                .when().get("/api/v1/operations").then().statusCode(200).extract().path("operations.op");

        assertEquals(forOps, forTechnician);
    }

    @Test
    void shouldRefuseAnonymousCallers() {
        given().when().get("/api/v1/operations")
                .then().statusCode(401).contentType("application/problem+json").body("code", equalTo("unauthenticated"));
    }

    @Test
    void shouldOfferTheShortestDurationFirstAndTheAskedOneLast() {
        assertEquals(List.of(10), RequestExplained.durationChoices(10));
        assertEquals(List.of(15), RequestExplained.durationChoices(15));
        assertEquals(List.of(15, 16), RequestExplained.durationChoices(16));
        assertEquals(List.of(15, 30, 45), RequestExplained.durationChoices(45));
        assertEquals(List.of(15, 30, 60, 120, 240), RequestExplained.durationChoices(240));
    }
}
