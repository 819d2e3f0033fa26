package io.chaperone.trust;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.OctetKeyPairJsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.json.JsonUtil;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.HashUtil;
import org.jose4j.lang.JoseException;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A verified DPoP proof (RFC 9449): the RFC 7638 thumbprint of the key that signed it, its {@code jti}
 * for the replay check, and its {@code iat}. {@link #verify} is pure and in memory: header {@code typ}
 * {@code dpop+jwt}, {@code alg} ES256 (P-256 key) or EdDSA (Ed25519 key), a public {@code jwk} that
 * verifies the signature, {@code htm}/{@code htu} equal to the request, {@code iat} within the skew,
 * and, when a ticket is given, {@code ath} = base64url(SHA-256(ticket)).
 */
public record DpopProof(String keyThumbprint, String jti, Instant issuedAt) {

    static final String TYP = "dpop+jwt";
    static final String ALGORITHMS = "ES256 EdDSA";
    private static final int MAX_LENGTH = 4096;
    private static final int MAX_JTI_LENGTH = 128;
    private static final AlgorithmConstraints ALLOWED = new AlgorithmConstraints(
            AlgorithmConstraints.ConstraintType.PERMIT,
            AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256, AlgorithmIdentifiers.EDDSA);

    /** What a proof must name: the request's method and its URL (null when the request's Host is unusable). */
    public record Target(String method, URI uri) {
    }

    /**
     * Verifies {@code compact} for {@code target} at {@code now}; {@code ticket} present requires a
     * matching {@code ath}. Throws {@link TicketRejectedException} with a {@code PROOF_*} failure.
     */
    static DpopProof verify(String compact, Target target, Optional<String> ticket, Instant now, Duration skew) {
        if (compact == null || compact.length() > MAX_LENGTH) {
            throw rejected(TicketFailure.PROOF_INVALID);
        }
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setAlgorithmConstraints(ALLOWED);
            jws.setCompactSerialization(compact);
            PublicJsonWebKey jwk = jws.getJwkHeader();
            if (!TYP.equals(jws.getHeader("typ")) || !fits(jws.getAlgorithmHeaderValue(), jwk)) {
                throw rejected(TicketFailure.PROOF_INVALID);
            }
            jws.setKey(jwk.getPublicKey());
            if (!jws.verifySignature()) {
                throw rejected(TicketFailure.PROOF_INVALID);
            }
            Map<String, Object> claims = JsonUtil.parseJson(jws.getPayload());
            String jti = text(claims, "jti");
            if (jti.isEmpty() || jti.length() > MAX_JTI_LENGTH) {
                throw rejected(TicketFailure.PROOF_INVALID);
            }
            if (!target.method().equals(text(claims, "htm")) || !sameResource(text(claims, "htu"), target.uri())) {
                throw rejected(TicketFailure.PROOF_WRONG_TARGET);
            }
            if (!(claims.get("iat") instanceof Number iatSeconds)) {
                throw rejected(TicketFailure.PROOF_INVALID);
            }
            Instant issuedAt = Instant.ofEpochMilli(Math.round(iatSeconds.doubleValue() * 1000));
            if (issuedAt.isBefore(now.minus(skew)) || issuedAt.isAfter(now.plus(skew))) {
                throw rejected(TicketFailure.PROOF_STALE);
            }
            if (ticket.isPresent() && !accessTokenHash(ticket.get()).equals(claims.get("ath"))) {
                throw rejected(TicketFailure.PROOF_WRONG_TICKET);
            }
            return new DpopProof(jwk.calculateBase64urlEncodedThumbprint(HashUtil.SHA_256), jti, issuedAt);
        } catch (JoseException | IllegalArgumentException | ClassCastException e) {
            throw rejected(TicketFailure.PROOF_INVALID);
        }
    }

    /** RFC 9449 {@code ath}: base64url(SHA-256(ASCII of the token)), no padding. */
    static String accessTokenHash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /**
     * {@code htu} names the same resource as the request: RFC 3986 syntax-based normalisation of scheme,
     * host and default port, query and fragment ignored; {@code ws(s)} counts as {@code http(s)}, since a
     * WebSocket upgrade is an HTTP GET of that URL.
     */
    static boolean sameResource(String htu, URI request) {
        if (request == null) {
            return false;
        }
        try {
            Optional<String> expected = normalized(request);
            return expected.isPresent() && expected.equals(normalized(new URI(htu)));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** Empty for anything that is not an absolute http(s)/ws(s) URL with a host and no user info. */
    private static Optional<String> normalized(URI uri) {
        if (uri.getScheme() == null || uri.getHost() == null || uri.getRawUserInfo() != null) {
            return Optional.empty();
        }
        String scheme = switch (uri.getScheme().toLowerCase(Locale.ROOT)) {
            case "http", "ws" -> "http";
            case "https", "wss" -> "https";
            default -> null;
        };
        if (scheme == null) {
            return Optional.empty();
        }
        int port = uri.getPort() == -1 || uri.getPort() == ("https".equals(scheme) ? 443 : 80) ? -1 : uri.getPort();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return Optional.of(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (port == -1 ? "" : ":" + port) + path);
    }

    /** The header key suits the algorithm, and is only a public key. */
    private static boolean fits(String alg, PublicJsonWebKey jwk) {
        if (jwk == null || alg == null || jwk.getPrivateKey() != null) {
            return false;
        }
        return switch (alg) {
            case AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256 -> jwk instanceof EllipticCurveJsonWebKey ec
                    && EllipticCurves.P_256.equals(ec.getCurveName());
            case AlgorithmIdentifiers.EDDSA -> jwk instanceof OctetKeyPairJsonWebKey okp
                    && OctetKeyPairJsonWebKey.SUBTYPE_ED25519.equals(okp.getSubtype());
            default -> false;
        };
    }

    private static String text(Map<String, Object> claims, String name) {
        if (!(claims.get(name) instanceof String value)) {
            throw rejected(TicketFailure.PROOF_INVALID);
        }
        return value;
    }

    private static TicketRejectedException rejected(TicketFailure failure) {
        return new TicketRejectedException(failure);
    }
}
