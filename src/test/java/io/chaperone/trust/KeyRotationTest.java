package io.chaperone.trust;

import io.chaperone.consent.SessionState;
import io.chaperone.support.MutableClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rotation of the gateway's signing keys and their publication at {@code /.well-known/jwks.json}. */
@QuarkusTest
class KeyRotationTest {

    @Inject
    SessionFixture fixture;
    @Inject
    MutableClock clock;
    @Inject
    ConnectTickets tickets;
    @Inject
    GatewayKeyRing keys;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void shouldSignWithNewKeyAfterRotationAndStillRedeemOlderTicket() {
        // Given
        var session = fixture.session(SessionState.approved, Instant.now().plus(Duration.ofHours(1)));
        String oldKid = keys.currentKid();
        String oldTicket = issue(session);

        // When
        keys.rotateNow();

        // Then
        String newTicket = issue(session);
        String newKid = (String) TicketJwt.header(newTicket).get("kid");
        assertEquals(oldKid, TicketJwt.header(oldTicket).get("kid"));
        assertNotEquals(oldKid, newKid);
        assertEquals(keys.currentKid(), newKid);
        assertEquals(session.id(), tickets.redeem(oldTicket, session.id(), PresentedProof.NONE)
                .await().atMost(Duration.ofSeconds(10)).sessionId());
        assertEquals(session.id(), tickets.redeem(newTicket, session.id(), PresentedProof.NONE)
                .await().atMost(Duration.ofSeconds(10)).sessionId());
        assertTrue(publishedKids().containsAll(Set.of(oldKid, newKid)));
    }

    @Test
    void shouldPublishOnlyPublicEcParametersWithCacheHeader() {
        List<Map<String, Object>> published = given().when().get("/.well-known/jwks.json")
                .then().statusCode(200).contentType(ContentType.JSON)
                .header("Cache-Control", "max-age=60")
                .extract().jsonPath().<Map<String, Object>>getList("keys").stream()
                // the audit checkpoint key (OKP Ed25519) is published beside the ticket keys
                .filter(jwk -> !"OKP".equals(jwk.get("kty"))).toList();

        assertFalse(published.isEmpty());
        for (Map<String, Object> jwk : published) {
            assertEquals(Set.of("kty", "crv", "x", "y", "kid", "alg", "use"), jwk.keySet());
            assertEquals("EC", jwk.get("kty"));
            assertEquals("P-256", jwk.get("crv"));
            assertEquals("ES256", jwk.get("alg"));
            assertEquals("sig", jwk.get("use"));
            assertEquals(43, ((String) jwk.get("x")).length());
            assertEquals(43, ((String) jwk.get("y")).length());
        }
        assertEquals(keys.currentKid(), published.get(0).get("kid"));
    }

    @Test
    void shouldDropRetiredKeyThirtySecondsAfterItsLastTicketExpired() {
        // Given: a fresh key that signs one ticket at T and retires at T
        var session = fixture.session(SessionState.approved, Instant.now().plus(Duration.ofHours(1)));
        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        clock.pin(t);
        keys.rotateNow();
        String retiredKid = keys.currentKid();
        String ticket = issue(session);
        keys.rotateNow();
        Instant lastExpiry = Instant.ofEpochSecond(((Number) TicketJwt.claims(ticket).get("exp")).longValue());

        // When / Then: kept until 30 s after the ticket's expiry, then gone from JWKS and verification
        clock.pin(lastExpiry.plus(GatewayKeyRing.RETENTION_GRACE).minusMillis(1));
        assertTrue(keys.verificationKey(retiredKid).isPresent());
        assertTrue(publishedKids().contains(retiredKid));

        clock.pin(lastExpiry.plus(GatewayKeyRing.RETENTION_GRACE));
        assertFalse(publishedKids().contains(retiredKid));
        assertFalse(keys.verificationKey(retiredKid).isPresent());
        assertTrue(publishedKids().contains(keys.currentKid()));
    }

    @Test
    void shouldNeverInterpretTheKid() {
        assertFalse(keys.verificationKey(null).isPresent());
        assertFalse(keys.verificationKey("").isPresent());
        assertFalse(keys.verificationKey("../../etc/passwd").isPresent());
        assertFalse(keys.verificationKey("' OR 1=1 --").isPresent());
        assertFalse(keys.verificationKey(keys.currentKid().toUpperCase() + " ").isPresent());
    }

    private List<String> publishedKids() {
        return given().when().get("/.well-known/jwks.json").then().statusCode(200)
                .extract().jsonPath().getList("keys.kid");
    }

    private String issue(SessionFixture.Session session) {
        return fixture.connectTicket(session, Optional.empty());
    }
}
