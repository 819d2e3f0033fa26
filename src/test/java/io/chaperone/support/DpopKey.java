package io.chaperone.support;

import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.OctetKeyPairJsonWebKey;
import org.jose4j.jwk.OkpJwkGenerator;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.HashUtil;
import org.jose4j.lang.JoseException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A client key pair that makes DPoP proofs (RFC 9449) for tests: well-formed ones, and ones with one
 * thing wrong (header, claims, or the key in the header).
 */
public final class DpopKey {

    private final PublicJsonWebKey key;
    private final String alg;

    private DpopKey(PublicJsonWebKey key, String alg) {
        this.key = key;
        this.alg = alg;
    }

    public static DpopKey ec() {
        try {
            return new DpopKey(EcJwkGenerator.generateJwk(EllipticCurves.P256),
                    AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    public static DpopKey ed25519() {
        try {
            return new DpopKey(OkpJwkGenerator.generateJwk(OctetKeyPairJsonWebKey.SUBTYPE_ED25519), AlgorithmIdentifiers.EDDSA);
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RFC 7638 SHA-256 thumbprint of the public key. */
    public String thumbprint() {
        return key.calculateBase64urlEncodedThumbprint(HashUtil.SHA_256);
    }

    /** A proof made now with a fresh jti, bound to {@code ticket} by {@code ath} (none when null). */
    public String proof(String htm, String htu, String ticket) {
        return sign(header(), claims(htm, htu, Instant.now(), UUID.randomUUID().toString(), ticket));
    }

    public Map<String, Object> header() {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("typ", "dpop+jwt");
        header.put("alg", alg);
        header.put("jwk", key.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
        return header;
    }

    public static Map<String, Object> claims(String htm, String htu, Instant iat, String jti, String ticket) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("jti", jti);
        claims.put("htm", htm);
        claims.put("htu", htu);
        claims.put("iat", iat.getEpochSecond());
        if (ticket != null) {
            claims.put("ath", ath(ticket));
        }
        return claims;
    }

    /** Signs {@code claims} under {@code header} (as given: a wrong typ, alg or jwk stays wrong) with this key. */
    public String sign(Map<String, Object> header, Map<String, Object> claims) {
        try {
            JsonWebSignature jws = new JsonWebSignature();
            header.forEach(jws::setHeader);
            jws.setPayload(JsonUtil.toJson(claims));
            jws.setKey(key.getPrivateKey());
            jws.setDoKeyValidation(false);
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RFC 9449 ath of a ticket. */
    public static String ath(String ticket) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(ticket.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
