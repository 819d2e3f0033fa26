package io.chaperone.trust;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Map;

/**
 * {@code GET /.well-known/jwks.json}: the public keys of every {@link PublishedKeySource}, so that
 * hubs and other verifiers can check what the gateway signs. Cached for 60 s only; a verifier
 * that meets an unknown kid (a key rotated in since) fetches the set again.
 */
@Path("/.well-known/jwks.json")
@PermitAll
public class JwksResource {

    @Inject
    Instance<PublishedKeySource> sources;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> jwks() {
        List<Map<String, Object>> keys = sources.stream().flatMap(s -> s.publishedKeys().stream()).toList();
        return Uni.createFrom().item(Response.ok(Map.of("keys", keys)).header("Cache-Control", "max-age=60").build());
    }
}
