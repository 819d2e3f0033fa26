package io.chaperone.signin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * What an OIDC sign-in must remember between the redirect to the provider and the callback: {@code state}, the
 * {@code nonce}, the PKCE verifier, where to go next, whether it is a step-up, and until when. It travels in the
 * cookie {@value #COOKIE} (HttpOnly, SameSite=Lax so the provider's redirect back carries it, Path=/auth/oidc/),
 * HMAC-SHA256-signed with the key every node shares: no server-side store, the callback may land on any node.
 */
public record OidcState(String state, String nonce, String verifier, String next, boolean stepUp, long expiresAt) {

    public static final String COOKIE = "chaperone_oidc";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    static OidcState fresh(String next, boolean stepUp, Instant expiresAt) {
        return new OidcState(random(), random(), random() + random(), next, stepUp, expiresAt.getEpochSecond());
    }

    /** 32 random bytes, base64url. */
    static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return B64.encodeToString(bytes);
    }

    /** The PKCE S256 challenge of the verifier (RFC 7636). */
    String challenge() {
        try {
            return B64.encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    String seal(byte[] key) {
        try {
            String payload = B64.encodeToString(JSON.writeValueAsBytes(this));
            return payload + "." + B64.encodeToString(mac(key, payload));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the sign-in state", e);
        }
    }

    /** The state in a cookie value, when its signature is ours and it has not expired; empty otherwise. */
    static Optional<OidcState> open(String sealed, byte[] key, Instant now) {
        if (sealed == null) {
            return Optional.empty();
        }
        int dot = sealed.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        String payload = sealed.substring(0, dot);
        try {
            byte[] given = Base64.getUrlDecoder().decode(sealed.substring(dot + 1));
            if (!MessageDigest.isEqual(mac(key, payload), given)) {
                return Optional.empty();
            }
            OidcState state = JSON.readValue(Base64.getUrlDecoder().decode(payload), OidcState.class);
            return now.getEpochSecond() < state.expiresAt() ? Optional.of(state) : Optional.empty();
        } catch (IllegalArgumentException | java.io.IOException e) {
            return Optional.empty();
        }
    }

    private static byte[] mac(byte[] key, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
