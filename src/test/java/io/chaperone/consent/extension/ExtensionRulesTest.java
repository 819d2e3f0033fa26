package io.chaperone.consent.extension;

import io.chaperone.consent.ConsentFixture;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** Extensions outside the live path: bounds, one at a time, step-up, denial, and that scope never moves. */
@QuarkusTest
class ExtensionRulesTest {

    @Inject
    ConsentFixture fixture;
    @Inject
    Pool pool;

    @Test
    void shouldDenyWithoutMovingTheEndAndRefuseDecidingTwice() {
        var world = fixture.world();
        String sid = approved(world, 60);
        Instant end = fixture.session(sid).expiresAt;
        String xid = ask(world, sid, 20).statusCode(201).body("state", equalTo("requested")).extract().path("id");
        ask(world, sid, 5).statusCode(409).body("code", equalTo("extension_pending"));

        given().auth().oauth2(fixture.residentToken(world, Instant.now(), false))
                .post("/api/v1/sessions/{id}/extensions/{x}/approve", sid, xid).then().statusCode(401)
                .body("code", equalTo("step_up_required"));
        given().auth().oauth2(fixture.residentToken(world, Instant.now(), false))
                .post("/api/v1/sessions/{id}/extensions/{x}/deny", sid, xid).then().statusCode(200)
                .body("expiresAt", equalTo(end.toString())).body("scope.version", equalTo(1));
        given().auth().oauth2(fixture.residentToken(world, Instant.now(), true))
                .post("/api/v1/sessions/{id}/extensions/{x}/approve", sid, xid).then().statusCode(409)
                .body("code", equalTo("extension_decided"));

        assertThat(fixture.session(sid).expiresAt).isEqualTo(end);
        assertThat(rows(sid, "extension.requested", xid)).isEqualTo(1);
        assertThat(rows(sid, "extension.denied", xid)).isEqualTo(1);
        assertThat(rows(sid, "extension.approved", xid)).isZero();
        assertThat(count("SELECT count(*) FROM consent_receipts WHERE session_id = $1 AND kind = 'extension'", sid)).isZero();
    }

    @Test
    void shouldApproveByExactlyTheMinutesAskedAndKeepTheScope() {
        var world = fixture.world();
        String sid = approved(world, 60);
        Instant end = fixture.session(sid).expiresAt;
        String xid = ask(world, sid, 15).statusCode(201).extract().path("id");

        given().auth().oauth2(fixture.residentToken(world, Instant.now(), true))
                .post("/api/v1/sessions/{id}/extensions/{x}/approve", sid, xid).then().statusCode(200)
                .body("expiresAt", equalTo(end.plus(Duration.ofMinutes(15)).toString()))
                .body("scope.version", equalTo(1));

        assertThat(fixture.session(sid).scopeVersion).isEqualTo(1);
        given().auth().oauth2(fixture.technicianToken(world)).get("/api/v1/sessions/{id}/extensions/{x}", sid, xid)
                .then().statusCode(200).body("state", equalTo("approved"))
                .body("previousExpiresAt", equalTo(end.toString()))
                .body("newExpiresAt", equalTo(end.plus(Duration.ofMinutes(15)).toString()));
        assertThat(rows(sid, "extension.approved", xid)).isEqualTo(1);
    }

    @Test
    void shouldRefuseExtensionsBeyondTheBounds() {
        var world = fixture.world(240);
        String sid = approved(world, 200);
        ask(world, sid, 61).statusCode(422).body("code", equalTo("extension_too_long"));
        // 200 + 40 = 240 minutes is the maximum total; one more minute is too many.
        ask(world, sid, 41).statusCode(422).body("code", equalTo("extension_exceeds_maximum"));
        ask(world, sid, 40).statusCode(201);
        String foreign = approved(fixture.world(), 30);
        ask(world, foreign, 5).statusCode(404);
        ask(world, sid, 0).statusCode(400);
    }

    @Test
    void shouldRefuseAnExtensionOfARequestNotYetApproved() {
        var world = fixture.world();
        String sid = given().auth().oauth2(fixture.technicianToken(world)).contentType(ContentType.JSON)
                .body(Map.of("ticketId", world.ticketId(), "hubId", world.hubId(), "templateId", world.templateId(),
                        "durationMinutes", 30, "reason", "heating check"))
                .post("/api/v1/sessions").then().statusCode(201).extract().path("id");
        ask(world, sid, 5).statusCode(409).body("code", equalTo("session_not_active"));
    }

    private ValidatableResponse ask(ConsentFixture.World world, String sid, int minutes) {
        return given().auth().oauth2(fixture.technicianToken(world)).contentType(ContentType.JSON)
                .body(Map.of("minutes", minutes, "reason", "log upload")).post("/api/v1/sessions/{id}/extensions", sid).then();
    }

    private String approved(ConsentFixture.World world, int minutes) {
        String sid = given().auth().oauth2(fixture.technicianToken(world)).contentType(ContentType.JSON)
                .body(Map.of("ticketId", world.ticketId(), "hubId", world.hubId(), "templateId", world.templateId(),
                        "durationMinutes", minutes, "reason", "heating check"))
                .post("/api/v1/sessions").then().statusCode(201).extract().path("id");
        given().auth().oauth2(fixture.residentToken(world, Instant.now(), true)).contentType(ContentType.JSON)
                .body(Map.of()).post("/api/v1/sessions/{id}/approve", sid).then().statusCode(200);
        return sid;
    }

    private long rows(String sid, String kind, String correlation) {
        return count("SELECT count(*) FROM audit_events WHERE chain_id = $1 AND kind = '" + kind
                + "' AND correlation_id = '" + correlation + "'", sid);
    }

    private long count(String sql, String sid) {
        return pool.preparedQuery(sql).execute(Tuple.of(UUID.fromString(sid)))
                .map(r -> r.iterator().next().getLong(0)).await().atMost(Duration.ofSeconds(10));
    }
}
