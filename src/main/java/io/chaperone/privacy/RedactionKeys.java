package io.chaperone.privacy;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A session's redaction key: HKDF-SHA-256 (RFC 5869) of the session's data key, with an info string of its own,
 * so it is independent of the key that seals the session's audit details. Every node derives the same key from
 * the same stored (wrapped) data key, so markers stay stable when a session reconnects elsewhere; shredding or
 * erasing the data key ends the redaction key with it (docs/adr/0006-keyed-redaction-markers.md).
 */
@ApplicationScoped
public class RedactionKeys {

    static final int KEY_BYTES = 32;
    private static final byte[] INFO = "chaperone:redaction-key:v1".getBytes(StandardCharsets.UTF_8);
    private static final String HMAC = "HmacSHA256";

    @Inject
    DataKeys keys;

    /**
     * The key of {@code sessionId} (of {@code homeId}), creating the session's data key if it has none yet;
     * empty when the data key is gone (the home was erased or the session shredded). Once per connection.
     */
    public Uni<Optional<byte[]>> forSession(UUID sessionId, UUID homeId) {
        return keys.forSealing(Map.of(sessionId, homeId))
                .map(targets -> targets.get(sessionId).key().map(RedactionKeys::derive));
    }

    static byte[] derive(SecretKey dataKey) {
        return hkdfSha256(dataKey.getEncoded(), INFO);
    }

    /** HKDF-SHA-256 with the all-zero salt (the input is already a uniform random key), one 32-byte block. */
    static byte[] hkdfSha256(byte[] inputKey, byte[] info) {
        try {
            Mac extract = Mac.getInstance(HMAC);
            extract.init(new SecretKeySpec(new byte[KEY_BYTES], HMAC));
            byte[] pseudoRandomKey = extract.doFinal(inputKey);
            Mac expand = Mac.getInstance(HMAC);
            expand.init(new SecretKeySpec(pseudoRandomKey, HMAC));
            expand.update(info);
            expand.update((byte) 1);
            return expand.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is required by every Java platform", e);
        }
    }
}
