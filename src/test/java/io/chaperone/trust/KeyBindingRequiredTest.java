package io.chaperone.trust;

import io.chaperone.consent.SessionState;
import io.chaperone.support.DpopKey;
import io.chaperone.support.KeyBindingRequiredProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code chaperone.tickets.require-key-binding=true}: no unbound ticket is minted, and none is redeemed. */
@QuarkusTest
@TestProfile(KeyBindingRequiredProfile.class)
class KeyBindingRequiredTest {

    @Inject
    SessionFixture fixture;
    @Inject
    ConnectTickets tickets;
    @Inject
    GatewayKeyRing keys;

    @Test
    void shouldRefuseToMintAnUnboundTicket() {
        var session = fixture.session(SessionState.approved, Instant.now().plus(Duration.ofHours(1)));

        given().auth().oauth2(fixture.technicianToken(session)).post("/api/v1/sessions/{id}/tickets", session.id())
                .then().statusCode(400).contentType("application/problem+json").body("code", equalTo("key_binding_required"));
        assertEquals(0, fixture.ticketCount(session.id()));
    }

    @Test
    void shouldRefuseToRedeemAnUnboundTicketEvenWithAProof() {
        // Given: an unbound ticket that was recorded (as before the setting was turned on)
        var session = fixture.session(SessionState.approved, Instant.now().plus(Duration.ofHours(1)));
        Instant iat = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        var claims = new ConnectTicketClaims(UUID.randomUUID().toString(), session.technician().subject(),
                session.technician().id(), session.id(), iat, iat.plusSeconds(30), Optional.empty());
        fixture.record(claims.jti(), session.id(), session.technician().id(), iat, iat.plusSeconds(30));
        String ticket = keys.sign(ConnectTicketClaims.TYP, claims.toJwt("https://gateway.chaperone.local"));
        URI socket = URI.create("http://127.0.0.1:8081/ws/sessions/" + session.id());
        var presented = new PresentedProof(List.of(DpopKey.ec().proof("GET", socket.toString(), ticket)),
                new DpopProof.Target("GET", socket));

        // When / Then
        assertEquals(TicketFailure.UNBOUND, assertThrows(TicketRejectedException.class,
                () -> tickets.redeem(ticket, session.id(), presented).await().atMost(Duration.ofSeconds(10))).failure());
        assertNull(fixture.record(claims.jti()).usedAt);
    }
}
