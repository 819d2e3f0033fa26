package io.chaperone.receipt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chaperone.audit.integrity.ChainHash;
import io.chaperone.audit.integrity.CheckpointKey;
import io.chaperone.audit.integrity.Ed25519Keys;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Base64;

/**
 * Receipts are compact JWS (RFC 7515) signed with EdDSA by the gateway's audit checkpoint key (ADR 0022): the key
 * every offline audit check already pins, published in the JWKS and kept for good in {@code audit_checkpoint_keys},
 * so a receipt stays verifiable after the key is replaced.
 */
@ApplicationScoped
public class ReceiptSigning {

    static final String TYPE = "consent-receipt+jws";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64URL_DECODER = Base64.getUrlDecoder();
    private static final String INSERT_KEY = "INSERT INTO audit_checkpoint_keys (key_id, public_key, created_at) "
            + "VALUES ($1, $2, $3) ON CONFLICT (key_id) DO NOTHING";

    @Inject
    CheckpointKey key;
    @Inject
    Pool pool;
    @Inject
    Clock clock;

    private volatile String storedKeyId;

    public String keyId() {
        return key.keyId();
    }

    /** The signing key's public half is stored before the first receipt it signs (a checkpoint may not come first). */
    Uni<Void> keyStored() {
        String kid = key.keyId();
        if (kid.equals(storedKeyId)) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery(INSERT_KEY)
                .execute(Tuple.of(kid, Buffer.buffer(key.publicKeyRaw()), clock.instant().atOffset(ZoneOffset.UTC)))
                .invoke(() -> storedKeyId = kid).replaceWithVoid();
    }

    String sign(ObjectNode payload) {
        ObjectNode header = JSON.createObjectNode().put("alg", "EdDSA").put("kid", key.keyId()).put("typ", TYPE);
        String input = b64(header.toString()) + "." + b64(payload.toString());
        return input + "." + B64URL.encodeToString(key.sign(input.getBytes(StandardCharsets.US_ASCII)));
    }

    static String hashOf(String jws) {
        return "sha256:" + ChainHash.hex(ChainHash.sha256().digest(jws.getBytes(StandardCharsets.US_ASCII)));
    }

    /** Whether {@code jws} is a well-formed receipt JWS signed by {@code publicKey}. */
    static boolean verifies(String jws, PublicKey publicKey) {
        String[] parts = jws.split("\\.", -1);
        if (parts.length != 3) {
            return false;
        }
        try {
            JsonNode header = JSON.readTree(B64URL_DECODER.decode(parts[0]));
            if (!"EdDSA".equals(header.path("alg").asText()) || !TYPE.equals(header.path("typ").asText())) {
                return false;
            }
            byte[] input = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
            return Ed25519Keys.verify(publicKey, input, B64URL_DECODER.decode(parts[2]));
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    static String keyIdOf(String jws) {
        try {
            return JSON.readTree(B64URL_DECODER.decode(jws.substring(0, jws.indexOf('.')))).path("kid").asText(null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static JsonNode payloadOf(String jws) {
        try {
            String[] parts = jws.split("\\.", -1);
            return JSON.readTree(B64URL_DECODER.decode(parts[1]));
        } catch (IOException | RuntimeException e) {
            return JSON.nullNode();
        }
    }

    private static String b64(String json) {
        return B64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
