package io.chaperone.consent;

import io.chaperone.support.MutableClock;
import io.chaperone.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static io.chaperone.consent.SessionApi.get;
import static io.chaperone.consent.SessionApi.post;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Approval with step-up, narrowing only, and the resident's other decisions. */
@QuarkusTest
class SessionApprovalTest {

    static final String CHALLENGE_START = "Bearer error=\"insufficient_user_authentication\", error_description=\"";

    @Inject
    ConsentFixture fixture;
    @Inject
    MutableClock clock;
    @Inject
    Tokens tokens;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void shouldApproveOnlyTheReadOnlySubsetWithEmptyRevealByDefaultAndRecordTheStepUp() {
        // Given
        var world = fixture.world();
        String id = SessionApi.requested(fixture, world, 60);

        // When the resident approves with {} (the request holds config.write too)
        post(fixture.residentToken(world), "/" + id + "/approve", Map.of()).statusCode(200)
                .body("state", equalTo("approved"))
                .body("scope.version", equalTo(1))
                .body("scope.grants[0].devices", containsInAnyOrder("camera-1", "thermostat-1"))
                .body("scope.grants", hasSize(1))
                .body("scope.grants[0].ops", containsInAnyOrder("diag.read", "config.read"))
                .body("durationMinutes", equalTo(60))
                .body("reveal", hasSize(0));

        // Then
        SupportSession stored = fixture.session(id);
        assertEquals(SessionState.approved, stored.state);
        assertEquals(stored.approvedAt.plus(Duration.ofMinutes(60)), stored.expiresAt);
        assertEquals(stored.requested().readOnly().pairs(), stored.granted().pairs());
        assertEquals(false, stored.granted().permits("thermostat-1", io.chaperone.policy.Operation.CONFIG_WRITE));
        List<Approval> approvals = fixture.approvals(id);
        assertEquals(1, approvals.size());
        Approval approval = approvals.get(0);
        assertEquals("approved", approval.decision);
        assertEquals(world.residentId(), approval.residentId);
        assertEquals("mfa", approval.acr);
        assertEquals("otp pwd", approval.amr);
        assertEquals(false, approval.authTime == null);
        assertEquals("[]", approval.reveal);
        assertEquals(60, approval.durationMinutes);
        var changes = fixture.changesOf(id);
        assertEquals(SessionState.requested, changes.get(1).from());
        assertEquals(SessionState.approved, changes.get(1).to());
        assertEquals(1, changes.get(1).scope().version());
        assertEquals(stored.expiresAt, changes.get(1).expiresAt());
    }

    @Test
    void shouldApproveAWriteOnlyWhenTheResidentNamesIt() {
        var world = fixture.world();
        String id = SessionApi.requested(fixture, world, 60);
        Map<String, Object> everything = Map.of("grants", List.of(Map.of("devices", List.of("thermostat-1", "camera-1"),
                "ops", List.of("diag.read", "config.read", "config.write"))));

        post(fixture.residentToken(world), "/" + id + "/approve", Map.of("scope", everything)).statusCode(200)
                .body("scope.grants[0].ops", containsInAnyOrder("diag.read", "config.read", "config.write"));

        assertEquals(fixture.session(id).requested().pairs(), fixture.session(id).granted().pairs());
    }

    @Test
    void shouldRefuseADefaultApprovalOfARequestWithNothingReadOnly() {
        var world = fixture.world();
        Map<String, Object> body = new java.util.HashMap<>(SessionApi.requestBody(world, 30));
        body.put("scope", SessionRequestTest.scope("thermostat-1", "config.write"));
        String id = post(fixture.technicianToken(world), "", body).statusCode(201).extract().path("id");

        post(fixture.residentToken(world), "/" + id + "/approve", Map.of()).statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo("scope_required"));

        assertEquals(SessionState.requested, fixture.session(id).state);
        assertEquals(0, fixture.approvals(id).size());
        post(fixture.residentToken(world), "/" + id + "/approve",
                Map.of("scope", SessionRequestTest.scope("thermostat-1", "config.write"))).statusCode(200)
                .body("scope.grants[0].ops", containsInAnyOrder("config.write"));
    }

    @Test
    void shouldExplainTheRequestInPlainLanguage() {
        var world = fixture.world();
        String id = SessionApi.requested(fixture, world, 30);
        String template = fixture.template(world.templateId()).name;

        get(fixture.residentToken(world), "/" + id).statusCode(200)
                .body("request.provider", equalTo(world.org()))
                .body("request.templateName", equalTo(template))
                .body("request.reason", equalTo("thermostat offline since Monday"))
                .body("request.durationMinutes", equalTo(30))
                .body("request.devices", org.hamcrest.Matchers.contains("camera-1", "thermostat-1"))
                .body("request.operations.op", org.hamcrest.Matchers.contains("diag.read", "config.read", "config.write"))
                .body("request.operations[0].title", equalTo("read the device's diagnostics"))
                .body("request.operations[0].reads",
                        equalTo("temperatures, battery level, signal strength, uptime and error counters"))
                .body("request.operations[0].never", equalTo("your passwords or Wi-Fi key"))
                .body("request.operations[0].risk", equalTo("low"))
                .body("request.operations[0].readOnly", equalTo(true))
                .body("request.operations[2].risk", equalTo("high"))
                .body("request.operations[2].readOnly", equalTo(false))
                .body("request.defaultApproval", org.hamcrest.Matchers.contains("diag.read", "config.read"))
                .body("request.operations.kind", org.hamcrest.Matchers.contains("read", "read", "write"))
                .body("request.operations[0].dataClasses", org.hamcrest.Matchers.contains("network"))
                .body("request.operations[2].dataClasses",
                        org.hamcrest.Matchers.contains("secret", "personal", "media", "location", "network"))
                .body("request.operations.systemOnly", org.hamcrest.Matchers.everyItem(equalTo(false)))
                .body("request.durationChoices", org.hamcrest.Matchers.contains(15, 30))
                // The fixture's template always redacts secrets: the other four classes may be revealed.
                .body("request.revealable", org.hamcrest.Matchers.contains("personal", "media", "location", "network"))
                .body("request.summary", org.hamcrest.Matchers.endsWith(" from " + world.org()
                        + " wants to read the device's diagnostics, read the device's settings and change the device's "
                        + "settings (camera-1, thermostat-1) for 30 minutes because: thermostat offline since Monday"));
    }

    @Test
    void shouldApproveANarrowerScopeAndShorterDurationWithReveal() {
        var world = fixture.world();
        String id = SessionApi.requested(fixture, world, 60);
        Map<String, Object> body = Map.of("durationMinutes", 20, "reveal", List.of("network"),
                "scope", SessionRequestTest.scope("thermostat-1", "diag.read"));

        post(fixture.residentToken(world), "/" + id + "/approve", body).statusCode(200)
                .body("scope.grants[0].devices", containsInAnyOrder("thermostat-1"))
                .body("scope.grants[0].ops", containsInAnyOrder("diag.read"))
                .body("durationMinutes", equalTo(20))
                .body("reveal", containsInAnyOrder("network"))
                .body("devices.id", containsInAnyOrder("thermostat-1"));
    }

    @Test
    void shouldKeepTheTemplatesRedactionDefaultsOutOfTheRevealSet() {
        var world = fixture.world(); // its template redacts secret by default
        String id = SessionApi.requested(fixture, world, 60);

        post(fixture.residentToken(world), "/" + id + "/approve", Map.of("reveal", List.of("secret", "network")))
                .statusCode(200)
                .body("reveal", containsInAnyOrder("network"));

        assertEquals("[\"network\"]", fixture.session(id).reveal);
        assertEquals("[\"network\"]", fixture.approvals(id).get(0).reveal);
    }

    @Test
    void shouldRefuseScopeWideningAtApproval() {
        var world = fixture.world();
        Map<String, Object> body = new java.util.HashMap<>(SessionApi.requestBody(world, 60));
        body.put("scope", SessionRequestTest.scope("thermostat-1", "diag.read"));
        String id = post(fixture.technicianToken(world), "", body).statusCode(201).extract().path("id");

        post(fixture.residentToken(world), "/" + id + "/approve",
                Map.of("scope", SessionRequestTest.scope("thermostat-1", "config.write"))).statusCode(422)
                .body("code", equalTo("scope_widening"));

        assertEquals(SessionState.requested, fixture.session(id).state);
        assertEquals(0, fixture.approvals(id).size());
    }

    @Test
    void shouldRefuseDurationWideningAtApproval() {
        var world = fixture.world();
        String id = SessionApi.requested(fixture, world, 60);

        post(fixture.residentToken(world), "/" + id + "/approve", Map.of("durationMinutes", 61)).statusCode(422)
                .body("code", equalTo("duration_widening"));

        assertEquals(SessionState.requested, fixture.session(id).state);
    }

    @Test
    void shouldAcceptALoginOneSecondInsideTheStepUpMaxAge() {
        Instant now = pinnedNow();
        var world = fixture.world();
        String id = SessionApi.requested(fixture, world, 60);

        post(fixture.residentToken(world, now.minusSeconds(299), true), "/" + id + "/approve", Map.of()).statusCode(200)
                .body("state", equalTo("approved"));
    }

    @Test
    void shouldChallengeALoginOneSecondPastTheStepUpMaxAge() {
        Instant now = pinnedNow();
        var world = fixture.world();
        String id = SessionApi.requested(fixture, world, 60);

        post(fixture.residentToken(world, now.minusSeconds(301), true), "/" + id + "/approve", Map.of()).statusCode(401)
                .contentType("application/problem+json")
                .body("code", equalTo("step_up_required"))
                .header("WWW-Authenticate", equalTo(CHALLENGE_START
                        + "the login is older than 300 seconds; sign in again\", acr_values=\"mfa\", max_age=300"));

        assertEquals(SessionState.requested, fixture.session(id).state);
        assertEquals(0, fixture.approvals(id).size());
    }

    @Test
    void shouldChallengeAFreshLoginWithoutSecondFactor() {
        var world = fixture.world();
        String id = SessionApi.requested(fixture, world, 60);

        post(fixture.residentToken(world, Instant.now(), false), "/" + id + "/approve", Map.of()).statusCode(401)
                .body("code", equalTo("step_up_required"))
                .header("WWW-Authenticate", equalTo(CHALLENGE_START
                        + "a second factor is required for this decision\", acr_values=\"mfa\", max_age=300"));

        assertEquals(SessionState.requested, fixture.session(id).state);
    }

    @Test
    void shouldRevokeWithoutStepUp() {
        var world = fixture.world();
        String id = SessionApi.approved(fixture, world);
        String oldLoginWithoutMfa = fixture.residentToken(world, Instant.now().minus(Duration.ofHours(2)), false);

        post(oldLoginWithoutMfa, "/" + id + "/revoke", null).statusCode(200).body("state", equalTo("revoked"));

        SupportSession stored = fixture.session(id);
        assertEquals(SessionState.revoked, stored.state);
        assertEquals("revoked by resident", stored.endReason);
        var last = fixture.changesOf(id).getLast();
        assertEquals(SessionState.approved, last.from());
        assertEquals(SessionState.revoked, last.to());
        assertEquals(world.residentSubject(), last.actor());
    }

    @Test
    void shouldDenyAndRecordTheDecision() {
        var world = fixture.world();
        String id = SessionApi.requested(fixture, world, 60);

        post(fixture.residentToken(world), "/" + id + "/deny", null).statusCode(200).body("state", equalTo("denied"));

        assertEquals("denied", fixture.approvals(id).get(0).decision);
    }

    @Test
    void shouldSuspendAndResumeBackToApproved() {
        var world = fixture.world();
        String id = SessionApi.approved(fixture, world);

        post(fixture.residentToken(world), "/" + id + "/suspend", null).statusCode(200).body("state", equalTo("suspended"));
        post(fixture.residentToken(world), "/" + id + "/resume", null).statusCode(200).body("state", equalTo("approved"));
    }

    @Test
    void shouldLetTheTechnicianCancelARequestAndEndASession() {
        var world = fixture.world();
        String requested = SessionApi.requested(fixture, world, 30);
        String approved = SessionApi.approved(fixture, world);

        post(fixture.technicianToken(world), "/" + requested + "/cancel", null).statusCode(200)
                .body("state", equalTo("cancelled"));
        post(fixture.technicianToken(world), "/" + approved + "/end", null).statusCode(200)
                .body("state", equalTo("ended")).body("endReason", equalTo("ended by technician"));
    }

    @Test
    void shouldRefuseAnInvalidTransitionWithConflict() {
        var world = fixture.world();
        String id = SessionApi.requested(fixture, world, 30);

        post(fixture.residentToken(world), "/" + id + "/revoke", null).statusCode(409)
                .body("code", equalTo("invalid_transition"))
                .body("detail", equalTo("a requested session cannot become revoked"));
    }

    @Test
    void shouldHideResidentAsSessionsFromResidentB() {
        var world = fixture.world();
        var other = fixture.world();
        String id = SessionApi.requested(fixture, world, 30);
        String residentB = fixture.residentToken(other);

        get(residentB, "/" + id).statusCode(404).body("code", equalTo("not_found"));
        post(residentB, "/" + id + "/approve", Map.of()).statusCode(404).body("code", equalTo("not_found"));
        post(residentB, "/" + id + "/deny", null).statusCode(404).body("code", equalTo("not_found"));
        get(residentB, "?state=requested").statusCode(200).body("id", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(id)));

        assertEquals(SessionState.requested, fixture.session(id).state);
        assertEquals(1, fixture.changesOf(id).size());
    }

    @Test
    void shouldNotLetTechnicianBActOnTechnicianAsSession() {
        var world = fixture.world();
        String id = SessionApi.approved(fixture, world);
        String technicianB = tokens.technician(Tokens.unique("tech-b"), world.org());

        get(technicianB, "/" + id).statusCode(404).body("code", equalTo("not_found"));
        post(technicianB, "/" + id + "/end", null).statusCode(404).body("code", equalTo("not_found"));
        post(technicianB, "/" + id + "/escalations",
                Map.of("scope", SessionRequestTest.scope("thermostat-1", "config.write"), "reason", "more"))
                .statusCode(404).body("code", equalTo("not_found"));

        assertEquals(SessionState.approved, fixture.session(id).state);
    }

    @Test
    void shouldLetOpsReadButNotAct() {
        var world = fixture.world();
        String id = SessionApi.approved(fixture, world);
        String ops = tokens.ops(Tokens.unique("ops"));

        get(ops, "/" + id).statusCode(200).body("state", equalTo("approved"));
        post(ops, "/" + id + "/revoke", null).statusCode(403).body("code", equalTo("forbidden"));
        post(fixture.technicianToken(world), "/" + id + "/revoke", null).statusCode(403).body("code", equalTo("forbidden"));

        assertEquals(SessionState.approved, fixture.session(id).state);
    }

    @Test
    void shouldListTheCallersSessionsFilteredByEffectiveState() {
        var world = fixture.world();
        String requested = SessionApi.requested(fixture, world, 30);
        String approved = SessionApi.approved(fixture, world);

        get(fixture.residentToken(world), "").statusCode(200).body("id", containsInAnyOrder(requested, approved));
        get(fixture.residentToken(world), "?state=approved").statusCode(200).body("id", containsInAnyOrder(approved));
        get(fixture.technicianToken(world), "?state=requested").statusCode(200).body("id", containsInAnyOrder(requested));
        get(fixture.residentToken(world), "?state=open").statusCode(400).body("code", equalTo("invalid_state"));
    }

    @Test
    void shouldAnswerUnknownFieldsInAnApprovalWithABadRequest() {
        var world = fixture.world();
        String id = SessionApi.requested(fixture, world, 30);

        post(fixture.residentToken(world), "/" + id + "/approve", Map.of("forever", true)).statusCode(400)
                .body("code", equalTo("unknown_field"));
        post(fixture.residentToken(world), "/" + id + "/approve", Map.of("reveal", List.of("everything"))).statusCode(400)
                .body("code", equalTo("malformed_body"));
        assertEquals(SessionState.requested, fixture.session(id).state);
    }

    /** Pins the gateway clock to a whole second (auth_time has second precision). */
    private Instant pinnedNow() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        clock.pin(now);
        return now;
    }
}
