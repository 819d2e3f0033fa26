package io.chaperone.household;

import io.chaperone.consent.ConsentFixture;
import io.chaperone.consent.SessionChanged;
import io.chaperone.consent.SessionState;
import io.chaperone.consent.SupportSession;
import io.chaperone.relay.RelayWorld;
import io.chaperone.support.MutableClock;
import io.chaperone.support.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static io.chaperone.relay.RelayWorld.ORIGIN;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** An approval must be used before its start-by deadline (ADR 0020), at the ±1 ms boundary of the app's clock. */
@QuarkusTest
class StartByTest {

    @Inject
    ConsentFixture fixture;
    @Inject
    RelayWorld relay;
    @Inject
    MutableClock clock;

    @AfterEach
    void reset() {
        clock.reset();
        relay.closeAll();
    }

    @Test
    void shouldRefuseTicketAndUpgradeFromTheStartByOnAndLetTheJobExpireTheSession() {
        var world = fixture.world();
        String sid = request(world);
        Instant approvedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        clock.pin(approvedAt);
        approve(world, sid, Map.of("startBy", "PT10M")).statusCode(200)
                .body("startBy", equalTo(approvedAt.plus(Duration.ofMinutes(10)).toString()));
        Instant startBy = fixture.session(sid).startBy;
        assertThat(startBy).isEqualTo(approvedAt.plus(Duration.ofMinutes(10)));
        assertThat(fixture.approvals(sid)).singleElement().satisfies(a -> assertThat(a.startBy).isEqualTo(startBy));

        // 1 ms before the start-by the approval is still usable: a ticket is issued
        clock.pin(startBy.minusMillis(1));
        given().auth().oauth2(fixture.residentToken(world)).get("/api/v1/sessions/{id}", sid).then()
                .body("state", equalTo("approved"));
        String ticket = ticket(world, sid).statusCode(201).extract().path("ticket");

        // At the start-by it is expired: no new ticket, and the ticket already held does not open the socket
        clock.pin(startBy);
        ticket(world, sid).statusCode(409).body("code", equalTo("session_not_connectable"));
        assertThatThrownBy(() -> relay.open("/ws/sessions/" + sid,
                Map.of("Origin", ORIGIN, "Authorization", "Bearer " + ticket)))
                .isInstanceOfSatisfying(WsClient.Refused.class, r -> assertThat(r.status()).isEqualTo(409));
        given().auth().oauth2(fixture.residentToken(world)).get("/api/v1/sessions/{id}", sid).then()
                .body("state", equalTo("expired"));

        // The expiry job makes it durable, with the start-by as its cause, in one event
        await().atMost(Duration.ofSeconds(10)).until(() -> fixture.session(sid).state == SessionState.expired);
        SupportSession expired = fixture.session(sid);
        assertThat(expired.endReason).isEqualTo("start_by");
        assertThat(expired.firstActivatedAt).isNull();
        assertThat(fixture.changesOf(sid).stream().filter(c -> c.to() == SessionState.expired).map(SessionChanged::reason))
                .containsExactly("start_by");
    }

    @Test
    void shouldKeepASessionConnectedBeforeItsStartByUntilItsEnd() {
        var world = fixture.world();
        String sid = request(world);
        Instant approvedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        clock.pin(approvedAt);
        approve(world, sid, Map.of()).statusCode(200);
        Instant startBy = fixture.session(sid).startBy;
        // The default window (chaperone.household.start-by.default)
        assertThat(startBy).isEqualTo(approvedAt.plus(Duration.ofMinutes(15)));

        clock.pin(startBy.minusMillis(1));
        String ticket = ticket(world, sid).statusCode(201).extract().path("ticket");
        WsClient technician = relay.open("/ws/sessions/" + sid, Map.of("Origin", ORIGIN, "Authorization", "Bearer " + ticket));
        technician.await(f -> "session".equals(f.getString("type")));
        await().atMost(Duration.ofSeconds(10)).until(() -> fixture.session(sid).firstActivatedAt != null);

        clock.pin(startBy.plusSeconds(60));
        given().auth().oauth2(fixture.residentToken(world)).get("/api/v1/sessions/{id}", sid).then()
                .body("state", equalTo("active"));
        assertThat(technician.isOpen()).isTrue();
    }

    @Test
    void shouldRefuseAStartByOutsideItsBounds() {
        var world = fixture.world();
        String sid = request(world);
        approve(world, sid, Map.of("startBy", "PT5H")).statusCode(422).body("code", equalTo("start_by_out_of_bounds"));
        approve(world, sid, Map.of("startBy", "PT59S")).statusCode(422).body("code", equalTo("start_by_out_of_bounds"));
        assertThat(fixture.session(sid).state).isEqualTo(SessionState.requested);
        assertThat(fixture.approvals(sid)).isEmpty();
    }

    private String request(ConsentFixture.World world) {
        return given().auth().oauth2(fixture.technicianToken(world)).contentType(ContentType.JSON)
                .body(Map.of("ticketId", world.ticketId(), "hubId", world.hubId(), "templateId", world.templateId(),
                        "durationMinutes", 60, "reason", "start-by test"))
                .post("/api/v1/sessions").then().statusCode(201).extract().path("id");
    }

    private io.restassured.response.ValidatableResponse approve(ConsentFixture.World world, String sid,
                                                                Map<String, Object> body) {
        return given().auth().oauth2(fixture.residentToken(world, clock.instant(), true)).contentType(ContentType.JSON)
                .body(body).post("/api/v1/sessions/{id}/approve", sid).then();
    }

    private io.restassured.response.ValidatableResponse ticket(ConsentFixture.World world, String sid) {
        return given().auth().oauth2(fixture.technicianToken(world)).post("/api/v1/sessions/{id}/tickets", sid).then();
    }
}
