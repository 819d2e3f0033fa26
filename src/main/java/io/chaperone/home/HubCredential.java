package io.chaperone.home;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A hub's bearer credential until device certificates replace it: 32 random bytes, base64url without
 * padding. The gateway keeps only {@link #hash()} (lowercase hex SHA-256 of the credential's UTF-8
 * bytes); the plaintext is shown once, at registration. Looking hubs up by hash means no secret is
 * ever compared, so no constant-time comparison is needed.
 */
public record HubCredential(String value, String hash) {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int BYTES = 32;

    public static HubCredential generate() {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        String value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        return new HubCredential(value, hashOf(value));
    }

    public static String hashOf(String credential) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(credential.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Never print the secret: records would otherwise include it in {@code toString()}. */
    @Override
    public String toString() {
        return "HubCredential[hash=" + hash + "]";
    }
}
