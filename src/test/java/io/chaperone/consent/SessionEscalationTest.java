package io.chaperone.consent;

import io.chaperone.policy.Operation;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static io.chaperone.consent.SessionApi.post;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Escalations: ask within the template, approve with step-up to widen the live scope. */
@QuarkusTest
class SessionEscalationTest {

    @Inject
    ConsentFixture fixture;

    @Test
    void shouldWidenTheScopeAndBumpTheVersionWhenTheResidentApproves() {
        // Given an approved session limited to diag.read on the thermostat
        var world = fixture.world();
        String id = narrowApproved(world);
        Instant expiresAt = fixture.session(id).expiresAt;
        String eid = post(fixture.technicianToken(world), "/" + id + "/escalations",
                Map.of("scope", SessionRequestTest.scope("thermostat-1", "config.write"), "reason", "reset schedule"))
                .statusCode(201).body("state", equalTo("requested")).extract().path("id");

        // When
        post(fixture.residentToken(world), "/" + id + "/escalations/" + eid + "/approve", null).statusCode(200)
                .body("scope.version", equalTo(2))
                .body("escalations", hasSize(1))
                .body("escalations[0].state", equalTo("approved"));

        // Then
        SupportSession stored = fixture.session(id);
        assertEquals(2, stored.scopeVersion);
        assertEquals(true, stored.granted().permits("thermostat-1", Operation.CONFIG_WRITE));
        assertEquals(true, stored.granted().permits("thermostat-1", Operation.DIAG_READ));
        assertEquals(false, stored.granted().permits("camera-1", Operation.CONFIG_WRITE));
        assertEquals(expiresAt, stored.expiresAt);
        var last = fixture.changesOf(id).getLast();
        assertEquals(SessionState.approved, last.from());
        assertEquals(SessionState.approved, last.to());
        assertEquals(2, last.scope().version());
        var approvals = fixture.approvals(id).stream().filter(a -> a.escalationId != null).toList();
        assertEquals(1, approvals.size());
        assertEquals("approved", approvals.get(0).decision);
    }

    @Test
    void shouldRefuseDecidingAnEscalationTwice() {
        var world = fixture.world();
        String id = narrowApproved(world);
        String eid = escalate(world, id);
        post(fixture.residentToken(world), "/" + id + "/escalations/" + eid + "/deny", null).statusCode(200)
                .body("scope.version", equalTo(1)).body("escalations[0].state", equalTo("denied"));

        post(fixture.residentToken(world), "/" + id + "/escalations/" + eid + "/approve", null).statusCode(409)
                .body("code", equalTo("escalation_decided"));

        assertEquals(1, fixture.session(id).scopeVersion);
    }

    @Test
    void shouldRefuseAnEscalationOutsideTheTemplate() {
        var world = fixture.world();
        String id = narrowApproved(world);

        post(fixture.technicianToken(world), "/" + id + "/escalations",
                Map.of("scope", SessionRequestTest.scope("lock-1", "config.write"), "reason", "unlock"))
                .statusCode(422).body("code", equalTo("scope_exceeds_template"));
    }

    @Test
    void shouldRefuseAnEscalationOfASessionNotYetApproved() {
        var world = fixture.world();
        String id = SessionApi.requested(fixture, world, 30);

        post(fixture.technicianToken(world), "/" + id + "/escalations",
                Map.of("scope", SessionRequestTest.scope("thermostat-1", "config.write"), "reason", "more"))
                .statusCode(409).body("code", equalTo("session_not_active"));
    }

    @Test
    void shouldRequireStepUpToApproveAnEscalation() {
        var world = fixture.world();
        String id = narrowApproved(world);
        String eid = escalate(world, id);

        post(fixture.residentToken(world, Instant.now(), false), "/" + id + "/escalations/" + eid + "/approve", null)
                .statusCode(401).body("code", equalTo("step_up_required"));

        assertEquals(1, fixture.session(id).scopeVersion);
    }

    @Test
    void shouldHideAnEscalationOfAnotherSession() {
        var world = fixture.world();
        String id = narrowApproved(world);
        String otherSession = narrowApproved(world);
        String eid = escalate(world, otherSession);

        post(fixture.residentToken(world), "/" + id + "/escalations/" + eid + "/approve", null).statusCode(404)
                .body("code", equalTo("not_found"));
    }

    private String narrowApproved(ConsentFixture.World world) {
        String id = SessionApi.requested(fixture, world, 60);
        post(fixture.residentToken(world), "/" + id + "/approve",
                Map.of("scope", SessionRequestTest.scope("thermostat-1", "diag.read"))).statusCode(200);
        return id;
    }

    private String escalate(ConsentFixture.World world, String id) {
        return post(fixture.technicianToken(world), "/" + id + "/escalations",
                Map.of("scope", SessionRequestTest.scope("thermostat-1", "config.write"), "reason", "reset schedule"))
                .statusCode(201).extract().path("id");
    }
}
