package io.chaperone.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chaperone.audit.integrity.AuditChains;
import io.chaperone.audit.integrity.Ed25519Keys;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The export's {@code checkpointKeys}: every Ed25519 key that ever signed a checkpoint, as a JWK set, so
 * an offline verifier can check the bundle's checkpoints (and should pin them against the published JWKS).
 */
@ApplicationScoped
public class StoredCheckpointKeys implements ExportCheckpointKeys {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    AuditChains chains;

    @Override
    public Uni<JsonNode> jwks() {
        return chains.keys().map(keys -> {
            ObjectNode set = JSON.createObjectNode();
            ArrayNode list = set.putArray("keys");
            keys.values().forEach(key -> list.add(JSON.valueToTree(Ed25519Keys.jwk(Ed25519Keys.raw(key)))));
            return set;
        });
    }
}
