package io.chaperone.simulator;

import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The hub's check of a {@code session.open} capability: an ES256 JWT of type {@code hub-capability+jwt} signed
 * by one of the gateway's published keys, for this hub, not expired; it yields the (device, op) pairs the hub
 * will execute for that session, whatever the gateway sends later.
 */
public final class CapabilityVerifier {

    private final JwksVerificationKeyResolver keys;

    /** A session's capability as the hub enforces it. */
    public record Capability(String sid, Set<String> deviceOps, long expiresAtMillis) {
        public boolean permits(String device, String op, long nowMillis) {
            return nowMillis < expiresAtMillis && deviceOps.contains(device + "\u0000" + op);
        }
    }

    public CapabilityVerifier(JsonWebKeySet gatewayKeys) {
        this.keys = new JwksVerificationKeyResolver(gatewayKeys.getJsonWebKeys());
    }

    /** Fetches the gateway's JWKS (at the hub's start; the hub would refresh it on an unknown kid). */
    public static CapabilityVerifier fetch(URI jwks) {
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(jwks)
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return new CapabilityVerifier(new JsonWebKeySet(response.body()));
        } catch (IOException | JoseException e) {
            throw new IllegalStateException("gateway keys not fetched", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fetching gateway keys", e);
        }
    }

    /** The verified capability for {@code sid} on {@code hubId}, or empty when anything does not check out. */
    public Optional<Capability> verify(String jwt, String sid, String hubId, Clock clock) {
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setVerificationKeyResolver(keys)
                .setJwsAlgorithmConstraints(org.jose4j.jwa.AlgorithmConstraints.ConstraintType.PERMIT, "ES256")
                .setExpectedType(true, "hub-capability+jwt")
                .setExpectedAudience("hub:" + hubId)
                .setRequireExpirationTime()
                .setEvaluationTime(NumericDate.fromMilliseconds(clock.millis()))
                .build();
        try {
            JwtClaims claims = consumer.processToClaims(jwt);
            if (!sid.equals(claims.getClaimValueAsString("sid")) || !hubId.equals(claims.getClaimValueAsString("hub"))) {
                return Optional.empty();
            }
            Set<String> pairs = new HashSet<>();
            if (claims.getClaimValue("scope") instanceof List<?> grants) {
                for (Object grant : grants) {
                    if (grant instanceof Map<?, ?> g && g.get("devices") instanceof List<?> devices
                            && g.get("ops") instanceof List<?> ops) {
                        devices.forEach(d -> ops.forEach(o -> pairs.add(d + "\u0000" + o)));
                    }
                }
            }
            return Optional.of(new Capability(sid, Set.copyOf(pairs), claims.getExpirationTime().getValueInMillis()));
        } catch (InvalidJwtException | org.jose4j.jwt.MalformedClaimException e) {
            return Optional.empty();
        }
    }
}
