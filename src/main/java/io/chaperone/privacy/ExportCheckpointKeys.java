package io.chaperone.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.quarkus.arc.DefaultBean;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The public keys that verify the checkpoints in an export ({@code "checkpointKeys"}, a JWK set). The
 * integrity feature provides the real one; until then the set is empty.
 */
public interface ExportCheckpointKeys {

    Uni<JsonNode> jwks();

    @DefaultBean
    @ApplicationScoped
    class None implements ExportCheckpointKeys {
        @Override
        public Uni<JsonNode> jwks() {
            JsonNode empty = JsonNodeFactory.instance.objectNode().set("keys", JsonNodeFactory.instance.arrayNode());
            return Uni.createFrom().item(empty);
        }
    }
}
