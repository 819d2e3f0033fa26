package io.chaperone.consent;

import io.chaperone.support.MutableClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.chaperone.consent.SessionApi.get;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The expiry job and the effective state, driven by the mutable clock. */
@QuarkusTest
class SessionExpiryTest {

    @Inject
    ConsentFixture fixture;
    @Inject
    MutableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void shouldReportExpiredAtExpiresAtAndLetTheJobWriteIt() {
        // Given an approved session whose start-by (ADR 0020) lies beyond its end, so only expiresAt bounds it
        var world = fixture.world();
        String id = SessionApi.requested(fixture, world, 60);
        SessionApi.post(fixture.residentToken(world), "/" + id + "/approve", java.util.Map.of("startBy", "PT2H"))
                .statusCode(200);
        SupportSession approved = fixture.session(id);

        // When the clock stands 1 ms before the deadline, it is still approved
        clock.pin(approved.expiresAt.minusMillis(1));
        get(fixture.residentToken(world), "/" + id).statusCode(200).body("state", equalTo("approved"));
        assertEquals(SessionState.approved, fixture.session(id).state);

        // Then at the deadline it reads expired at once, and the job makes it durable with one event
        clock.pin(approved.expiresAt);
        get(fixture.residentToken(world), "/" + id).statusCode(200).body("state", equalTo("expired"));
        await().atMost(Duration.ofSeconds(10)).until(() -> fixture.session(id).state == SessionState.expired);
        SupportSession expired = fixture.session(id);
        assertEquals("deadline passed", expired.endReason);
        var toExpired = fixture.changesOf(id).stream().filter(c -> c.to() == SessionState.expired).toList();
        assertEquals(1, toExpired.size());
        assertEquals("system", toExpired.get(0).actor());
        assertEquals(SessionState.approved, toExpired.get(0).from());
    }

    @Test
    void shouldExpireARequestNotApprovedWithinItsTtl() {
        var world = fixture.world();
        String id = SessionApi.requested(fixture, world, 30);
        SupportSession requested = fixture.session(id);

        // One millisecond inside the TTL the approval passes (the login is fresh at the pinned time)
        clock.pin(requested.requestExpiresAt.minusMillis(1));
        SessionApi.post(fixture.residentToken(world, clock.instant(), true), "/" + id + "/approve", java.util.Map.of())
                .statusCode(200);
        assertEquals(SessionState.approved, fixture.session(id).state);
        // Exactly at the TTL of another request it is expired: too late to approve, and the job writes it
        String late = SessionApi.requested(fixture, world, 30);
        clock.pin(fixture.session(late).requestExpiresAt);

        SessionApi.post(fixture.residentToken(world, clock.instant(), true), "/" + late + "/approve", java.util.Map.of())
                .statusCode(409)
                .body("code", equalTo("invalid_transition"));
        await().atMost(Duration.ofSeconds(10)).until(() -> fixture.session(late).state == SessionState.expired);
        assertEquals(0, fixture.approvals(late).size());
    }
}
