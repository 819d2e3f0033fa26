package io.chaperone.demo;

import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The plaintext credentials of the demo hubs, kept in memory only so that simulated hubs can connect.
 * The database holds only their hashes; the credentials are never logged or printed, and a new one
 * is minted at every start.
 */
@ApplicationScoped
public class DemoHubs {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<UUID, String> credentials = new ConcurrentHashMap<>();

    /** The credential of a demo hub seeded in this run, if any. */
    public Optional<String> credential(UUID hubId) {
        return Optional.ofNullable(credentials.get(hubId));
    }

    /** The demo hubs seeded in this run. */
    public Set<UUID> hubIds() {
        return Set.copyOf(credentials.keySet());
    }

    void remember(UUID hubId, String credential) {
        credentials.put(hubId, credential);
    }

    /** 32 random bytes, base64url without padding. */
    static String newCredential() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** What {@code hubs.credential_hash} stores: lowercase hex SHA-256 of the credential's UTF-8 bytes. */
    public static String hash(String credential) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(credential.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
