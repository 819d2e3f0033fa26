package io.chaperone.household;

import io.chaperone.consent.Approval;
import io.chaperone.consent.ConsentFixture;
import io.chaperone.consent.SessionState;
import io.chaperone.consent.SupportSession;
import io.chaperone.policy.Scope;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** RFC 9396 authorization_details: rendered in the request view, accepted by approve, the same grant as the native form. */
@QuarkusTest
class AuthorizationDetailsTest {

    private static final String TYPE = "chaperone_support_session";

    @Inject
    ConsentFixture fixture;

    @Test
    void shouldGrantExactlyWhatTheNativeFormGrants() {
        var world = fixture.world();
        String nativeId = request(world);
        String detailsId = request(world);

        approve(world, nativeId, Map.of("scope", Map.of("grants", List.of(
                        Map.of("devices", List.of("thermostat-1"), "ops", List.of("diag.read", "config.read")),
                        Map.of("devices", List.of("camera-1"), "ops", List.of("config.read")))),
                "durationMinutes", 20, "reveal", List.of("personal"), "startBy", "PT5M")).statusCode(200);
        List<Map<String, Object>> details = List.of(
                Map.of("type", TYPE, "actions", List.of("config.read", "diag.read"), "locations", List.of("thermostat-1"),
                        "datatypes", List.of("personal"), "duration", "PT20M", "start_by", "PT5M"),
                Map.of("type", TYPE, "actions", List.of("config.read"), "locations", List.of("camera-1"),
                        "datatypes", List.of("personal"), "duration", "PT20M", "start_by", "PT5M"));
        JsonPath approved = approve(world, detailsId, Map.of("authorization_details", details)).statusCode(200)
                .extract().jsonPath();

        assertSameGrant(nativeId, detailsId);
        // The grant renders back as the entries that were approved
        List<Map<String, Object>> granted = approved.getList("granted_authorization_details");
        assertThat(granted).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(granted.get(i)).containsAllEntriesOf(details.get(i)).containsEntry("identifier", detailsId);
        }
        assertThat(view(world, nativeId).getList("granted_authorization_details")).isEqualTo(
                approved.getList("granted_authorization_details").stream().map(e -> {
                    var copy = new java.util.HashMap<>((Map<String, Object>) e);
                    copy.put("identifier", nativeId);
                    return copy;
                }).toList());
    }

    @Test
    void shouldApproveTheRequestViewsOwnDetailsExactlyAsTheNativeFullRequestWould() {
        var world = fixture.world();
        String asRequested = request(world);
        String roundTrip = request(world);
        List<Object> offered = view(world, roundTrip).getList("authorization_details");
        assertThat(offered).singleElement().satisfies(e -> assertThat((Map<String, Object>) e)
                .containsEntry("type", TYPE).containsEntry("duration", "PT30M").containsEntry("start_by", "PT15M")
                .containsEntry("datatypes", List.of()).containsEntry("identifier", roundTrip));

        // {} would grant only the read-only part (ADR 0024); the offered details name the whole request, as does this
        approve(world, asRequested, Map.of("scope", Map.of("grants", view(world, asRequested).getList("requestedScope.grants"))))
                .statusCode(200);
        approve(world, roundTrip, Map.of("authorization_details", offered)).statusCode(200);

        assertSameGrant(asRequested, roundTrip);
    }

    @Test
    void shouldRefuseMalformedDetailsWithAStableCode() {
        var world = fixture.world();
        String sid = request(world);
        Map<String, Object> good = Map.of("type", TYPE, "actions", List.of("diag.read"), "locations", List.of("thermostat-1"));

        for (Object bad : List.of(
                List.of(),
                List.of(Map.of("type", "payment_initiation", "actions", List.of("diag.read"), "locations", List.of("thermostat-1"))),
                List.of(Map.of("type", TYPE, "actions", List.of("reboot.everything"), "locations", List.of("thermostat-1"))),
                List.of(Map.of("type", TYPE, "actions", List.of("diag.read"), "locations", List.of())),
                List.of(Map.of("type", TYPE, "actions", List.of("diag.read"), "locations", List.of("thermostat-1"), "privileges", List.of("admin"))),
                List.of(Map.of("type", TYPE, "actions", List.of("diag.read"), "locations", List.of("thermostat-1"), "duration", "30 minutes")),
                List.of(Map.of("type", TYPE, "actions", List.of("diag.read"), "locations", List.of("thermostat-1"), "datatypes", List.of("dna"))),
                List.of(good, Map.of("type", TYPE, "actions", List.of("diag.read"), "locations", List.of("camera-1"), "duration", "PT10M")),
                List.of(Map.of("type", TYPE, "actions", List.of("diag.read"), "locations", List.of("thermostat-1"),
                        "identifier", java.util.UUID.randomUUID().toString())),
                Map.of("type", TYPE))) {
            approve(world, sid, Map.of("authorization_details", bad)).statusCode(422)
                    .body("code", equalTo("authorization_details_invalid"));
        }
        approve(world, sid, Map.of("authorization_details", List.of(good), "durationMinutes", 10)).statusCode(422)
                .body("code", equalTo("authorization_details_conflict"));
        // Widening stays refused in this form too, as in the native one
        approve(world, sid, Map.of("authorization_details", List.of(Map.of("type", TYPE, "actions", List.of("diag.read"),
                "locations", List.of("lock-1"))))).statusCode(422).body("code", equalTo("scope_widening"));
        assertThat(fixture.session(sid).state).isEqualTo(SessionState.requested);
        assertThat(fixture.approvals(sid)).isEmpty();
    }

    private void assertSameGrant(String expectedId, String actualId) {
        SupportSession expected = fixture.session(expectedId);
        SupportSession actual = fixture.session(actualId);
        // Grants are sets: compared as (device, operation) pairs, not by the JSON's order
        assertThat(actual.granted().pairs()).isEqualTo(expected.granted().pairs()).isNotEmpty();
        assertThat(actual.scopeVersion).isEqualTo(expected.scopeVersion);
        assertThat(actual.durationMinutes).isEqualTo(expected.durationMinutes);
        assertThat(actual.reveal).isEqualTo(expected.reveal);
        assertThat(Duration.between(actual.approvedAt, actual.expiresAt))
                .isEqualTo(Duration.between(expected.approvedAt, expected.expiresAt));
        assertThat(Duration.between(actual.approvedAt, actual.startBy))
                .isEqualTo(Duration.between(expected.approvedAt, expected.startBy));
        Approval a = fixture.approvals(actualId).getFirst();
        Approval e = fixture.approvals(expectedId).getFirst();
        assertThat(Scope.fromJson(a.scope).pairs()).isEqualTo(Scope.fromJson(e.scope).pairs());
        assertThat(List.of(a.durationMinutes, a.reveal, a.decision)).isEqualTo(List.of(e.durationMinutes, e.reveal, e.decision));
    }

    private String request(ConsentFixture.World world) {
        return given().auth().oauth2(fixture.technicianToken(world)).contentType(ContentType.JSON)
                .body(Map.of("ticketId", world.ticketId(), "hubId", world.hubId(), "templateId", world.templateId(),
                        "durationMinutes", 30, "reason", "authorization_details test"))
                .post("/api/v1/sessions").then().statusCode(201).extract().path("id");
    }

    private JsonPath view(ConsentFixture.World world, String sid) {
        return given().auth().oauth2(fixture.residentToken(world)).get("/api/v1/sessions/{id}", sid).then()
                .statusCode(200).extract().jsonPath();
    }

    private io.restassured.response.ValidatableResponse approve(ConsentFixture.World world, String sid, Object body) {
        return given().auth().oauth2(fixture.residentToken(world)).contentType(ContentType.JSON).body(body)
                .post("/api/v1/sessions/{id}/approve", sid).then();
    }
}
