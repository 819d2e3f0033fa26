package io.chaperone.trust;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.lang.UnresolvableKeyException;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The connect-ticket JWT format: what is signed at issue and what is checked at redemption.
 * Verification pins ES256, takes the key only by exact kid from the key ring (never from header
 * URLs or embedded keys), requires our typ/iss/aud, and judges expiry with zero skew.
 */
record ConnectTicketClaims(String jti, String subject, UUID technicianId, UUID sessionId,
                           Instant issuedAt, Instant expiresAt, Optional<String> keyThumbprint) {

    static final String TYP = "chaperone-ct+jwt";
    static final String AUDIENCE = "chaperone-connect";

    JwtClaims toJwt(String issuer) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setAudience(AUDIENCE);
        claims.setSubject(subject);
        claims.setClaim("tech", technicianId.toString());
        claims.setClaim("sid", sessionId.toString());
        claims.setJwtId(jti);
        // NumericDate is whole seconds: issue() truncates, so the JWT and connect_tickets agree to the ms.
        claims.setIssuedAt(NumericDate.fromSeconds(issuedAt.getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(expiresAt.getEpochSecond()));
        keyThumbprint.ifPresent(jkt -> claims.setClaim("cnf", Map.of("jkt", jkt)));
        return claims;
    }

    /** Verifies {@code token} at {@code now}; throws {@link TicketRejectedException} otherwise. */
    static ConnectTicketClaims verify(String token, GatewayKeyRing keys, String issuer, Instant now) {
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256)
                .setVerificationKeyResolver((jws, nested) -> keys.verificationKey(jws.getKeyIdHeaderValue())
                        .orElseThrow(() -> new UnresolvableKeyException("unknown kid")))
                .setExpectedType(true, TYP)
                .setExpectedIssuer(true, issuer)
                .setExpectedAudience(true, AUDIENCE)
                .setRequireSubject()
                .setRequireJwtId()
                .setRequireIssuedAt()
                .setRequireExpirationTime()
                .setEvaluationTime(NumericDate.fromMilliseconds(now.toEpochMilli()))
                .setAllowedClockSkewInSeconds(0)
                .build();
        try {
            JwtClaims claims = consumer.processToClaims(token);
            ConnectTicketClaims ticket = from(claims);
            // jose4j compares whole seconds; the ticket is ours, so judge in milliseconds, zero skew.
            if (!now.isBefore(ticket.expiresAt())) {
                throw new TicketRejectedException(TicketFailure.EXPIRED);
            }
            if (ticket.expiresAt().isAfter(ticket.issuedAt().plus(TicketsConfig.MAX_LIFETIME))) {
                throw new TicketRejectedException(TicketFailure.INVALID);
            }
            return ticket;
        } catch (InvalidJwtException e) {
            throw new TicketRejectedException(onlyExpired(e) ? TicketFailure.EXPIRED : TicketFailure.INVALID);
        } catch (MalformedClaimException | IllegalArgumentException e) {
            throw new TicketRejectedException(TicketFailure.INVALID);
        }
    }

    /** Expired and nothing else wrong (the signature was already verified when claims are judged). */
    private static boolean onlyExpired(InvalidJwtException e) {
        return !e.getErrorDetails().isEmpty() && e.getErrorDetails().stream()
                .allMatch(d -> d.getErrorCode() == ErrorCodes.EXPIRED);
    }

    private static ConnectTicketClaims from(JwtClaims claims) throws MalformedClaimException {
        Object cnf = claims.getClaimValue("cnf");
        Optional<String> jkt = Optional.empty();
        if (cnf != null) {
            if (!(cnf instanceof Map<?, ?> map) || !(map.get("jkt") instanceof String bound)) {
                throw new IllegalArgumentException("cnf without jkt");
            }
            jkt = Optional.of(bound);
        }
        return new ConnectTicketClaims(claims.getJwtId(), claims.getSubject(),
                uuid(claims, "tech"), uuid(claims, "sid"),
                Instant.ofEpochMilli(claims.getIssuedAt().getValueInMillis()),
                Instant.ofEpochMilli(claims.getExpirationTime().getValueInMillis()),
                jkt);
    }

    private static UUID uuid(JwtClaims claims, String name) throws MalformedClaimException {
        String value = claims.getStringClaimValue(name);
        if (value == null) {
            throw new IllegalArgumentException("missing " + name);
        }
        return UUID.fromString(value);
    }
}
