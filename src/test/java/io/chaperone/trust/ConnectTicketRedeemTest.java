package io.chaperone.trust;

import io.chaperone.consent.SessionState;
import io.chaperone.support.MutableClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link ConnectTickets#redeem}: single use, zero-skew expiry, binding to session and technician (key binding: DpopRedeemTest). */
@QuarkusTest
class ConnectTicketRedeemTest {


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
    void shouldRedeemOnceAndRefuseReplay() {
        // Given
        var session = session();
        String ticket = issue(session, null);
        String jti = jti(ticket);

        // When
        RedeemedTicket redeemed = redeem(ticket, session.id());

        // Then
        assertEquals(new RedeemedTicket(session.id(), session.technician().id(), session.technician().subject(), jti),
                redeemed);
        Instant usedAt = fixture.record(jti).usedAt;
        assertNotNull(usedAt);
        assertEquals(TicketFailure.REPLAYED, refusal(ticket, session.id()));
        assertEquals(usedAt, fixture.record(jti).usedAt);
    }

    @Test
    void shouldRedeemOneMillisecondBeforeExpiry() {
        var session = session();
        String ticket = issueAtPinnedTime(session);
        clock.pin(expiry(ticket).minusMillis(1));

        RedeemedTicket redeemed = redeem(ticket, session.id());

        assertEquals(session.id(), redeemed.sessionId());
        assertEquals(expiry(ticket).minusMillis(1), fixture.record(jti(ticket)).usedAt);
    }

    @Test
    void shouldRefuseExactlyAtExpiry() {
        var session = session();
        String ticket = issueAtPinnedTime(session);
        clock.pin(expiry(ticket));

        assertEquals(TicketFailure.EXPIRED, refusal(ticket, session.id()));
        assertNull(fixture.record(jti(ticket)).usedAt);
    }

    @Test
    void shouldRefuseOneMillisecondAfterExpiry() {
        var session = session();
        String ticket = issueAtPinnedTime(session);
        clock.pin(expiry(ticket).plusMillis(1));

        assertEquals(TicketFailure.EXPIRED, refusal(ticket, session.id()));
        assertNull(fixture.record(jti(ticket)).usedAt);
    }

    @Test
    void shouldRefuseTicketPresentedForAnotherSession() {
        var session = session();
        var otherSession = fixture.session(session.technician(), SessionState.approved,
                Instant.now().plus(Duration.ofHours(1)));
        String ticket = issue(session, null);

        assertEquals(TicketFailure.WRONG_SESSION, refusal(ticket, otherSession.id()));
        assertNull(fixture.record(jti(ticket)).usedAt);
    }

    @Test
    void shouldRefuseTicketWhoseTechnicianIsNotTheSessionsTechnician() {
        // Given: a validly signed and recorded ticket naming technician B for A's session
        var sessionOfA = session();
        var technicianB = fixture.technician();
        Instant iat = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        var claims = new ConnectTicketClaims(UUID.randomUUID().toString(), technicianB.subject(), technicianB.id(),
                sessionOfA.id(), iat, iat.plusSeconds(30), Optional.empty());
        fixture.record(claims.jti(), sessionOfA.id(), technicianB.id(), iat, iat.plusSeconds(30));
        String ticket = keys.sign(ConnectTicketClaims.TYP, claims.toJwt("https://gateway.chaperone.local"));

        // When / Then
        assertEquals(TicketFailure.WRONG_SESSION, refusal(ticket, sessionOfA.id()));
    }

    @Test
    void shouldRefuseValidlySignedTicketThatWasNeverIssued() {
        var session = session();
        Instant iat = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        var claims = new ConnectTicketClaims(UUID.randomUUID().toString(), session.technician().subject(),
                session.technician().id(), session.id(), iat, iat.plusSeconds(30), Optional.empty());
        String ticket = keys.sign(ConnectTicketClaims.TYP, claims.toJwt("https://gateway.chaperone.local"));

        assertEquals(TicketFailure.INVALID, refusal(ticket, session.id()));
        assertNull(fixture.record(claims.jti()));
    }

    @Test
    void shouldRefuseTicketSignedByUnknownKey() throws Exception {
        var session = session();
        String genuine = issue(session, null);
        EllipticCurveJsonWebKey attacker = SigningKeyFiles.generate();

        String forged = sign(TicketJwt.header(genuine), TicketJwt.claims(genuine), attacker, attacker.getKeyId());

        assertEquals(TicketFailure.INVALID, refusal(forged, session.id()));
        assertNull(fixture.record(jti(genuine)).usedAt);
    }

    @Test
    void shouldRefuseTicketSignedByAnotherKeyUnderTheCurrentKid() throws Exception {
        var session = session();
        String genuine = issue(session, null);

        String forged = sign(TicketJwt.header(genuine), TicketJwt.claims(genuine), SigningKeyFiles.generate(),
                keys.currentKid());

        assertEquals(TicketFailure.INVALID, refusal(forged, session.id()));
        assertNull(fixture.record(jti(genuine)).usedAt);
    }

    @Test
    void shouldRefuseTicketWithAlteredClaims() {
        var session = session();
        var otherSession = fixture.session(SessionState.approved, Instant.now().plus(Duration.ofHours(1)));
        String genuine = issue(session, null);
        Map<String, Object> claims = new java.util.HashMap<>(TicketJwt.claims(genuine));
        claims.put("sid", otherSession.id().toString());
        String[] parts = genuine.split("\\.");

        String tampered = parts[0] + "." + TicketJwt.encode(claims) + "." + parts[2];

        assertEquals(TicketFailure.INVALID, refusal(tampered, otherSession.id()));
        assertNull(fixture.record(jti(genuine)).usedAt);
    }

    @Test
    void shouldRefuseUnsignedTicket() {
        var session = session();
        String genuine = issue(session, null);
        Map<String, Object> header = Map.of("alg", "none", "typ", "chaperone-ct+jwt", "kid", keys.currentKid());

        String unsigned = TicketJwt.encode(header) + "." + genuine.split("\\.")[1] + ".";

        assertEquals(TicketFailure.INVALID, refusal(unsigned, session.id()));
        assertNull(fixture.record(jti(genuine)).usedAt);
    }

    @Test
    void shouldRefuseHmacTicketKeyedWithThePublicKey() {
        var session = session();
        String genuine = issue(session, null);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(org.jose4j.json.JsonUtil.toJson(TicketJwt.claims(genuine)));
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        jws.setHeader("typ", "chaperone-ct+jwt");
        jws.setKeyIdHeaderValue(keys.currentKid());
        jws.setKey(new HmacKey(keys.verificationKey(keys.currentKid()).orElseThrow().getEncoded()));

        String confused = compact(jws);

        assertEquals(TicketFailure.INVALID, refusal(confused, session.id()));
    }

    @Test
    void shouldRefuseTokenOfAnotherTypeSignedByTheGateway() {
        var session = session();
        String genuine = issue(session, null);
        var claims = new java.util.HashMap<>(TicketJwt.claims(genuine));
        claims.put("jti", UUID.randomUUID().toString());

        String wrongTyp = keys.sign("JWT", jwtClaims(claims));
        claims.put("aud", "chaperone");
        String wrongAud = keys.sign(ConnectTicketClaims.TYP, jwtClaims(claims));
        claims.put("aud", "chaperone-connect");
        claims.put("iss", "https://elsewhere.example");
        String wrongIss = keys.sign(ConnectTicketClaims.TYP, jwtClaims(claims));

        assertEquals(TicketFailure.INVALID, refusal(wrongTyp, session.id()));
        assertEquals(TicketFailure.INVALID, refusal(wrongAud, session.id()));
        assertEquals(TicketFailure.INVALID, refusal(wrongIss, session.id()));
        assertEquals(TicketFailure.INVALID, refusal("not.a.jwt", session.id()));
    }

    private SessionFixture.Session session() {
        return fixture.session(SessionState.approved, Instant.now().plus(Duration.ofHours(1)));
    }

    /** Issues with the clock pinned at a millisecond inside a second, so expiry is exactly known. */
    private String issueAtPinnedTime(SessionFixture.Session session) {
        clock.pin(Instant.now().truncatedTo(ChronoUnit.SECONDS).plusMillis(250));
        return issue(session, null);
    }

    private String issue(SessionFixture.Session session, String thumbprint) {
        return fixture.connectTicket(session, Optional.ofNullable(thumbprint));
    }

    private RedeemedTicket redeem(String ticket, UUID sessionId) {
        return tickets.redeem(ticket, sessionId, PresentedProof.NONE).await().atMost(Duration.ofSeconds(10));
    }

    private TicketFailure refusal(String ticket, UUID sessionId) {
        return assertThrows(TicketRejectedException.class, () -> redeem(ticket, sessionId)).failure();
    }

    private static String jti(String ticket) {
        return (String) TicketJwt.claims(ticket).get("jti");
    }

    private static Instant expiry(String ticket) {
        return Instant.ofEpochSecond(((Number) TicketJwt.claims(ticket).get("exp")).longValue());
    }

    private static String sign(Map<String, Object> header, Map<String, Object> claims, EllipticCurveJsonWebKey key,
                               String kid) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(org.jose4j.json.JsonUtil.toJson(claims));
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        jws.setHeader("typ", (String) header.get("typ"));
        jws.setKeyIdHeaderValue(kid);
        jws.setKey(key.getPrivateKey());
        return compact(jws);
    }

    private static String compact(JsonWebSignature jws) {
        try {
            return jws.getCompactSerialization();
        } catch (org.jose4j.lang.JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static org.jose4j.jwt.JwtClaims jwtClaims(Map<String, Object> claims) {
        try {
            return org.jose4j.jwt.JwtClaims.parse(org.jose4j.json.JsonUtil.toJson(claims));
        } catch (org.jose4j.jwt.consumer.InvalidJwtException e) {
            throw new IllegalStateException(e);
        }
    }
}
